/**
 * Cache hits answered first. A GET or HEAD of a public page that is in the page cache, from a reader
 * without a session, is written straight from the stored bytes with the headers stored beside them
 * (security headers, the blog's CSP, caching headers, length) in the app's first onRequest hook: no
 * other hook, handler or reply pipeline runs for it. Anything else — a query string (imported `?p=N`
 * redirects, search), a conditional request (304), a session cookie (a signed-in reader's own or
 * private page), a miss — goes the usual way, which fills the cache for the next reader.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { BlogService } from '../domain/blogs/blog.service.js';
import type { ViewCounter } from '../domain/stats/view-counter.js';
import { SESSION_COOKIE } from './auth/session-cookie.js';
import { countView } from './count-view.js';
import type { OutgoingHttpHeaders } from 'node:http';
import type { CachedPage, PageCache } from './page-cache.js';
import { pageKey } from './serve-page.js';
import { siteOf } from './site.js';

export interface CacheHitDeps {
  blogs: BlogService;
  cache: PageCache;
  viewCounter: ViewCounter;
}

function mayAnswerFromCache(request: FastifyRequest): boolean {
  const { method, url, headers } = request;
  return (
    (method === 'GET' || method === 'HEAD') &&
    !url.includes('?') &&
    !url.startsWith('/admin') &&
    !url.startsWith('/static/') &&
    headers['if-none-match'] === undefined &&
    headers['if-modified-since'] === undefined &&
    !headers.cookie?.includes(`${SESSION_COOKIE}=`)
  );
}

declare module 'fastify' {
  interface FastifyRequest {
    /** A shared page this GET sends, whose headers are kept with it once they are all written. */
    pageToKeep: CachedPage | null;
  }
}

/** Headers of one answer only: the connection's, the date, and any cookie. */
const NOT_KEPT = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'set-cookie']);

const addressed = (request: FastifyRequest) => `${request.protocol}://${request.headers.host ?? ''}`;

export function registerCacheHits(app: FastifyInstance, deps: CacheHitDeps): void {
  app.decorateRequest('pageToKeep', null);
  if (!deps.cache.enabled) return;
  // Every hook and handler has set its headers by now (an onSend hook adds IndieAuth's Link).
  app.addHook('onResponse', (request, reply, done) => {
    const page = request.pageToKeep;
    if (page && !page.headers && reply.statusCode === 200) {
      const headers: OutgoingHttpHeaders = {};
      for (const [name, value] of Object.entries(reply.raw.getHeaders()))
        if (value !== undefined && !NOT_KEPT.has(name)) headers[name] = typeof value === 'number' ? String(value) : value;
      page.headersFor = addressed(request);
      page.headers = headers;
    }
    done();
  });
  app.addHook('onRequest', async (request, reply) => {
    if (!mayAnswerFromCache(request)) return;
    const blog = (await deps.blogs.blogForHost(request.headers.host)) ?? null;
    // The site hook (site.ts) finds it set and does not look again.
    request.blog = blog;
    if (!blog) return;
    const page = deps.cache.get(pageKey(request, siteOf(request, deps.blogs)));
    if (!page?.headers || page.headersFor !== addressed(request)) return;
    if (page.postId && !blog.view_beacon) void countView(request, deps.viewCounter, blog, page.postId);
    reply.hijack();
    reply.raw.writeHead(page.status, page.headers);
    reply.raw.end(page.body);
  });
}
