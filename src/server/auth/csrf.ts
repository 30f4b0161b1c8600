/**
 * CSRF protection for every state-changing dashboard request. The token is an HMAC, under the
 * server's SECRET_KEY, of the session's ID (signed in) or of a random cookie (signed out: the sign-in,
 * set-up, reset and sign-up forms). A form sends it as `_csrf`; a script as the `X-CSRF-Token` header.
 * A request without the right token is refused before its handler runs, so nothing changes.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ForbiddenError } from '../../domain/errors.js';
import { isDashboardRequest } from './session-cookie.js';

export const CSRF_COOKIE = 'dastan_csrf';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sign(secret: string, purpose: string, value: string): string {
  return createHmac('sha256', secret).update(`${purpose}:${value}`).digest('base64url');
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export class Csrf {
  constructor(private readonly secret: string) {}

  /** The token for forms on this request's page; sets the signed-out cookie when it is missing. */
  tokenFor(request: FastifyRequest, reply: FastifyReply): string {
    if (request.auth) return sign(this.secret, 'session', request.auth.sessionId);
    let anonymous = request.cookies[CSRF_COOKIE];
    if (!anonymous || !/^[A-Za-z0-9_-]{22,64}$/.test(anonymous)) {
      anonymous = randomBytes(18).toString('base64url');
      request.cookies[CSRF_COOKIE] = anonymous;
      reply.setCookie(CSRF_COOKIE, anonymous, { path: '/', httpOnly: true, sameSite: 'lax', secure: request.protocol === 'https' });
    }
    return sign(this.secret, 'anonymous', anonymous);
  }

  /** True when the request carries a token made for its session (or its signed-out cookie). */
  isValid(request: FastifyRequest): boolean {
    const body = request.body as Record<string, unknown> | undefined;
    return this.isValidToken(request, typeof body === 'object' && body !== null && typeof body._csrf === 'string' ? body._csrf : undefined);
  }

  /** True when `sent` (or else the `X-CSRF-Token` header) is the token of the request's session. */
  isValidToken(request: FastifyRequest, sent: string | undefined): boolean {
    sent ??= typeof request.headers['x-csrf-token'] === 'string' ? request.headers['x-csrf-token'] : undefined;
    if (!sent) return false;
    const expected: string[] = [];
    if (request.auth) {
      expected.push(sign(this.secret, 'session', request.auth.sessionId));
      if (request.previousSessionId) expected.push(sign(this.secret, 'session', request.previousSessionId));
    } else {
      const anonymous = request.cookies[CSRF_COOKIE];
      if (anonymous) expected.push(sign(this.secret, 'anonymous', anonymous));
    }
    return expected.some((token) => sameToken(token, sent));
  }
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route reads a streamed multipart form, whose `_csrf` field is not parsed before the handler:
     * the handler itself checks it (`Csrf.isValidToken`) before it keeps anything of the upload.
     */
    csrfInMultipart?: boolean;
  }
}

/** Refuses any state-changing dashboard request without a valid token (after the body is parsed). */
export function registerCsrfCheck(app: FastifyInstance, csrf: Csrf): void {
  app.addHook('preHandler', async (request) => {
    if (SAFE_METHODS.has(request.method) || !isDashboardRequest(request)) return;
    if (request.routeOptions.config.csrfInMultipart && request.isMultipart()) return;
    if (!csrf.isValid(request)) {
      throw new ForbiddenError(
        'This form has expired or did not come from this site, so nothing was changed. Please go back, reload the page and try again.',
        'csrf',
      );
    }
  });
}
