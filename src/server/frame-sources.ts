/**
 * Per-blog `frame-src` (and the OAuth consent form's `form-action`): the Content-Security-Policy set on
 * every response allows the built-in embed providers; a blog whose owner added providers gets the same policy with their origins added, on its
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

/** `csp` with `sources` added to its `directive` (or a new directive). */
export function withSources(csp: string, directive: string, sources: readonly string[]): string {
  if (sources.length === 0) return csp;
  const directives = csp.split(';').map((d) => d.trim());
  const name = new RegExp(`^${directive}(\\s|$)`, 'i');
  const at = directives.findIndex((d) => name.test(d));
  if (at < 0) directives.push(`${directive} ${sources.join(' ')}`);
  else {
    const present = new Set(directives[at]!.split(/\s+/).slice(1));
    directives[at] = [directives[at], ...sources.filter((o) => !present.has(o))].join(' ');
  }
  return directives.filter((d) => d !== '').join(';');
}

/** `csp` with `origins` added to its `frame-src` directive (or a new one). */
export function withFrameOrigins(csp: string, origins: readonly string[]): string {
  return withSources(csp, 'frame-src', origins);
}

/**
 * Lets this response use stylesheets given as `data:` URLs: a theme preview links its edited stylesheet
 * that way, so the preview needs nothing kept on the server (any app process can answer it).
 */
export function allowDataStylesheets(reply: FastifyReply): void {
  const current = reply.raw.getHeader(CSP);
  if (typeof current === 'string') reply.raw.setHeader(CSP, withSources(current, 'style-src', ['data:']));
}

/**
 * Lets this page's form lead to `address`'s origin: browsers hold the redirect that follows a form's
 * POST to `form-action` too, so the OAuth consent form could not send the person back to the app.
 */
export function allowFormTarget(reply: FastifyReply, address: string): void {
  const current = reply.raw.getHeader(CSP);
  let origin = 'null';
  try {
    origin = new URL(address).origin;
  } catch {
    return;
  }
  if (typeof current === 'string' && /^https?:\/\//.test(origin)) reply.raw.setHeader(CSP, withSources(current, 'form-action', [origin]));
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
