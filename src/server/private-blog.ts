/**
 * Private blogs (Blogger's "Readers: private"): every public route of a private blog answers only to
 * its signed-in readers and members, and its feeds also to a reader's secret feed key (`?key=…`).
 * Everyone else gets a short page that names nothing of the blog but that it is private. Whatever a
 * private blog sends is `Cache-Control: private, no-store` (no shared cache keeps it) and
 * `X-Robots-Tag: noindex`. Routes that guard themselves are left to do so: the dashboard (its own
 * sessions and policies), the Blogger API (its tokens), uploads (checked by the upload's blog), and the
 * signed links in mail (unsubscribe, confirm, moderate), which act only with their token.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { encode } from 'html-entities';
import type { BlogRow } from '../storage/schema.js';
import type { Services } from '../services.js';
import { isDashboardRequest, sessionToken } from './auth/session-cookie.js';
import { resumeReaderSession } from './routes/comment-session.js';
import { PRIVATE_CACHE_CONTROL } from './serve-page.js';
import { textsFor } from '../render/i18n/translate.js';
import { isRightToLeft } from '../domain/text/direction.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when the answer is about a private blog: the answer must not be cached or indexed. */
    privateAnswer: boolean;
  }
}

/** Routes a private blog leaves open: each guards itself, or shows nothing of the blog. */
const SELF_GUARDED = new Set([
  '/robots.txt',
  '/unsubscribe',
  '/subscribe/confirm',
  '/comments/unsubscribe',
  '/comments/moderate',
  '/.well-known/oauth-authorization-server',
  '/uploads/*',
]);

const FEED_ROUTES = new Set([
  '/feeds/posts/:projection',
  '/feeds/posts/:projection/-/*',
  '/feed.json',
  '/feeds/comments/:projection',
  '/feeds/:postId/comments/:projection',
]);

function isSelfGuarded(route: string): boolean {
  return SELF_GUARDED.has(route) || route.startsWith('/v3/') || route.startsWith('/oauth/') || route.startsWith('/static/');
}

/** The feed key of a feed request (`?key=…`), if it has one. */
function feedKeyOf(request: FastifyRequest, route: string): string | undefined {
  if (!FEED_ROUTES.has(route)) return undefined;
  const key = (request.query as Record<string, unknown> | undefined)?.key;
  return typeof key === 'string' ? key : undefined;
}

/** True when the request's session (if any) is of one of the private blog's readers or members. */
export async function mayReadPrivate(
  request: FastifyRequest,
  reply: FastifyReply,
  services: Pick<Services, 'sessions' | 'members'>,
  blog: BlogRow,
): Promise<boolean> {
  if (!sessionToken(request)) return false;
  if (!request.auth) await resumeReaderSession(request, reply, services);
  return request.auth !== null && (await services.members.readers.mayRead(blog, request.auth.user.id));
}

/** True when the request may see the private blog: a feed key of one of its readers, or a reader's session. */
async function mayRead(
  request: FastifyRequest,
  reply: FastifyReply,
  services: Pick<Services, 'sessions' | 'members'>,
  blog: BlogRow,
  route: string,
): Promise<boolean> {
  const key = feedKeyOf(request, route);
  if (key !== undefined && (await services.members.readers.feedKeyOpens(blog, key))) return true;
  return mayReadPrivate(request, reply, services, blog);
}

/**
 * The page everyone but the blog's readers gets, in the blog's language: it says the blog is private
 * and offers to sign in. HTML strings here are catalogue messages without arguments, escaped by `html`.
 */
export function privateBlogPage(signedIn: boolean, next: string, language = 'en'): string {
  const texts = textsFor(language);
  const dir = isRightToLeft(texts.locale) ? 'rtl' : 'ltr';
  const title = texts.html('private.title').html;
  const action = texts.html(signedIn ? 'private.notReader' : 'private.ifInvited').html;
  return `<!DOCTYPE html>
<html lang="${encode(texts.locale)}" dir="${dir}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${title}</title>
<style>body{font:1.05rem/1.6 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1.25rem;color:#1f2328;background:#fff}a{color:#0b57d0}@media (prefers-color-scheme:dark){body{color:#e6edf3;background:#0d1117}a{color:#79b8ff}}</style></head>
<body><main id="main"><h1>${title}</h1><p>${texts.html('private.onlyInvited').html}</p><p>${action}</p>
<p><a href="/admin/sign-in?next=${encode(encodeURIComponent(next))}">${texts.html('private.signIn').html}</a></p></main></body>
</html>`;
}

/** Registers the gate (after the blog is resolved from the Host) and the private answers' headers. */
export function registerPrivateBlogGate(app: FastifyInstance, services: Pick<Services, 'sessions' | 'members'>): void {
  app.decorateRequest('privateAnswer', false);
  app.addHook('onRequest', async (request, reply) => {
    const blog = request.blog;
    if (blog?.visibility !== 'private' || isDashboardRequest(request)) return;
    const route = request.routeOptions.url ?? '';
    request.privateAnswer = true;
    if (isSelfGuarded(route) || (await mayRead(request, reply, services, blog, route))) return;
    return reply
      .code(403)
      .header('cache-control', 'no-store')
      .type('text/html; charset=utf-8')
      .send(privateBlogPage(request.auth !== null, request.url, blog.language));
  });
  app.addHook('onSend', async (request, reply, payload) => {
    if (!request.privateAnswer) return payload;
    if (reply.statusCode < 300) reply.header('cache-control', PRIVATE_CACHE_CONTROL);
    reply.header('x-robots-tag', 'noindex, nofollow');
    return payload;
  });
}
