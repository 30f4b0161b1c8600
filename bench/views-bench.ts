/**
 * The audience figures of `npm run bench`:
 * - view ingestion: counted views per second into one node — the whole counting path (user agent,
 *   salted reader hash, repeat memory, referrer, device, the store) and the flushes to the database —
 *   with the counts in memory and in Redis; every total is checked afterwards (none lost);
 * - the popular-posts query with 1,000,000 daily rows in the database (100 blogs × 100 posts × 100
 *   days; the per-post totals built from them as the migration does), on SQLite and, when reachable,
 *   PostgreSQL — and a blog's first read on a new day, which recomputes its 7- and 30-day sums.
 * A program, not a test: it measures and prints.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { sql } from 'kysely';
import { openStorage, type Storage } from '../src/storage/database.js';
import { migrateToLatest } from '../src/storage/migrator.js';
import { createServices } from '../src/services.js';
import { createViewCounter } from '../src/domain/stats/create-view-counter.js';
import type { CountResult, PageView } from '../src/domain/stats/view-counter.js';
import { ViewRepository } from '../src/storage/repositories/view.repository.js';

const VIEWS = 200_000;
const RUNS = 50;
const POSTS = 100;
const UAS = [
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0',
];
const REFERRERS = [undefined, 'https://www.google.com/', 'https://news.ycombinator.com/item?id=1', undefined, 'https://duckduckgo.com/'];

export interface IngestRow {
  store: string;
  viewsPerSecond: number;
  counted: number;
  expected: number;
}

export interface QueryRow {
  database: string;
  window: string;
  medianMs: number;
  p99Ms: number;
}

/** Counts VIEWS distinct readers' views (10 % of them repeated, which must not count) into one node. */
async function ingest(storage: Storage, store: 'memory' | 'redis', redisUrl: string | undefined): Promise<IngestRow> {
  const services = createServices(storage, { baseDomain: 'localhost' });
  const blog = await services.blogs.createBlog({ name: `ingest-${store}`, title: 'Ingest' });
  const posts = [];
  for (let i = 0; i < POSTS; i++) posts.push(await services.posts.createPost({ blogId: blog.id, title: `Post ${i}`, body: '<p>x</p>' }));
  const redis = store === 'redis' ? new Redis(redisUrl!, { enableAutoPipelining: true }) : undefined;
  const prefix = `bench:views:${randomBytes(4).toString('hex')}`;
  const counter = createViewCounter(new ViewRepository(storage.db), Date.now, { redis, redisPrefix: prefix });
  counter.start(2);
  const started = performance.now();
  const CHUNK = 2000;
  for (let from = 0; from < VIEWS; from += CHUNK) {
    // Views decided at once (the in-memory store) need no waiting; Redis's answers are awaited.
    const batch: Promise<CountResult>[] = [];
    const count = (view: PageView) => {
      const result = counter.count(view);
      if (typeof result !== 'string') batch.push(result);
    };
    for (let i = from; i < from + CHUNK; i++) {
      const view: PageView = {
        blogId: blog.id,
        timeZone: 'Europe/Berlin',
        postId: posts[i % POSTS]!.id,
        method: 'GET',
        userAgent: UAS[i % UAS.length],
        purpose: undefined,
        referrer: REFERRERS[i % REFERRERS.length],
        host: 'ingest.localhost',
        address: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
        sessionToken: undefined,
      };
      count(view);
      // Every tenth reader reloads: not counted again.
      if (i % 10 === 0) count(view);
    }
    await Promise.all(batch);
    // Let timers run (the flush every 2 s), as a server does between requests.
    await new Promise((resolve) => setImmediate(resolve));
  }
  await counter.stop();
  const seconds = (performance.now() - started) / 1000;
  let counted = 0;
  for (const post of posts) counted += await services.repositories.views.totalFor(post.id);
  if (redis) {
    const keys = await redis.keys(`${prefix}:*`);
    for (let i = 0; i < keys.length; i += 1000) await redis.del(...keys.slice(i, i + 1000));
    await redis.quit();
  }
  console.log(`  ${store}: ${Math.round(VIEWS / seconds)} views/s, ${counted} of ${VIEWS} counted`);
  return { store, viewsPerSecond: VIEWS / seconds, counted, expected: VIEWS };
}

