#!/usr/bin/env node
// A server made of the parts PRODUCT.md chose and nothing of Dastan's own: what `npm run bench:memory-floor`
// (bench/memory-floor.ts) reads the idle memory of, beside `dastan serve`'s and a bare node:http server's.
// Usage: node scripts/memory-floor-server.mjs bare|parts|parts-date PORT DATABASE_FILE
// - bare: node:http answering one line;
// - parts: Fastify 5 with its logger (pino) and the plugins `dastan serve` loads at start (cookie, helmet,
//   rate-limit), better-sqlite3 under Kysely, a LiquidJS template (its locale named, as Dastan does, so it
//   asks ICU nothing), one page of a post's title read from the database; the same idle mode as `dastan
//   serve` (dist/server/idle-mode.js: no JIT until busy, the young generation held, six collections
//   once idle);
// - parts-date: the same page with its post's date written by Intl.DateTimeFormat, as every reader page is.
import { setFlagsFromString } from 'node:v8';

const [variant, port, database] = process.argv.slice(2);
if (variant !== 'bare') for (const flag of ['--semi-space-growth-factor=1', '--no-sparkplug', '--no-opt']) setFlagsFromString(flag);

if (variant === 'bare') {
  const http = await import('node:http');
  http
    .createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end('<p>hello</p>');
    })
    .listen(Number(port), '127.0.0.1');
} else {
  const { enterIdleMode, leaveIdleModeWhenBusy } = await import('../dist/server/idle-mode.js');
  enterIdleMode();
  const { default: Fastify } = await import('fastify');
  const { default: cookie } = await import('@fastify/cookie');
  const { default: helmet } = await import('@fastify/helmet');
  const { default: rateLimit } = await import('@fastify/rate-limit');
  const { default: Database } = await import('better-sqlite3');
  const { Kysely, SqliteDialect } = await import('kysely');
  // Bundled, the package's ES module comes as its CommonJS build's namespace: `Liquid` is then on `default`.
  const liquidjs = await import('liquidjs');
  const { Liquid } = liquidjs.Liquid ? liquidjs : liquidjs.default;

  const db = new Kysely({ dialect: new SqliteDialect({ database: new Database(database) }) });
  const liquid = new Liquid({ locale: 'en-US' });
  const template = liquid.parse('<!doctype html><title>{{ title }}</title><h1>{{ title }}</h1><p>{{ date }}</p>');
  const dates = variant === 'parts-date' ? new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' }) : undefined;

  const app = Fastify({ logger: { level: 'warn' } });
  await app.register(cookie);
  await app.register(helmet);
  await app.register(rateLimit, { global: false });
  app.get('/', async (_request, reply) => {
    const post = await db.selectFrom('posts').select(['title', 'published_at']).where('status', '=', 'live').limit(1).executeTakeFirst();
    const date = dates ? dates.format(post?.published_at ?? 0) : '';
    reply.type('text/html; charset=utf-8');
    return liquid.render(template, { title: post?.title ?? '', date });
  });
  await app.listen({ port: Number(port), host: '127.0.0.1' });
  leaveIdleModeWhenBusy();
}
