/** The theme's stylesheet, served from memory with a year-long cache (its URL carries a content hash). */
import type { FastifyInstance } from 'fastify';
import type { Theme } from '../../render/theme.js';
import { etagOf } from '../page-cache.js';
import { isNotModified } from '../serve-page.js';

export function registerStaticRoutes(app: FastifyInstance, { theme }: { theme: Theme }): void {
  const etag = etagOf(theme.css);
  const started = Math.floor(Date.now() / 1000) * 1000;
  app.get('/static/theme.css', async (request, reply) => {
    reply
      .type('text/css; charset=utf-8')
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('etag', etag)
      .header('last-modified', new Date(started).toUTCString());
    if (isNotModified(request, etag, started)) return reply.code(304).send();
    return reply.send(theme.css);
  });
}
