/**
 * Theme stylesheets beyond the default one: each bundled theme's (`/static/themes/NAME.css`), and a
 * blog's own (`/static/blog-theme.css`, on the blog's own address: its edited stylesheet followed by its
 * colour and font settings). Both carry their content hash in the URL the pages link, so they are cached
 * for a year; a request for an older hash gets the current stylesheet, revalidated on every use.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ThemeRegistry } from '../../render/themes/theme-registry.js';
import type { Services } from '../../services.js';
import { etagOf } from '../page-cache.js';
import { isNotModified } from '../serve-page.js';
import { sendError } from '../errors.js';

function sendCss(request: FastifyRequest, reply: FastifyReply, css: string, cssPath: string): FastifyReply {
  const etag = etagOf(css);
  const version = new URL(cssPath, 'http://x').searchParams.get('v');
  const current = (request.query as Record<string, unknown>).v === version;
  reply
    .type('text/css; charset=utf-8')
    .header('cache-control', current ? 'public, max-age=31536000, immutable' : 'public, no-cache')
    .header('etag', etag);
  if (isNotModified(request, etag, 0)) return reply.code(304).send();
  return reply.send(css);
}

export function registerThemeAssetRoutes(
  app: FastifyInstance,
  { services, themes }: { services: Pick<Services, 'blogs'>; themes: ThemeRegistry },
): void {
  app.get<{ Params: { file: string } }>('/static/themes/:file', async (request, reply) => {
    const name = /^([a-z0-9-]+)\.css$/.exec(request.params.file)?.[1];
    if (!name || !themes.bundled.has(name)) return sendError(request, reply, 404, 'not_found', 'There is no such stylesheet.');
    const shared = themes.sharedTheme(name);
    return sendCss(request, reply, shared.css, shared.cssPath);
  });

  app.get('/static/blog-theme.css', async (request, reply) => {
    // `/static/` skips the blog lookup every other request gets: this one needs its blog.
    const blog = await services.blogs.blogForHost(request.headers.host);
    if (!blog) return sendError(request, reply, 404, 'not_found', 'There is no blog at this address.');
    const theme = await themes.forBlog(blog);
    return sendCss(request, reply, theme.css, theme.cssPath);
  });
}