/** 100 blogs × 100 posts × 100 days of daily rows: 1,000,000. */
async function fillMillion(storage: Storage): Promise<string> {
  const now = Date.now();
  const blogIds: string[] = [];
  const services = createServices(storage, { baseDomain: 'localhost' });
  for (let b = 0; b < 100; b++) blogIds.push((await services.blogs.createBlog({ name: `m${b}`, title: `Blog ${b}` })).id);
  for (const [b, blogId] of blogIds.entries()) {
    const rows = Array.from({ length: 100 }, (_, p) => ({
      id: String(1_000_000 + b * 100 + p),
      blog_id: blogId,
      kind: 'post' as const,
      status: p % 20 === 0 ? ('draft' as const) : ('live' as const),
      title: `Post ${p}`,
      slug: `post-${p}`,
      path_year: 2026,
      path_month: 1,
      body_html: '<p>x</p>',
      body_text: 'x',
      search_description: '',
      comments_setting: 'allow' as const,
      author_id: null,
      author_name: 'Bench',
      published_at: now - 200 * 86_400_000,
      created_at: now,
      updated_at: now,
      trashed_at: null,
      source_id: null,
    }));
    await storage.db.insertInto('posts').values(rows).execute();
  }
  if (storage.dialect.name === 'postgres') {
    await sql`insert into post_views_daily (blog_id, post_id, day, views)
      select p.blog_id, p.id, to_char(current_date - d, 'YYYY-MM-DD'), 1 + ((p.id::bigint * 7 + d * 13) % 50)::int
      from posts p cross join generate_series(0, 99) as d where p.id::bigint >= 1000000`.execute(storage.db);
  } else {
    await sql`insert into post_views_daily (blog_id, post_id, day, views)
      with recursive d(n) as (select 0 union all select n + 1 from d where n < 99)
      select p.blog_id, p.id, date('now', '-' || d.n || ' days'), 1 + ((cast(p.id as integer) * 7 + d.n * 13) % 50)
      from posts p cross join d where cast(p.id as integer) >= 1000000`.execute(storage.db);
  }
  // The rows went in behind the totals' back: build the totals from them, as the migration does.
  const t0 = performance.now();
  await new ViewRepository(storage.db).rebuildTotals();
  console.log(`  totals rebuilt from 1,000,000 daily rows in ${Math.round(performance.now() - t0)} ms`);
  await sql`analyze`.execute(storage.db);
  return blogIds[50]!;
}

async function timeQueries(storage: Storage, label: string): Promise<QueryRow[]> {
  const blogId = await fillMillion(storage);
  const count = await storage.db
    .selectFrom('post_views_daily')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  if (Number(count.n) < 1_000_000) throw new Error(`expected 1,000,000 daily rows, found ${count.n}`);
  const views = new ViewRepository(storage.db);
  const rows: QueryRow[] = [];
  const today = new Date().toISOString().slice(0, 10);
  const median = (times: number[]) => times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
  // A blog's first read on a new day recomputes its 7- and 30-day sums (100 posts × 30 days of rows).
  const rollover: number[] = [];
  for (let i = 0; i < 11; i++) {
    await storage.db.updateTable('blog_view_windows').set({ day: '2000-01-01' }).where('blog_id', '=', blogId).execute();
    const t0 = performance.now();
    // A fresh repository: none of this process's memory of which windows are current.
    await new ViewRepository(storage.db).mostViewed(blogId, '7d', 5, today);
    rollover.push(performance.now() - t0);
  }
  console.log(`  ${label} first read of a new day (recompute + query): median ${median(rollover).toFixed(2)} ms`);
  for (const window of ['7d', '30d', 'all'] as const) {
    for (let i = 0; i < 5; i++) await views.mostViewed(blogId, window, 5, today);
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      await views.mostViewed(blogId, window, 5, today);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    rows.push({ database: label, window, medianMs: times[Math.floor(RUNS / 2)]!, p99Ms: times[Math.floor(RUNS * 0.99)]! });
    console.log(`  ${label} ${window}: median ${times[Math.floor(RUNS / 2)]!.toFixed(2)} ms`);
  }
  rows.push({ database: label, window: 'new day', medianMs: median(rollover), p99Ms: Math.max(...rollover) });
  return rows;
}

