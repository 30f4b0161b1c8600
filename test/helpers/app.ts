/**
 * An in-process app over a real test database, for HTTP tests with Fastify's `inject` (no port opened).
 * `get(host, path)` sends a request as a browser on that blog's host would.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/server/app.js';
import { loadTheme } from '../../src/render/theme.js';
import type { ServiceParts, Services } from '../../src/services.js';
import type { Storage } from '../../src/storage/database.js';
import type { TestDatabase } from './databases.js';
import type { MediaFetchLimits } from '../../src/importers/media/fetch-image.js';
import { servicesFor, TEST_BASE_DOMAIN, TestClock } from './factories.js';
import { CapturingMailer } from './mail.js';

export interface TestApp {
  app: FastifyInstance;
  services: Services;
  storage: Storage;
  clock: TestClock;
  /** Every message the app "sent". */
  mail: CapturingMailer;
  /** GET `path` on the blog named `blogName` (its host `NAME.example.test`), or on a full host with a dot. */
  get(blogName: string, path: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';

export function hostOf(blogName: string): string {
  return blogName.includes('.') ? blogName : `${blogName}.${TEST_BASE_DOMAIN}`;
}

export async function startTestApp(
  database: TestDatabase,
  options: {
    pageCacheSeconds?: number;
    clock?: TestClock;
    allowSignup?: boolean;
    trustProxy?: boolean;
    /** The import form's size limit (default 4 MB). */
    importMaxBytes?: number;
    /** Image download limits of imports (tests allow 127.0.0.1). */
    mediaLimits?: MediaFetchLimits;
    parts?: ServiceParts;
    /** Blogger API requests a minute per token (default 600). */
    apiRateLimit?: number;
    /** The install's exceptions to the URL-fetch guard (OUTBOUND_ALLOW); none by default. */
    outboundAllow?: string[];
    /** Where uploads go (default: a fresh temporary folder, removed at close). */
    dataDir?: string;
    /** PRIVATE_BLOG_READERS_MAX (default 100). */
    privateBlogReadersMax?: number;
    /** Adds the test's own routes to the app before it is ready (a route that fails, for the error pages). */
    routes?: (app: FastifyInstance) => void;
    /**
     * Leaves the dashboard's and the API's routes to be built by their first request, as a server does
     * (server/on-first-use.ts). By default they are built at once, so that `app.routeTable` holds every route.
     */
    routesOnFirstUse?: boolean;
  } = {},
): Promise<TestApp> {
  const storage = await database.open();
  const clock = options.clock ?? new TestClock();
  const mail = new CapturingMailer();
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'dastan-test-'));
  const services = servicesFor(storage, clock, {
    ...options.parts,
    allowSignup: options.allowSignup,
    mailer: mail,
    dataDir,
    mediaLimits: options.mediaLimits,
    outboundAllow: options.outboundAllow,
    privateBlogReadersMax: options.privateBlogReadersMax,
  });
  const app = await buildApp({
    config: {
      trustProxy: options.trustProxy ?? false,
      logLevel: (process.env.TEST_LOG as 'error' | undefined) ?? 'silent',
      pageCacheSeconds: options.pageCacheSeconds ?? 0,
      secretKey: 'test-secret-key-that-is-long-enough-to-use',
      baseDomain: TEST_BASE_DOMAIN,
      uploadMaxBytes: 2 * 1024 * 1024,
      importMaxBytes: options.importMaxBytes ?? 4 * 1024 * 1024,
      apiRateLimit: options.apiRateLimit,
    },
    services,
    theme: loadTheme(),
  });
  options.routes?.(app);
  await app.ready();
  if (!options.routesOnFirstUse) await app.buildEveryRoute();
  return {
    app,
    services,
    storage,
    clock,
    mail,
    get: (blogName, path, headers = {}) =>
      app.inject({ method: 'GET', url: path, headers: { host: hostOf(blogName), 'user-agent': BROWSER_UA, ...headers } }),
    async close() {
      await services.importJobs.settled();
      await app.close();
      await services.viewCounter.stop();
      await storage.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
