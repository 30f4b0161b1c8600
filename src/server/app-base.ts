/**
 * What every request meets before a route runs, the same in each of the server's Fastify apps (the
 * readers' app, and the dashboard's and the API's built on first use, server/on-first-use.ts): the
 * options, the error handler, the security headers, the request text rules, the blog of the host, the
 * Origin check, cookies and the dashboard's session and CSRF check, the private-blog gate, IndieAuth's
 * Link header. Registered in this order, which is the order the hooks run in.
 */
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import type { Services } from '../services.js';
import type { Config } from '../config.js';
import { registerErrorHandler, sendError } from './errors.js';
import { registerRequestText } from './form-body.js';
import type { PageCache } from './page-cache.js';
import { registerCacheHits } from './cache-hits.js';
import { registerSiteResolution } from './site.js';
import { registerPrivateBlogGate } from './private-blog.js';
import { registerOriginCheck } from './auth/same-origin.js';
import { registerSecurityHeaders } from './security-headers.js';
import { registerBlogFrameSources } from './frame-sources.js';
import { type Csrf, registerCsrfCheck } from './auth/csrf.js';
import { registerSessions } from './auth/session-cookie.js';
import { registerSetupRedirect } from './setup-redirect.js';
import { registerIndieAuthLinks } from './routes/oauth/oauth.routes.js';
import { SCHEMA_COMPILERS } from './schema-compilers.js';

/** What the apps read of the configuration. */
export type AppConfig = Pick<Config, 'trustProxy' | 'logLevel' | 'pageCacheSeconds'> &
  Partial<Pick<Config, 'secretKey' | 'baseDomain' | 'uploadMaxBytes'>> &
  Partial<Pick<Config, 'importMaxBytes' | 'apiRateLimit'>>;

/** How long a client may take to send a request's headers. */
export const HEADERS_TIMEOUT_MS = 15_000;
export const SERVER_TIMEOUTS = { requestTimeout: 10 * 60_000, keepAliveTimeout: 5_000, connectionTimeout: 2 * 60_000 };

/** Fastify's options, the same for every app of the server (the readers' app adds its HTTP server). */
export function appOptions(config: AppConfig): FastifyServerOptions {
  return {
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    trustProxy: config.trustProxy,
    bodyLimit: 4 * 1024 * 1024,
    routerOptions: { maxParamLength: 2048, ignoreDuplicateSlashes: true },
    return503OnClosing: true,
    schemaController: SCHEMA_COMPILERS,
    // Held and slow connections (slowloris) must not pile up: a request's headers must arrive within
    // 15 s (checked every second), a whole request within 10 minutes (a large import over a slow link
    // fits), an idle kept-alive connection is closed after 5 s and a silent one after 2 minutes.
    // (The server is made with these; Fastify is told them too.)
    ...SERVER_TIMEOUTS,
    // A path whose escapes are not UTF-8 (`/a%FF`): the same 400 page as any other text that is not.
    frameworkErrors: (error, request, reply) => {
      const badUrl = error.code === 'FST_ERR_BAD_URL';
      sendError(
        request,
        reply,
        400,
        badUrl ? 'invalid_utf8' : 'bad_request',
        badUrl ? 'This address is not valid UTF-8 text.' : error.message,
      );
    },
  };
}

export interface BaseParts {
  services: Pick<Services, 'blogs' | 'sessions' | 'setup' | 'members'>;
  cache: PageCache;
  /** The security headers, worked out once (`helmetHeaders`). */
  securityHeaders: readonly [string, string][];
  csrf: Csrf;
  /** Every route (method and URL pattern, HEAD left out) of every app: the authorization and CSRF proofs walk them all. */
  routeTable: { method: string; url: string }[];
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route stands for routes of another app, not its own (on-first-use.ts): left out of the route table. */
    standsFor?: unknown;
  }
}

/** The hooks every request of `app` meets, in order, and the route table's entries of its routes. */
export async function registerBase(app: FastifyInstance, parts: BaseParts): Promise<void> {
  app.addHook('onRoute', (route) => {
    if (route.config?.standsFor !== undefined) return;
    for (const method of [route.method].flat()) if (method !== 'HEAD') parts.routeTable.push({ method, url: route.url });
  });
  registerErrorHandler(app);
  registerCacheHits(app, parts.cache);
  registerSecurityHeaders(app, parts.securityHeaders);
  app.removeContentTypeParser('application/json');
  registerRequestText(app);
  registerSiteResolution(app, parts.services.blogs);
  registerOriginCheck(app);
  registerBlogFrameSources(app);
  await app.register(cookie);
  registerSessions(app, parts.services.sessions);
  registerCsrfCheck(app, parts.csrf);
  registerSetupRedirect(app, parts.services.setup);
  // After the cookie parser: the gate reads the session.
  registerPrivateBlogGate(app, parts.services);
  registerIndieAuthLinks(app);
}
