/**
 * An in-process app over a real test database, for HTTP tests with Fastify's `inject` (no port opened).
 * `get(host, path)` sends a request as a browser on that blog's host would.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/server/app.js';
import { loadTheme } from '../../src/render/theme.js';
import type { Services } from '../../src/services.js';
import type { Storage } from '../../src/storage/database.js';
import type { TestDatabase } from './databases.js';
import { servicesFor, TEST_BASE_DOMAIN, TestClock } from './factories.js';

export interface TestApp {
  app: FastifyInstance;
  services: Services;
  storage: Storage;
  clock: TestClock;
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
  options: { pageCacheSeconds?: number; clock?: TestClock } = {},
): Promise<TestApp> {
  const storage = await database.open();
  const clock = options.clock ?? new TestClock();
  const services = servicesFor(storage, clock);
  const app = await buildApp({
    config: { trustProxy: false, logLevel: 'silent', pageCacheSeconds: options.pageCacheSeconds ?? 0 },
    services,
    theme: loadTheme(),
  });
  await app.ready();
  return {
    app,
    services,
    storage,
    clock,
    get: (blogName, path, headers = {}) =>
      app.inject({ method: 'GET', url: path, headers: { host: hostOf(blogName), 'user-agent': BROWSER_UA, ...headers } }),
    async close() {
      await app.close();
      await services.viewCounter.stop();
      await storage.close();
    },
  };
}
