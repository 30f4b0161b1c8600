/** For search engines: sitemap.xml (a sitemap index past 1,000 URLs) and robots.txt. */
import type { FastifyInstance } from 'fastify';
import type { Query } from '../../feeds/feed-query.js';
import { ROBOTS_CONTENT_TYPE, robotsTxtOf } from '../../feeds/robots.js';
import { parseSitemapPage, SITEMAP_CONTENT_TYPE } from '../../feeds/sitemap.js';
import type { Services } from '../../services.js';
import { sendDocument } from '../serve-document.js';
import { siteOf } from '../site.js';

export interface SeoDeps {
  services: Pick<Services, 'blogs' | 'sitemaps'>;
}

export function registerSeoRoutes(app: FastifyInstance, deps: SeoDeps): void {
  const { services } = deps;
  const { sitemaps } = services;

  app.get('/sitemap.xml', async (request, reply) => {
    const site = siteOf(request, services.blogs);
    const page = parseSitemapPage(request.query as Query);
    const body = await sitemaps.build(site, page);
    if (body === undefined) {
      reply.callNotFound();
      return reply;
    }
    return sendDocument(request, reply, { body, contentType: SITEMAP_CONTENT_TYPE, lastModified: site.blog.updated_at });
  });

  app.get('/robots.txt', async (request, reply) => {
    const site = siteOf(request, services.blogs);
    return sendDocument(request, reply, {
      body: robotsTxtOf(site),
      contentType: ROBOTS_CONTENT_TYPE,
      lastModified: site.blog.updated_at,
    });
  });
}
