/**
 * Sends a public HTML page with HTTP caching done right: a page cache keyed by the blog's content
 * version, `ETag` and `Last-Modified` with 304 answers, and `Cache-Control` that lets a CDN keep the
 * page briefly. A view of a post is counted whether or not the page came from the cache.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { countView } from './count-view.js';
import { withBeacon } from './routes/beacon.routes.js';
import type { Services } from '../services.js';
import { pageCacheKey, type PageCache } from './page-cache.js';
import type { SiteContext } from '../render/presenters/site.js';
import type { BlogRow } from '../storage/schema.js';
import { pageText, type PageParts } from '../render/page-parts.js';

export interface RenderedPage {
  /** The page, or its parts (render/page-parts.ts), encoded once with its ETag. */
  html: string | PageParts;
  status?: number;
  /** The post or page shown: its view is counted. */
  postId?: string | null;
}

export const PUBLIC_CACHE_CONTROL = 'public, max-age=0, s-maxage=60, stale-while-revalidate=60';
/** A page sent to a signed-in reader: no shared cache may keep it (nor the session cookie a rotation sets). */
export const PRIVATE_CACHE_CONTROL = 'private, no-store';

export interface ServeMode {
  /** The page is made for this reader alone: rendered afresh, never taken from or put in the cache. */
  personal?: boolean;
  /** The reader is signed in: the (shared) page is sent with PRIVATE_CACHE_CONTROL. */
  private?: boolean;
}

export async function servePage(
  request: FastifyRequest,
  reply: FastifyReply,
  site: SiteContext,
  deps: { cache: PageCache; services: Pick<Services, 'viewCounter'> },
  render: () => Promise<RenderedPage | undefined>,
  mode: ServeMode = {},
): Promise<FastifyReply> {
  // A private blog's pages are never kept in the shared cache: each is rendered for its reader.
  const personal = mode.personal === true || site.blog.visibility === 'private';
  const key = pageKey(request, site);
  let page = personal ? undefined : deps.cache.get(key);
  if (!page) {
    const rendered = await render();
    if (!rendered) {
      reply.callNotFound();
      return reply;
    }
    const html = site.blog.view_beacon && rendered.postId ? withBeacon(pageText(rendered.html), rendered.postId) : rendered.html;
    const status = rendered.status ?? 200;
    page = personal ? deps.cache.entry(html, rendered.postId ?? null, status) : deps.cache.put(key, html, rendered.postId ?? null, status);
  }
  // A blog counted by its beacon is not counted here, so no view counts twice.
  if (page.postId && page.status === 200 && !site.blog.view_beacon)
    void countView(request, deps.services.viewCounter, site.blog, page.postId);
  reply
    .code(page.status)
    .type('text/html; charset=utf-8')
    .header('cache-control', page.status !== 200 ? 'no-store' : personal || mode.private ? PRIVATE_CACHE_CONTROL : PUBLIC_CACHE_CONTROL)
    .header('etag', page.etag)
    .header('last-modified', page.lastModified)
    .header('vary', 'Accept-Encoding');
  if (page.status === 200 && isNotModified(request, page.etag, page.renderedAt)) return reply.code(304).send();
  // The shared page's whole answer is kept with it once sent, for cache hits (cache-hits.ts). A
  // session's cookie is never among its headers (mode.private).
  if (!page.rawHeaders && !personal && !mode.private && page.status === 200 && deps.cache.enabled && request.method === 'GET')
    request.pageToKeep = page;
  return reply.send(page.body);
}

/** A cached page's key: the blog at its current content version, the origin asked for, the URL's page part. */
export function pageKey(request: FastifyRequest, site: SiteContext): string {
  return pageKeyOf(site.blog, site.origin, request.url);
}

export function pageKeyOf(blog: Pick<BlogRow, 'id' | 'updated_at'>, origin: string, url: string): string {
  return `${blog.id}|${blog.updated_at}|${origin}|${pageCacheKey(url)}`;
}

/** RFC 9110 §13.1: If-None-Match wins over If-Modified-Since. */
export function isNotModified(request: FastifyRequest, etag: string, lastModified: number): boolean {
  const inm = request.headers['if-none-match'];
  if (inm !== undefined) {
    return inm.split(',').some((tag) => {
      const t = tag.trim();
      return t === '*' || t === etag || t.replace(/^W\//, '') === etag.replace(/^W\//, '');
    });
  }
  const ims = request.headers['if-modified-since'];
  if (ims) {
    const since = Date.parse(ims);
    return !Number.isNaN(since) && lastModified <= since;
  }
  return false;
}
