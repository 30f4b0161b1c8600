/**
 * Starts Dastan: config → database (migrated) → services → app, then listens, runs the scheduler, the
 * cleanup of expired sessions and tokens, and the view counter, and shuts down cleanly (flushing
 * counted views) on SIGINT/SIGTERM.
 */
import type { Config } from './config.js';
import { openMigratedStorage } from './storage/migrator.js';
import { createServices } from './services.js';
import { buildApp } from './server/app.js';
import { loadTheme } from './render/theme.js';
import { SmtpMailer } from './domain/accounts/mailer.js';
import { linkProcesses } from './domain/blogs/cluster-link.js';
import { enterIdleMode, leaveIdleMode, leaveIdleModeWhenBusy } from './server/idle-mode.js';

export async function startServer(config: Config): Promise<{ close(): Promise<void>; url: string }> {
  enterIdleMode();
  try {
    const server = await start(config);
    leaveIdleModeWhenBusy();
    return server;
  } catch (error) {
    leaveIdleMode();
    throw error;
  }
}

/**
 * ioredis's client class. Under tsx the module's named export is there; in the esbuild bundle (what `npm
 * start` runs) the CommonJS module comes in as a default export only, and `.Redis` of the namespace was
 * undefined: every bundled server with REDIS_URL failed to start.
 */
async function loadRedis(): Promise<typeof import('ioredis').Redis> {
  const module = await import('ioredis');
  return (module as Partial<typeof module>).Redis ?? module.default.Redis;
}

async function start(config: Config): Promise<{ close(): Promise<void>; url: string }> {
  const storage = await openMigratedStorage(config.databaseUrl);
  // With REDIS_URL, counted views and the repeat-view memory are shared by every app process.
  // ioredis is loaded only when it is used: it is a good part of the start otherwise.
  const redis = config.redisUrl ? new (await loadRedis())(config.redisUrl, { enableAutoPipelining: true, lazyConnect: true }) : undefined;
  await redis?.connect();
  const services = createServices(storage, config, Date.now, {
    mailer: config.smtpUrl ? new SmtpMailer(config.smtpUrl, config.mailFrom) : undefined,
    views: { redis, onError: (error) => console.error(`views: ${(error as Error).message}`) },
    jobs: { onError: (error, job) => console.error(`job${job ? ` ${job.kind} ${job.id}` : 's'}: ${(error as Error).message}`) },
  });
  // With REDIS_URL, a change on any app process reaches every other's blog lookups at once (cluster-link.ts).
  const subscriber = redis?.duplicate();
  const unlink =
    redis && subscriber
      ? await linkProcesses(services.blogs, redis, subscriber, (e) => console.error(`cluster: ${(e as Error).message}`))
      : undefined;
  const app = await buildApp({ config, services, theme: loadTheme() });
  services.viewCounter.start(config.viewFlushSeconds);
  services.redirects.hits.start(config.viewFlushSeconds);
  services.scheduler.start();
  services.cleanup.start();
  services.viewRollup.start();
  services.jobs.start();
  services.digest.start();
  services.bounces?.start();

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      services.scheduler.stop();
      services.digest.stop();
      services.bounces?.stop();
      services.cleanup.stop();
      services.viewRollup.stop();
      await app.close();
      await services.jobs.stop();
      await services.viewCounter.stop();
      await services.redirects.hits.stop();
      await unlink?.();
      await subscriber?.quit();
      await redis?.quit();
      await storage.close();
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void close().then(() => process.exit(0));
    });
  }
  const address = await app.listen({ port: config.port, host: config.host });
  app.log.info(`Dastan serves on ${address} (open http://${config.baseDomain}:${config.port}/)`);
  return { close, url: address };
}
