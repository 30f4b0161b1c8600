/**
 * The blog a request is for (picked by its Host header) and that blog's address, attached to every
 * request before routing.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { BlogService } from '../domain/blogs/blog.service.js';
import { NotFoundError } from '../domain/errors.js';
import type { SiteContext } from '../render/presenters/site.js';
import type { BlogRow } from '../storage/schema.js';

declare module 'fastify' {
  interface FastifyRequest {
    blog: BlogRow | null;
  }
}

export function registerSiteResolution(app: FastifyInstance, blogs: BlogService): void {
  app.decorateRequest('blog', null);
  app.addHook('onRequest', async (request) => {
    if (request.url.startsWith('/static/') || request.blog !== null) return;
    request.blog = (await blogs.blogForHost(request.headers.host)) ?? null;
  });
}

/** The request's blog and origin; a 404 naming no blog when the host is not one of ours. */
export function siteOf(request: FastifyRequest, blogs: BlogService): SiteContext {
  const blog = request.blog;
  if (!blog) throw new NotFoundError('There is no blog at this address.');
  return { blog, origin: siteOrigin(blogs, blog, request.protocol, request.headers.host) };
}

/** The blog's address as the request saw it: its scheme, and the Host header's port unless the default. */
export function siteOrigin(blogs: BlogService, blog: BlogRow, requestProtocol: string, hostHeader: string | undefined): string {
  const hostPort = /:(\d+)$/.exec(hostHeader ?? '')?.[1] ?? '';
  const protocol = requestProtocol === 'https' ? 'https' : 'http';
  const defaultPort = protocol === 'https' ? '443' : '80';
  return blogs.homeUrl(blog, { protocol, port: hostPort === defaultPort ? '' : hostPort });
}
