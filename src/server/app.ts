/**
 * The Fastify application: security headers, host → blog resolution, the routes, one error handler.
 * Built from the parts it is handed; opens no port (the caller listens, tests use `inject`).
 */
import http from 'node:http';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { FastifyHelmetOptions } from '@fastify/helmet';
import type { Config } from '../config.js';
import type { Services } from '../services.js';
import { PageRenderer } from '../render/pages.js';
import type { Theme } from '../render/theme.js';
import { registerErrorHandler, sendError } from './errors.js';
import { registerRequestText } from './form-body.js';
import { PageCache } from './page-cache.js';
import { answeringCacheHits, registerCacheHits } from './cache-hits.js';
import { registerSiteResolution } from './site.js';
import { registerPrivateBlogGate } from './private-blog.js';
import { registerOriginCheck } from './auth/same-origin.js';
import { registerSecurityHeaders } from './security-headers.js';
import { registerReaderRoutes } from './routes/reader.routes.js';
import { registerStaticRoutes } from './routes/static.routes.js';
import { registerFeedRoutes } from './routes/feeds.routes.js';
import { registerSeoRoutes } from './routes/seo.routes.js';
import { registerDashboard } from './routes/dashboard/register-dashboard.js';
import { BundledThemes } from '../render/themes/bundled-themes.js';
import { ThemeRegistry } from '../render/themes/theme-registry.js';
import { THEMES_DIR } from '../render/theme.js';
import { registerThemeAssetRoutes } from './routes/theme-assets.routes.js';
import { registerBlogFrameSources } from './frame-sources.js';
import { BUILT_IN_PROVIDERS, frameOrigins } from '../domain/text/embeds.js';
import { registerCommentRoutes } from './routes/comment.routes.js';
import { registerCommentLinkRoutes } from './routes/comment-links.routes.js';
import { registerSubscribeRoutes } from './routes/subscribe.routes.js';
import { registerTlsAskRoutes } from './routes/tls-ask.routes.js';
import { registerContactRoutes } from './routes/contact.routes.js';
import { registerOwnCommentRoutes } from './routes/own-comment.routes.js';
import { CommentPages } from '../render/comment-pages.js';
import { SharePages } from '../render/share-page.js';
import { BlogIcons } from '../domain/blogs/blog-icon.js';
import { registerShareRoutes } from './routes/share.routes.js';
import { registerOAuthRoutes } from './routes/oauth/oauth.routes.js';
import { registerBeaconRoutes } from './routes/beacon.routes.js';
import { registerBloggerApi } from './routes/api/register-api.js';

export type AppConfig = Pick<Config, 'trustProxy' | 'logLevel' | 'pageCacheSeconds'> &
  Partial<Pick<Config, 'secretKey' | 'baseDomain' | 'uploadMaxBytes'>> &
  Partial<Pick<Config, 'importMaxBytes' | 'apiRateLimit'>>;

export interface AppParts {
  config: AppConfig;
  services: Services;
  theme: Theme;
  /** Engines for the other bundled themes (tests hand in LiquidJS-only ones to compare). */
  bundledThemes?: Partial<Record<string, Theme>>;
}

/** The content security policy and helmet's other headers, for every response. */
export const SECURITY_HEADERS: FastifyHelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      imgSrc: ["'self'", 'https:', 'http:', 'data:'],
      mediaSrc: ["'self'", 'https:'],
      styleSrc: ["'self'"],
      scriptSrc: ["'self'"],
      // The built-in embed providers; a blog's own are added on its pages (frame-sources.ts).
      frameSrc: frameOrigins(BUILT_IN_PROVIDERS),
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'self'"],
    },
  },
  crossOriginEmbedderPolicy: false,
  // Not helmet's "no-referrer": with it Chromium sends `Origin: null` on the dashboard's own form posts,
  // which the Origin check (auth/same-origin.ts) must refuse. "same-origin" names the page only to this
  // site, so other sites still learn nothing.
  referrerPolicy: { policy: 'same-origin' },
  hsts: false,
  // Left out: headers for browsers and plug-ins that no longer exist, which every answer (a cache hit
  // included) paid for in bytes and in Node checking them. `X-XSS-Protection: 0` only turns off an XSS
  // filter no current browser has (Chrome and Edge removed theirs in 2019, Safari later, Firefox never
  // had one); `X-Download-Options: noopen` is for Internet Explorer 8's download dialog (IE is retired);
  // `X-Permitted-Cross-Domain-Policies: none` is for Flash and old Acrobat reading crossdomain.xml
  // (Flash ended in 2020, and with no master policy file at the root — Dastan serves none — such
  // clients allowed no cross-domain reads anyway). The CSP (with frame-ancestors), X-Frame-Options,
  // nosniff and the Referrer-Policy stay.
  xXssProtection: false,
  xDownloadOptions: false,
  xPermittedCrossDomainPolicies: false,
};