async function postgresSchema(url: string): Promise<Storage | undefined> {
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await admin.connect();
    await admin.query(`create schema ${schema}`);
  } catch {
    return undefined;
  } finally {
    await admin.end().catch(() => {});
  }
  const storage = openStorage(url, { searchPath: schema });
  const close = () => storage.close();
  return {
    ...storage,
    async close() {
      await close();
      const cleaner = new pg.Client({ connectionString: url });
      await cleaner.connect();
      await cleaner.query(`drop schema ${schema} cascade`);
      await cleaner.end();
    },
  };
}

async function redisReachable(url: string): Promise<boolean> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await redis.connect();
    return true;
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

export async function runViewBenchmarks(): Promise<{ ingest: IngestRow[]; queries: QueryRow[] }> {
  const redisUrl = process.env.BENCH_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/12';
  const postgresUrl = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'dastan-views-bench-'));
  const ingestRows: IngestRow[] = [];
  const queries: QueryRow[] = [];
  try {
    for (const store of ['memory', 'redis'] as const) {
      if (store === 'redis' && !(await redisReachable(redisUrl))) {
        console.log(`(no Redis at ${redisUrl}: the Redis ingestion figure is left out)`);
        continue;
      }
      console.log(`Counting ${VIEWS.toLocaleString('en')} views, ${store}…`);
      const storage = openStorage(path.join(tmp, `ingest-${store}.db`));
      await migrateToLatest(storage);
      ingestRows.push(await ingest(storage, store, redisUrl));
      await storage.close();
    }
    console.log('Writing 1,000,000 daily view rows into SQLite…');
    const sqlite = openStorage(path.join(tmp, 'million.db'));
    await migrateToLatest(sqlite);
    queries.push(...(await timeQueries(sqlite, 'SQLite')));
    await sqlite.close();
    const postgres = await postgresSchema(postgresUrl);
    if (postgres) {
      console.log('Writing 1,000,000 daily view rows into PostgreSQL…');
      try {
        await migrateToLatest(postgres);
        queries.push(...(await timeQueries(postgres, 'PostgreSQL')));
      } finally {
        await postgres.close();
      }
    } else console.log(`(no PostgreSQL at ${postgresUrl}: its popular-posts figure is left out)`);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  return { ingest: ingestRows, queries };
}

const TARGET_VIEWS_PER_SECOND = 20_000;
const TARGET_POPULAR_MS = 2;

export function printViewResults({ ingest: rows, queries }: { ingest: IngestRow[]; queries: QueryRow[] }): void {
  console.log('\nView ingestion into one node (the whole counting path, flushed to SQLite every 2 s)\n');
  for (const r of rows) {
    const exact = r.counted === r.expected ? 'all counted' : `LOST ${r.expected - r.counted}`;
    console.log(
      `  ${r.store.padEnd(7)} ${Math.round(r.viewsPerSecond).toLocaleString('en').padStart(9)} counted views/s   ${exact} (${r.counted.toLocaleString('en')} of ${r.expected.toLocaleString('en')})`,
    );
  }
  console.log(
    '\nPopular posts with 1,000,000 daily rows (100 blogs × 100 posts × 100 days; one blog asked, top 5;\n"new day": the first read after the blog\'s day rolled over, which recomputes its 7- and 30-day sums)\n',
  );
  for (const q of queries)
    console.log(`  ${q.database.padEnd(10)} ${q.window.padEnd(7)} median ${q.medianMs.toFixed(2)} ms   p99 ${q.p99Ms.toFixed(2)} ms`);
  console.log('\nTargets');
  for (const r of rows)
    console.log(
      `  ≥ ${TARGET_VIEWS_PER_SECOND.toLocaleString('en')} counted views/s, none lost (${r.store}): ${r.viewsPerSecond >= TARGET_VIEWS_PER_SECOND && r.counted === r.expected ? 'met' : 'NOT met'}`,
    );
  // "new day" is the once-a-day recompute of a blog's window sums, not the query a page pays for.
  for (const q of queries.filter((row) => row.window !== 'new day'))
    console.log(
      `  popular posts ≤ ${TARGET_POPULAR_MS} ms (${q.database}, ${q.window}): ${q.medianMs <= TARGET_POPULAR_MS ? 'met' : 'NOT met'} (median)`,
    );
}

// Run directly: `npx tsx bench/views-bench.ts`.
if (import.meta.url === `file://${process.argv[1]}`) printViewResults(await runViewBenchmarks());
