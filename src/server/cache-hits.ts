/**
 * Cache hits answered before Fastify. A GET or HEAD of a public page that is in the page cache, from a
 * reader without a session, is written by the HTTP server's own request listener (ahead of Fastify's)
 * straight from the stored bytes, with the status and the whole header list the route sent the first
 * time (security headers, the blog's CSP, caching headers, length) kept beside them: no Fastify request
 * or reply, no hook, no routing. Anything else — a query string (imported `?p=N` redirects, search), a
 * conditional request (304), a session cookie (a signed-in reader's own or private page), a host not
 * looked up in the last few seconds, a miss, a server closing — goes to Fastify as before, which fills
 * the cache (and the host lookup) for the next reader. A private blog's pages are never in the cache.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { BlogService } from '../domain/blogs/blog.service.js';
import type { BlogRow } from '../storage/schema.js';
import type { ViewCounter } from '../domain/stats/view-counter.js';
import { SESSION_COOKIE } from './auth/session-cookie.js';
import { countView } from './count-view.js';
import type { CachedPage, PageCache } from './page-cache.js';
import { pageKeyOf } from './serve-page.js';
import { siteOrigin } from './site.js';

export interface CacheHitDeps {
  blogs: BlogService;
  cache: PageCache;
  viewCounter: ViewCounter;
  /** TRUST_PROXY: the scheme and client address come from X-Forwarded-Proto and X-Forwarded-For. */
  trustProxy: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** A shared page this GET sends, whose headers are kept with it once they are all written. */
    pageToKeep: CachedPage | null;
  }
}

/** Headers of one answer only: the connection's, the date, and any cookie. */
const NOT_KEPT = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'set-cookie']);
const SESSION_MARK = `${SESSION_COOKIE}=`;

/** The last of a header's comma-separated values, as Fastify reads X-Forwarded-Proto. */
function lastValue(value: string): string {
  return value.slice(value.lastIndexOf(',') + 1).trim();
}

/** The scheme Fastify's `request.protocol` gives for this request. */
function protocolOf(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = req.headers['x-forwarded-proto'];
  if (trustProxy && typeof forwarded === 'string' && forwarded) return lastValue(forwarded);
  return (req.socket as TLSSocket).encrypted ? 'https' : 'http';
}

/** The client's address as Fastify's `request.ip` gives it: with every proxy trusted, the first X-Forwarded-For entry. */
function addressOf(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = req.headers['x-forwarded-for'];
  if (trustProxy && typeof forwarded === 'string') {
    const first = forwarded.split(',').find((entry) => entry.trim() !== '');
    if (first !== undefined) return first.trim();
  }
  return req.socket.remoteAddress ?? '';
}

/** A page found for one scheme, Host header and URL, and what it was found through. */
interface Hit {
  page: CachedPage;
  blog: BlogRow;
  /** Until when (ms, the page cache's clock) the page holds. */
  pageUntil: number;
  /** Until when (ms, the blog service's clock) the host lookup holds. */
  hostUntil: number;
  /** The host lookups' generation it was found in: a change to any blog moves it. */
  generation: number;
}

/** Hits are forgotten wholesale past this many (a flood of distinct URLs must not hold evicted pages). */
const MOST_HITS = 10_000;

/**
 * The hits found lately, by scheme and then by the Host header as sent followed by the URL (a valid
 * host has no `/`, so the two cannot run together): a repeat request finds its page with one string and
 * one map lookup, not the normalized host, the origin and the page key.
 */
export class HitIndex {
  private readonly schemes = { http: new Map<string, Hit>(), https: new Map<string, Hit>() };

  constructor(private readonly deps: CacheHitDeps) {}

  /** The answer a request may have from the cache, or undefined when it must go to Fastify. */
  answerFor(req: IncomingMessage): CachedPage | undefined {
    const { method, url = '', headers } = req;
    if (method !== 'GET' && method !== 'HEAD') return undefined;
    if (url.includes('?') || url.startsWith('/admin') || url.startsWith('/static/')) return undefined;
    if (headers['if-none-match'] !== undefined || headers['if-modified-since'] !== undefined) return undefined;
    if (headers.cookie?.includes(SESSION_MARK)) return undefined;
    const { host } = headers;
    if (host === undefined) return undefined;
    const protocol = protocolOf(req, this.deps.trustProxy);
    const hits = protocol === 'https' ? this.schemes.https : protocol === 'http' ? this.schemes.http : undefined;
    const key = host + url;
    let hit = hits?.get(key);
    const { blogs, cache } = this.deps;
    if (hit && (hit.pageUntil <= cache.now() || hit.hostUntil <= blogs.now() || hit.generation !== blogs.hostsGeneration)) {
      hits!.delete(key);
      hit = undefined;
    }
    if (!hit) {
      hit = this.find(protocol, host, url);
      if (!hit) return undefined;
      if (hits && !host.includes('/')) {
        if (hits.size >= MOST_HITS) hits.clear();
        hits.set(key, hit);
      }
    }
    const { page, blog } = hit;
    if (page.postId && !blog.view_beacon) {
      const view = { method, headers, ip: addressOf(req, this.deps.trustProxy) };
      void countView(view, this.deps.viewCounter, blog, page.postId);
    }
    return page;
  }

  /** Looks the page up the long way: the host lookups of the last few seconds, then the page cache. */
  private find(protocol: string, host: string, url: string): Hit | undefined {
    const { blogs, cache } = this.deps;
    const generation = blogs.hostsGeneration;
    const known = blogs.knownHost(host);
    if (!known) return undefined;
    const page = cache.get(pageKeyOf(known.blog, siteOrigin(blogs, known.blog, protocol, host), url));
    // IndieAuth's Link header names the Host asked for: the kept headers serve that scheme and Host only.
    if (!page?.rawHeaders || page.headersFor !== `${protocol}://${host}`) return undefined;
    return { page, blog: known.blog, pageUntil: page.expires, hostUntil: known.until, generation };
  }
}

/**
 * The server's request listener: answers a cache hit itself, hands everything else to Fastify's
 * `handler`. `closing()` is true once the app is closing (Fastify then answers 503 itself).
 */
export function answeringCacheHits(
  deps: CacheHitDeps,
  closing: () => boolean,
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): (req: IncomingMessage, res: ServerResponse) => void {
  if (!deps.cache.enabled) return handler;
  const index = new HitIndex(deps);
  return (req, res) => {
    const page = closing() ? undefined : index.answerFor(req);
    if (!page) return handler(req, res);
    res.writeHead(page.status, page.rawHeaders);
    // Node sends no body to a HEAD request.
    res.end(page.body);
  };
}

const addressed = (request: FastifyRequest) => `${request.protocol}://${request.headers.host ?? ''}`;

/** Keeps, with each shared page a GET sent, the whole header list that answer had (for `answeringCacheHits`). */
export function registerCacheHits(app: FastifyInstance, cache: PageCache): void {
  app.decorateRequest('pageToKeep', null);
  if (!cache.enabled) return;
  // Every hook and handler has set its headers by now (an onSend hook adds IndieAuth's Link).
  app.addHook('onResponse', (request, reply, done) => {
    const page = request.pageToKeep;
    if (page && !page.rawHeaders && reply.statusCode === 200) {
      const list: string[] = [];
      for (const [name, value] of Object.entries(reply.raw.getHeaders())) {
        if (value === undefined || NOT_KEPT.has(name)) continue;
        for (const one of [value].flat()) list.push(name, String(one));
      }
      page.headersFor = addressed(request);
      page.rawHeaders = list;
    }
    done();
  });
}
