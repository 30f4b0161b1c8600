/**
 * The second, independent check on state-changing requests (beside the CSRF token): a browser names the
 * page a request comes from in `Origin` (and, in newer browsers, how it relates in `Sec-Fetch-Site`).
 * A POST (or PUT, PATCH, DELETE) whose Origin is another site, or that a browser marks as sent from
 * another site, is refused before it is routed to any handler, so nothing changes. Requests without
 * either header (programs, old browsers) are left to the token check.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ForbiddenError } from '../../domain/errors.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** True when the request's Origin, or else its Sec-Fetch-Site, says it came from another site. */
export function isCrossSite(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (typeof origin === 'string' && origin !== '') {
    // "null" is sent by sandboxed frames and data: pages: never our own forms.
    if (origin === 'null') return true;
    let host: string;
    try {
      host = new URL(origin).host;
    } catch {
      return true;
    }
    // Scheme is not compared: behind a TLS proxy without TRUST_PROXY the server sees http for an https page.
    return host.toLowerCase() !== (request.host ?? '').toLowerCase();
  }
  const site = request.headers['sec-fetch-site'];
  // Each blog is its own site to its readers: a page on one blog's subdomain posts only to its own host.
  return site === 'cross-site' || site === 'same-site';
}

const MAILED_LINK_FORMS = new Set(['/comments/moderate', '/comments/unsubscribe', '/subscribe/confirm']);

/**
 * The pages of the links mailed to moderators, commenters and new followers (`/comments/moderate`,
 * `/comments/unsubscribe`, `/subscribe/confirm`) are sent with `Referrer-Policy: no-referrer`, so their
 * token never leaks; browsers then send `Origin: null` with their own form. The signed, single-use token in the URL is what authorises those posts.
 */
function isMailedLinkForm(request: FastifyRequest): boolean {
  const route = request.routeOptions.url;
  return request.headers.origin === 'null' && MAILED_LINK_FORMS.has(route ?? '');
}

const OAUTH_BACK_CHANNEL = new Set(['/oauth/token', '/oauth/revoke', '/oauth/authorize']);

/** Refuses state-changing requests sent from another site. */
export function registerOriginCheck(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    // The Blogger API (`/v3/`) authenticates by bearer token, never by cookie: another site's page can
    // only act with a token it holds, so cross-site calls are what CORS clients are meant to make.
    // One-click unsubscribe (RFC 8058) is posted by mail providers, from anywhere; the signed token in
    // its URL is the authority, and all it can do is stop mail.
    // The OAuth back channel (token, revocation, IndieAuth's code redemption) reads no cookie: the code
    // and its PKCE verifier, a refresh token or the app's credentials are the authority, and apps in a
    // browser call it from their own origin by design.
    if (
      SAFE_METHODS.has(request.method) ||
      request.url.startsWith('/v3/') ||
      OAUTH_BACK_CHANNEL.has(request.routeOptions.url ?? '') ||
      request.routeOptions.url === '/unsubscribe' ||
      isMailedLinkForm(request) ||
      !isCrossSite(request)
    )
      return;
    throw new ForbiddenError(
      'This request came from another site, so nothing was changed. Please open the page on this site and try again.',
      'cross_site',
    );
  });
}
