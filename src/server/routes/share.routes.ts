/**
 * What every blog host serves beside its pages: the fediverse share page (`/share`), the Web Share
 * button's script (`/static/share.js`), and the favicon (`/favicon.ico`).
 */
import type { FastifyInstance } from 'fastify';
import * as z from 'zod';
import type { BlogIcons } from '../../domain/blogs/blog-icon.js';
import type { BlogService } from '../../domain/blogs/blog.service.js';
import { AppError } from '../../domain/errors.js';
import { fediverseShareUrl, parseInstance } from '../../domain/text/fediverse-share.js';
import { SHARE_SCRIPT_SOURCE } from '../../render/share-script.js';
import type { SharePages } from '../../render/share-page.js';
import { blogTexts } from '../../render/i18n/blog-texts.js';
import { readerErrorText } from '../../render/reader-errors.js';
import { parseForm, textField } from '../dashboard-helpers/forms.js';
import { etagOf } from '../page-cache.js';
import { siteOf } from '../site.js';

const shareQuery = z.object({
  url: textField('The address to share', 2000, false),
  title: textField('The title', 500),
  instance: textField('Your server', 300),
});

export function registerShareRoutes(app: FastifyInstance, deps: { blogs: BlogService; icons: BlogIcons; pages: SharePages }): void {
  const { blogs, icons, pages } = deps;

  app.get('/share', async (request, reply) => {
    const site = siteOf(request, blogs);
    const { url, title, instance } = parseForm(shareQuery, request.query);
    // Only this blog's own addresses are shared from its page.
    if (!url.startsWith(`${site.origin}/`)) throw new AppError(400, 'invalid_share', 'Only posts of this blog can be shared from here.');
    let error: string | null = null;
    let shareUrl: string | null = null;
    let host = instance;
    if (instance.trim() !== '') {
      try {
        host = parseInstance(instance);
        shareUrl = fediverseShareUrl(host, title, url);
      } catch (problem) {
        if (!(problem instanceof AppError)) throw problem;
        error = readerErrorText(blogTexts(site.blog), problem);
      }
    }
    const html = await pages.render(site, { url, title, instance: host, error, shareUrl });
    return reply
      .code(error ? 400 : 200)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .send(html);
  });

  const scriptEtag = etagOf(SHARE_SCRIPT_SOURCE);
  app.get('/static/share.js', async (_request, reply) =>
    reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=86400')
      .header('etag', scriptEtag)
      .send(SHARE_SCRIPT_SOURCE),
  );

  app.get('/favicon.ico', async (request, reply) => {
    const blog = await blogs.blogForHost(request.headers.host);
    if (!blog) throw new AppError(404, 'not_found', 'There is no blog at this address.');
    return reply
      .type('image/x-icon')
      .header('cache-control', 'public, max-age=86400')
      .send(await icons.favicon(blog));
  });
}
