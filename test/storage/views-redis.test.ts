/**
 * Several app processes counting together through Redis end with exact totals: two real server
 * processes over one PostgreSQL database and one Redis, loaded with views at once — each reader viewing
 * a post on both processes, so a repeat is recognised across processes — then stopped. And the flush
 * protocol itself: a batch left by a process that died mid-flush is written once, by another process,
 * and a batch written but not yet deleted from Redis is never added twice.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';
import { openStorage, type Storage } from '../../src/storage/database.js';
import { migrateToLatest } from '../../src/storage/migrator.js';
import { RedisViewStore } from '../../src/domain/stats/redis-view-store.js';
import { ViewRepository } from '../../src/storage/repositories/view.repository.js';
import { countKeys } from '../../src/domain/stats/count-keys.js';
import { postPath } from '../../src/domain/blogs/urls.js';
import type { PostRow } from '../../src/storage/schema.js';
import { freePort, startChild, stopAllChildren, waitForPage, type Child } from '../../bench/processes.js';
import { POSTGRES_URL } from '../helpers/databases.js';
import { makeBlog, makePost, servicesFor } from '../helpers/factories.js';
import { BROWSER_UA } from '../helpers/app.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/11';

async function redisReachable(): Promise<boolean> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

const skip = !(await redisReachable()) ? 'no Redis' : !(await postgresReachable()) ? 'no PostgreSQL' : false;
if (skip) console.log(`skipped: ${skip} (the Redis view-counting tests need both)`);

/** A fresh PostgreSQL database (the server processes open it by URL); dropped afterwards. */
async function freshDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `dastan_views_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

/** Sends GETs with at most `concurrency` in flight; resolves with the statuses. */
async function loadViews(
  requests: { port: number; path: string; host: string; address: string; ua: string }[],
  concurrency: number,
): Promise<number[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const statuses: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const r = requests[next++]!;
      statuses.push(
        await new Promise<number>((resolve, reject) => {
          const req = http.get(
            {
              host: '127.0.0.1',
              port: r.port,
              path: r.path,
              agent,
              headers: { host: r.host, 'user-agent': r.ua, 'x-forwarded-for': r.address },
            },
            (res) => {
              res.resume();
              res.on('end', () => resolve(res.statusCode ?? 0));
            },
          );
          req.on('error', reject);
        }),
      );
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
  return statuses;
}

describe('views counted through Redis', { skip }, () => {
  let redis: Redis;
  const prefix = `test:views:${randomBytes(4).toString('hex')}`;

  before(async () => {
    redis = new Redis(REDIS_URL);
  });
  after(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  test('two app processes sharing one Redis and one PostgreSQL end with exact totals', async () => {
    const database = await freshDatabase();
    const children: Child[] = [];
    const dataDir = mkdtempSync(path.join(tmpdir(), 'dastan-views-'));
    let storage: Storage | undefined;
    try {
      storage = openStorage(database.url);
      await migrateToLatest(storage);
      const services = servicesFor(storage);
      const blog = await makeBlog(services, { name: 'counted' });
      const posts: PostRow[] = [];
      for (let i = 0; i < 5; i++) posts.push(await makePost(services, blog));
      // The servers count under their own Redis database, emptied first of any earlier run's keys.
      const leftovers = await redis.keys('dastan:views:*');
      if (leftovers.length > 0) await redis.del(...leftovers);

      const ports = [await freePort(), await freePort()];
      for (const port of ports) {
        const env = {
          ...process.env,
          DATABASE_URL: database.url,
          REDIS_URL,
          PORT: String(port),
          HOST: '127.0.0.1',
          BASE_DOMAIN: 'example.test',
          TRUST_PROXY: 'true',
          LOG_LEVEL: 'warn',
          PAGE_CACHE_SECONDS: '60',
          VIEW_FLUSH_SECONDS: '1',
          SECRET_KEY: 'test-secret-key-that-is-long-enough-to-use',
          DATA_DIR: path.join(dataDir, String(port)),
        };
        delete (env as Record<string, string | undefined>).DASTAN_CONFIG;
        children.push(startChild(['--import', 'tsx', 'src/cli/main.ts', 'serve'], env, ROOT));
      }
      const host = 'counted.example.test';
      await Promise.all(children.map((child, i) => waitForPage(child, ports[i]!, '/', host, 60_000)));

      // 1,500 readers; each views one post on both processes (the second view is a repeat), and a
      // crawler views on both too. Sent interleaved, 40 at a time.
      const READERS = 1500;
      const requests = [];
      for (let r = 0; r < READERS; r++) {
        const address = `10.${(r >> 16) & 255}.${(r >> 8) & 255}.${r & 255}`;
        const p = postPath(posts[r % posts.length]!);
        requests.push({ port: ports[0]!, path: p, host, address, ua: BROWSER_UA });
        requests.push({ port: ports[1]!, path: p, host, address, ua: BROWSER_UA });
        if (r % 10 === 0) requests.push({ port: ports[r % 2]!, path: p, host, address, ua: 'Mozilla/5.0 (compatible; Googlebot/2.1)' });
      }
      const statuses = await loadViews(requests, 40);
      assert.ok(
        statuses.every((s) => s === 200),
        `every request answered 200 (${statuses.filter((s) => s !== 200).length} did not)`,
      );
      // SIGTERM: each process writes what it holds and exits.
      await Promise.all(children.map((c) => c.stop()));

      const views = new ViewRepository(storage.db);
      for (const [i, post] of posts.entries()) assert.equal(await views.totalFor(post.id), READERS / posts.length, `post ${i}`);
      assert.equal(await redis.hlen('dastan:views:pending'), 0, 'nothing left waiting in Redis');
    } finally {
      for (const c of children) await c.stop();
      await stopAllChildren();
      await storage?.close();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('a batch left by a process that died mid-flush is written exactly once', async () => {
    const database = await freshDatabase();
    const storage = openStorage(database.url);
    try {
      await migrateToLatest(storage);
      const services = servicesFor(storage);
      const blog = await makeBlog(services);
      const post = await makePost(services, blog);
      const views = new ViewRepository(storage.db);
      const keys = countKeys({ blogId: blog.id, postId: post.id, at: Date.now(), referrer: 'example.org', device: 'phone' });
      const dying = new RedisViewStore(redis, views, { prefix, staleMs: 0 });
      for (let i = 0; i < 7; i++) await dying.add(`reader-${i}`, keys);
      assert.equal(await dying.add('reader-0', keys), 'repeat', 'a repeat within 30 minutes');
      // Counts wait in the process until pushed to the shared hash (every 250 ms, and at a flush).
      assert.equal(await redis.exists(`${prefix}:pending`), 0, 'not yet pushed');
      await dying.pushCounts();

      // The dying process took the batch (renamed `pending`) and wrote it, then died before deleting it.
      await redis.rename(`${prefix}:pending`, `${prefix}:batch:dead-1`);
      await redis.hset(`${prefix}:inflight`, 'dead-1', String(Date.now() - 120_000));
      const { batchOf } = await import('../../src/domain/stats/count-keys.js');
      const raw = await redis.hgetall(`${prefix}:batch:dead-1`);
      assert.equal(await views.applyBatch(batchOf(Object.entries(raw).map(([k, v]) => [k, Number(v)])), 'dead-1', Date.now()), true);
      // Another that took a batch and died before writing anything.
      for (let i = 10; i < 13; i++) await dying.add(`reader-${i}`, keys);
      await dying.pushCounts();
      await redis.rename(`${prefix}:pending`, `${prefix}:batch:dead-2`);
      await redis.hset(`${prefix}:inflight`, 'dead-2', String(Date.now() - 120_000));
      for (let i = 20; i < 22; i++) await dying.add(`reader-${i}`, keys);
      await dying.pushCounts();

      // Two processes flush at once: each stale batch is claimed by one of them, written once.
      const a = new RedisViewStore(redis, views, { prefix, staleMs: 60_000 });
      const b = new RedisViewStore(redis, views, { prefix, staleMs: 60_000 });
      await Promise.all([a.flush(), b.flush(), a.flush()]);
      assert.equal(await views.totalFor(post.id), 7 + 3 + 2);
      assert.equal(await views.applyBatch(batchOf([[keys[0]!, 5]]), 'dead-1', Date.now()), false, 'a batch is never written twice');
      assert.equal(await views.totalFor(post.id), 12);
      assert.deepEqual(await redis.hgetall(`${prefix}:inflight`), {});
      assert.deepEqual(await redis.keys(`${prefix}:batch:*`), []);
    } finally {
      await storage.close();
      await database.drop();
    }
  });

  test('counts reach Redis exactly once: a failed push is tried again, a resent push is not added twice', async () => {
    const conn = new Redis(REDIS_URL, { lazyConnect: true });
    await conn.connect();
    try {
      const store = new RedisViewStore(conn, undefined as never, { prefix });
      const key = 'p|1|2|2026-11-20';
      for (const reader of ['a', 'b', 'c']) assert.equal(await store.add(`push-${reader}`, [key]), 'counted');
      conn.disconnect();
      await assert.rejects(store.pushCounts(), 'Redis is gone: the push fails and is kept');
      await conn.connect();
      assert.equal(await store.add('push-d', [key]), 'counted');
      await store.pushCounts();
      assert.equal(await redis.hget(`${prefix}:pending`, key), '4');
      // The same push arriving twice (ioredis resends a command whose answer was lost) adds once.
      const scripts = conn as unknown as { dastanPushCounts(...args: (string | number)[]): Promise<number> };
      assert.equal(await scripts.dastanPushCounts(`${prefix}:pending`, `${prefix}:pushed:twice`, 60_000, key, 5), 1);
      assert.equal(await scripts.dastanPushCounts(`${prefix}:pending`, `${prefix}:pushed:twice`, 60_000, key, 5), 0);
      assert.equal(await redis.hget(`${prefix}:pending`, key), '9');
      await redis.del(`${prefix}:pending`);
    } finally {
      conn.disconnect();
    }
  });
});