/** How long a client may take to send a request's headers. */
export const HEADERS_TIMEOUT_MS = 15_000;
const SERVER_TIMEOUTS = { requestTimeout: 10 * 60_000, keepAliveTimeout: 5_000, connectionTimeout: 2 * 60_000 };

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route (method and URL pattern, HEAD left out): the authorization and CSRF proofs walk them all. */
    routeTable: { method: string; url: string }[];
  }
}

export async function buildApp({ config, services, theme, bundledThemes }: AppParts): Promise<FastifyInstance> {
  const cache = new PageCache(config.pageCacheSeconds);
  const hits = { blogs: services.blogs, cache, viewCounter: services.viewCounter, trustProxy: config.trustProxy };
  let closing = false;
  const app = Fastify({
    // A cache hit is answered by the server's request listener before Fastify sees it (cache-hits.ts).
    serverFactory: (handler) => {
      const server = http.createServer(
        { headersTimeout: HEADERS_TIMEOUT_MS, connectionsCheckingInterval: 1_000 },
        answeringCacheHits(hits, () => closing, handler),
      );
      server.keepAliveTimeout = SERVER_TIMEOUTS.keepAliveTimeout;
      server.requestTimeout = SERVER_TIMEOUTS.requestTimeout;
      server.setTimeout(SERVER_TIMEOUTS.connectionTimeout);
      return server;
    },
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    // One line per request would cost more than the page at this speed; errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: config.trustProxy,
    bodyLimit: 4 * 1024 * 1024,
    routerOptions: { maxParamLength: 2048, ignoreDuplicateSlashes: true },
    return503OnClosing: true,
    // Held and slow connections (slowloris) must not pile up: a request's headers must arrive within
    // 15 s (checked every second), a whole request within 10 minutes (a large import over a slow link
    // fits), an idle kept-alive connection is closed after 5 s and a silent one after 2 minutes.
    // (The server is made above with these; Fastify is told them too.)
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
  });
  const routeTable: { method: string; url: string }[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') routeTable.push({ method, url: route.url });
  });
  registerErrorHandler(app);
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  registerCacheHits(app, cache);
  await registerSecurityHeaders(app, SECURITY_HEADERS);
  app.removeContentTypeParser('application/json');
  registerRequestText(app);

  // Each blog's theme: the bundled ones (the default as handed in) and blogs' own compiled copies.
  const themes = new ThemeRegistry(new BundledThemes(THEMES_DIR, { ...bundledThemes, default: theme }), services.themes);
  const pages = new PageRenderer(themes, (blog) => services.contact.formStamp(blog));
  registerSiteResolution(app, services.blogs);
  registerOriginCheck(app);
  registerBlogFrameSources(app);
  const dashboard = await registerDashboard(app, services, {
    secretKey: config.secretKey,
    baseDomain: config.baseDomain,
    themes,
    uploadMaxBytes: config.uploadMaxBytes,
    importMaxBytes: config.importMaxBytes,
  });
  // After the dashboard: its cookie parser must have run before the gate reads the session.
  registerPrivateBlogGate(app, services);
  registerStaticRoutes(app, { theme });
  registerThemeAssetRoutes(app, { services, themes });
  registerFeedRoutes(app, { services });
  registerSeoRoutes(app, { services });
  registerTlsAskRoutes(app, { blogs: services.blogs });
  registerBeaconRoutes(app, { services });
  registerReaderRoutes(app, { services, pages, cache });
  // The comment form's own pages (awaiting moderation, edit, delete, mail links) in each blog's theme.
  const commentPages = new CommentPages(themes);
  registerCommentRoutes(app, { services, csrf: dashboard.csrf, pages: commentPages });
  registerOwnCommentRoutes(app, { services, csrf: dashboard.csrf, pages: commentPages });
  registerCommentLinkRoutes(app, { services, pages: commentPages });
  registerSubscribeRoutes(app, { subscriptions: services.subscriptions, blogs: services.blogs, pages: commentPages });
  registerContactRoutes(app, { contact: services.contact, proofOfWork: services.proofOfWork, blogs: services.blogs, pages: commentPages });
  registerShareRoutes(app, { blogs: services.blogs, icons: new BlogIcons(services.uploadsDir), pages: new SharePages(themes) });
  registerOAuthRoutes(app, { oauth: services.api.oauth });
  await registerBloggerApi(app, { api: services.api, blogs: services.blogs, reader: services.reader, rateLimit: config.apiRateLimit });
  return app;
}
