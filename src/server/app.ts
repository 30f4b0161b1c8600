/**
 * The Fastify application: security headers, host → blog resolution, the routes, one error handler.
 * Built from the parts it is handed; opens no port (the caller listens, tests use `inject`).
 */
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { FastifyHelmetOptions } from '@fastify/helmet';
import type { Services } from '../services.js';
import { PageRenderer } from '../render/pages.js';
import type { Theme } from '../render/theme.js';
import { acceptMultipartUnread } from './form-body.js';
import { PageCache } from './page-cache.js';
import { answeringCacheHits } from './cache-hits.js';
import { helmetHeaders } from './security-headers.js';
import { Csrf } from './auth/csrf.js';
import { appOptions, HEADERS_TIMEOUT_MS, registerBase, SERVER_TIMEOUTS, type AppConfig, type BaseParts } from './app-base.js';
import { mountOnFirstUse, RoutesOnFirstUse } from './on-first-use.js';
import { API_ROUTES, DASHBOARD_ROUTES } from './on-first-use-routes.js';
import { registerUploadFileRoutes } from './routes/upload-files.routes.js';
import { readerNotFound, registerReaderRoutes } from './routes/reader.routes.js';
import { registerStaticRoutes } from './routes/static.routes.js';
import { registerFeedRoutes } from './routes/feeds.routes.js';
import { registerSeoRoutes } from './routes/seo.routes.js';
import { BundledThemes } from '../render/themes/bundled-themes.js';
import { ThemeRegistry } from '../render/themes/theme-registry.js';
import { THEMES_DIR } from '../render/theme.js';
import { registerThemeAssetRoutes } from './routes/theme-assets.routes.js';
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

export { HEADERS_TIMEOUT_MS } from './app-base.js';

export type { AppConfig } from './app-base.js';

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

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route (method and URL pattern, HEAD left out): the authorization and CSRF proofs walk them all. */
    routeTable: { method: string; url: string }[];
    /** Builds the dashboard's and the API's routes now, not on their first request, so that `routeTable` holds every route. */
    buildEveryRoute(): Promise<void>;
  }
}

export async function buildApp({ config, services, theme, bundledThemes }: AppParts): Promise<FastifyInstance> {
  const cache = new PageCache(config.pageCacheSeconds);
  const hits = { blogs: services.blogs, cache, viewCounter: services.viewCounter, trustProxy: config.trustProxy };
  let closing = false;
  const app = Fastify({
    ...appOptions(config),
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
    // One line per request would cost more than the page at this speed; errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
  });
  const base: BaseParts = {
    services,
    cache,
    securityHeaders: await helmetHeaders(SECURITY_HEADERS),
    // The comment forms' tokens and the dashboard's are one.
    csrf: new Csrf(config.secretKey ?? randomBytes(32).toString('hex')),
    routeTable: [],
  };
  app.decorate('routeTable', base.routeTable);
  // Each blog's theme: the bundled ones (the default as handed in) and blogs' own compiled copies.
  const themes = new ThemeRegistry(new BundledThemes(THEMES_DIR, { ...bundledThemes, default: theme }), services.themes);
  const pages = new PageRenderer(themes, (blog) => services.contact.formStamp(blog));

  /** An app of one tree: the same options and hooks, a miss answered by the readers' 404. */
  const treeApp = async () => {
    const tree = Fastify({
      ...appOptions(config),
      logger: false,
      loggerInstance: config.logLevel === 'silent' ? undefined : app.log,
      logController: new LogController({ disableRequestLogging: true }),
    });
    await registerBase(tree, base);
    tree.setNotFoundHandler(readerNotFound({ services, pages }));
    return tree;
  };
  const dashboard = new RoutesOnFirstUse(DASHBOARD_ROUTES, async () => {
    const [tree, { registerDashboard }] = await Promise.all([treeApp(), import('./routes/dashboard/register-dashboard.js')]);
    await registerDashboard(tree, services, {
      csrf: base.csrf,
      baseDomain: config.baseDomain,
      themes,
      uploadMaxBytes: config.uploadMaxBytes,
      importMaxBytes: config.importMaxBytes,
    });
    return tree;
  });
  const api = new RoutesOnFirstUse(
    API_ROUTES,
    async () => {
      const [tree, { registerBloggerApi }] = await Promise.all([treeApp(), import('./routes/api/register-api.js')]);
      acceptMultipartUnread(tree);
      await registerBloggerApi(tree, { api: services.api, blogs: services.blogs, reader: services.reader, rateLimit: config.apiRateLimit });
      return tree;
    },
    '/v3',
  );
  // First of the hooks: a request of the dashboard or the API meets only its own app's.
  mountOnFirstUse(app, [dashboard, api]);
  app.decorate('buildEveryRoute', async () => {
    await Promise.all([dashboard.app(), api.app()]);
  });
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  await registerBase(app, base);
  acceptMultipartUnread(app);
  // Errors of a route of this app under /admin (tests add one) are drawn by the dashboard, as its own are.
  app.dashboardErrorPage = async (request, reply, status, message) => {
    const draw = (await dashboard.app().catch(() => null))?.dashboardErrorPage;
    return draw ? draw(request, reply, status, message) : false;
  };

  registerStaticRoutes(app, { theme });
  registerUploadFileRoutes(app, { services });
  registerThemeAssetRoutes(app, { services, themes });
  registerFeedRoutes(app, { services });
  registerSeoRoutes(app, { services });
  registerTlsAskRoutes(app, { blogs: services.blogs });
  registerBeaconRoutes(app, { services });
  registerReaderRoutes(app, { services, pages, cache });
  // The comment form's own pages (awaiting moderation, edit, delete, mail links) in each blog's theme.
  const commentPages = new CommentPages(themes);
  registerCommentRoutes(app, { services, csrf: base.csrf, pages: commentPages });
  registerOwnCommentRoutes(app, { services, csrf: base.csrf, pages: commentPages });
  registerCommentLinkRoutes(app, { services, pages: commentPages });
  registerSubscribeRoutes(app, { subscriptions: services.subscriptions, blogs: services.blogs, pages: commentPages });
  registerContactRoutes(app, { contact: services.contact, proofOfWork: services.proofOfWork, blogs: services.blogs, pages: commentPages });
  registerShareRoutes(app, { blogs: services.blogs, icons: new BlogIcons(services.uploadsDir), pages: new SharePages(themes) });
  registerOAuthRoutes(app, { oauth: services.api.oauth });
  return app;
}
