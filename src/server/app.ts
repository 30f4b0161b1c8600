/**
 * The Fastify application: security headers, host → blog resolution, the routes, one error handler.
 * Built from the parts it is handed; opens no port (the caller listens, tests use `inject`).
 */
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import type { FastifyHelmetOptions } from '@fastify/helmet';
import type { Config } from '../config.js';
import type { Services } from '../services.js';
import { PageRenderer } from '../render/pages.js';
import type { Theme } from '../render/theme.js';
import { registerErrorHandler } from './errors.js';
import { PageCache } from './page-cache.js';
import { registerSiteResolution } from './site.js';
import { registerSecurityHeaders } from './security-headers.js';
import { registerReaderRoutes } from './routes/reader.routes.js';
import { registerStaticRoutes } from './routes/static.routes.js';
import { registerFeedRoutes } from './routes/feeds.routes.js';
import { registerSeoRoutes } from './routes/seo.routes.js';
import { registerAdmin } from './admin/register-admin.js';

export type AppConfig = Pick<Config, 'trustProxy' | 'logLevel' | 'pageCacheSeconds'> &
  Partial<Pick<Config, 'secretKey' | 'baseDomain' | 'uploadMaxBytes'>> &
  Partial<Pick<Config, 'importMaxBytes'>>;

export interface AppParts {
  config: AppConfig;
  services: Services;
  theme: Theme;
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
      frameSrc: ['https://www.youtube-nocookie.com', 'https://www.youtube.com', 'https://player.vimeo.com'],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'self'"],
    },
  },
  crossOriginEmbedderPolicy: false,
  hsts: false,
};

export async function buildApp({ config, services, theme }: AppParts): Promise<FastifyInstance> {
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    // One line per request would cost more than the page at this speed; errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: config.trustProxy,
    bodyLimit: 4 * 1024 * 1024,
    routerOptions: { maxParamLength: 2048, ignoreDuplicateSlashes: true },
    return503OnClosing: true,
  });
  registerErrorHandler(app);
  await registerSecurityHeaders(app, SECURITY_HEADERS);
  await app.register(formbody, { bodyLimit: 1024 * 1024 });

  const pages = new PageRenderer(theme);
  const cache = new PageCache(config.pageCacheSeconds);
  registerSiteResolution(app, services.blogs);
  await registerAdmin(app, services, {
    secretKey: config.secretKey,
    baseDomain: config.baseDomain,
    theme,
    uploadMaxBytes: config.uploadMaxBytes,
    importMaxBytes: config.importMaxBytes,
  });
  registerStaticRoutes(app, { theme });
  registerFeedRoutes(app, { services });
  registerSeoRoutes(app, { services });
  registerReaderRoutes(app, { services, pages, cache });
  return app;
}
