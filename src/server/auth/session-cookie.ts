/**
 * The session cookie: `HttpOnly` (no script can read it), `SameSite=Lax` (other sites' forms do not
 * carry it), `Secure` when the request came over HTTPS (directly or, with TRUST_PROXY, through a proxy).
 * Dashboard requests get `request.auth`: the signed-in user and session, or null.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ActiveSession, SessionService } from '../../domain/accounts/session.service.js';
import { SESSION_DAYS } from '../../domain/accounts/session.service.js';
import { hashToken } from '../../domain/accounts/tokens.js';

export const SESSION_COOKIE = 'dastan_session';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user of a dashboard request; null when signed out (and on public pages, never loaded). */
    auth: ActiveSession | null;
    /** The session before a rotation in this request: its CSRF tokens still count for this one request. */
    previousSessionId: string | null;
  }
}

function cookieOptions(request: FastifyRequest) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: request.protocol === 'https' };
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions(request), maxAge: SESSION_DAYS * 24 * 60 * 60 });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, cookieOptions(request));
}

export function sessionToken(request: FastifyRequest): string | undefined {
  return request.cookies[SESSION_COOKIE];
}

/** True for the URLs that belong to the dashboard (and so read the session). */
export function isDashboardUrl(url: string): boolean {
  return url === '/admin' || url.startsWith('/admin/') || url.startsWith('/admin?');
}

/**
 * True when the route the router matched is a dashboard route. The router decodes the path and folds
 * doubled slashes (`/%61dmin/sign-in`, `//admin/sign-in`), so the raw URL is no guide to which route runs.
 */
export function isDashboardRequest(request: FastifyRequest): boolean {
  return isDashboardUrl(request.routeOptions.url ?? request.url);
}

/** Loads the session of every dashboard request, rotating its cookie when the session was rotated. */
export function registerSessions(app: FastifyInstance, sessions: SessionService): void {
  app.decorateRequest('auth', null);
  app.decorateRequest('previousSessionId', null);
  app.addHook('onRequest', async (request, reply) => {
    if (!isDashboardRequest(request) || (request.routeOptions.url ?? request.url).startsWith('/admin/static/')) return;
    const token = sessionToken(request);
    const active = await sessions.resume(token);
    request.auth = active ?? null;
    if (active?.newToken && token) {
      request.previousSessionId = hashToken(token);
      setSessionCookie(request, reply, active.newToken);
    }
  });
}
