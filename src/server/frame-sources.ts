/**
 * Per-blog `frame-src`: the Content-Security-Policy set on every response allows the built-in embed
 * providers; a blog whose owner added providers gets the same policy with their origins added, on its
 * own pages (picked by host) and on its dashboard's editor and preview.
 *
 * Kept cheap: a blog with no providers of its own costs one string check; the others' header values are
 * worked out once per set of providers and kept.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { frameOrigins, storedProviders } from '../domain/text/embeds.js';
import type { BlogRow } from '../storage/schema.js';

const CSP = 'content-security-policy';
const headerCache = new Map<string, string>();

/** `csp` with `origins` added to its `frame-src` directive (or a new one). */
export function withFrameOrigins(csp: string, origins: readonly string[]): string {
  if (origins.length === 0) return csp;
  const directives = csp.split(';').map((d) => d.trim());
  const at = directives.findIndex((d) => /^frame-src(\s|$)/i.test(d));
  if (at < 0) directives.push(`frame-src ${origins.join(' ')}`);
  else {
    const present = new Set(directives[at]!.split(/\s+/).slice(1));
    directives[at] = [directives[at], ...origins.filter((o) => !present.has(o))].join(' ');
  }
  return directives.filter((d) => d !== '').join(';');
}

/** Widens the response's policy to the blog's own embed providers (the built-in ones are always there). */
export function allowBlogFrames(reply: FastifyReply, blog: Pick<BlogRow, 'embed_providers'>): void {
  if (blog.embed_providers === '') return;
  const current = reply.raw.getHeader(CSP);
  if (typeof current !== 'string') return;
  const key = `${current}\n${blog.embed_providers}`;
  let widened = headerCache.get(key);
  if (widened === undefined) {
    if (headerCache.size > 1000) headerCache.clear();
    widened = withFrameOrigins(current, frameOrigins(storedProviders(blog.embed_providers)));
    headerCache.set(key, widened);
  }
  reply.raw.setHeader(CSP, widened);
}

/** After the request's blog is known (server/site.ts), its pages allow its embed providers. */
export function registerBlogFrameSources(app: FastifyInstance): void {
  app.addHook('onRequest', (request, reply, done) => {
    if (request.blog) allowBlogFrames(reply, request.blog);
    done();
  });
}
