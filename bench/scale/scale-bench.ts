/**
 * `npm run bench:scale`: does a page cost the same in a blog of 1,000 posts as in one of 100,000 (and,
 * with --huge, 1,000,000)? For each size and database it writes the data (generate-scale.ts: the big blog
 * and 10,000 small blogs), starts the real server uncached (`PAGE_CACHE_SECONDS=0`: the queries are what
 * is measured), loads every kind of page (page-kinds.ts) and prints p50, p99 and req/s per size, the
 * ratio of the largest size to the smallest, and the server's memory. A program, not a test.
 *
 * Beside the latencies it prints the server's CPU time per request, the figure a shared machine moves least.
 *
 * Options: --db sqlite|postgres|both (default both), --sizes 1000,100000 (default), --huge (adds
 * 1,000,000), --small-blogs N (default 10,000), --keep DIR (the data is kept — SQLite files in DIR,
 * PostgreSQL databases named dastan_scale_kept_… — with a record in DIR, and a later run with the same DIR
 * measures it again without writing it), SCALE_SECONDS (default 3 a page), SCALE_CONNECTIONS (8).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openStorage } from '../../src/storage/database.js';
import { migrateToLatest } from '../../src/storage/migrator.js';
import { createServices } from '../../src/services.js';
import { sql } from 'kysely';
import { freshPostgresDatabase, keptPostgresDatabase } from '../postgres-database.js';
import { cpuMs, freePort, get, rssMb, startChild, stopAllChildren, waitForPage } from '../processes.js';
import { loadGenerator, runLoad, type LoadResult } from '../load-generator.js';
import { generateScaleData, type ScaleBlog } from './generate-scale.js';
import { pageKinds } from './page-kinds.js';
import { SITEMAP_URL_LIMIT } from '../../src/feeds/sitemap.js';
import { printScaleResults, type ScaleRun } from './scale-report.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const POSTGRES_URL = process.env.SCALE_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const HOST = 'localhost';
const OWNER_EMAIL = 'owner@example.com';
const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';

function settings() {
  const { values } = parseArgs({
    options: {
      db: { type: 'string', default: 'both' },
      sizes: { type: 'string', default: '1000,100000' },
      huge: { type: 'boolean', default: false },
      'small-blogs': { type: 'string', default: '10000' },
      keep: { type: 'string' },
    },
  });
  if (!['sqlite', 'postgres', 'both'].includes(values.db)) throw new Error('--db: sqlite, postgres or both');
  const sizes = values.sizes.split(',').map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 10)) throw new Error('--sizes: whole numbers of posts from 10, comma-separated');
  if (values.huge) sizes.push(1_000_000);
  const databases = values.db === 'both' ? (['sqlite', 'postgres'] as const) : ([values.db] as ['sqlite' | 'postgres']);
  return {
    databases,
    sizes,
    smallBlogs: Number(values['small-blogs']),
    keep: values.keep ? path.resolve(values.keep) : undefined,
    seconds: Number(process.env.SCALE_SECONDS ?? 3),
    connections: Number(process.env.SCALE_CONNECTIONS ?? 8),
  };
}

/** A fresh database: a SQLite file in `dir`, or a new PostgreSQL database (dropped by `drop`). */
async function freshDatabase(kind: 'sqlite' | 'postgres', dir: string, size: number): Promise<{ url: string; drop(): Promise<void> }> {
  if (kind === 'sqlite')
    return { url: path.join(dir, `scale-${size}.db`), drop: () => rm(path.join(dir, `scale-${size}.db`), { force: true }) };
  return freshPostgresDatabase(POSTGRES_URL, `dastan_scale_${size}_${process.pid}`);
}

/** The database of one size: fresh (dropped after), or with --keep one kept between runs. */
async function databaseFor(
  kind: 'sqlite' | 'postgres',
  dir: string,
  size: number,
  options: ReturnType<typeof settings>,
): Promise<{ url: string; drop(): Promise<void> }> {
  if (!options.keep) return freshDatabase(kind, dir, size);
  mkdirSync(options.keep, { recursive: true });
  const name = `${kind}-${size}-${options.smallBlogs}`;
  // The data was written to the end only if its record is there; otherwise it starts afresh.
  const written = existsSync(path.join(options.keep, `${name}.json`));
  if (kind === 'postgres') return keptPostgresDatabase(POSTGRES_URL, `dastan_scale_kept_${size}_${options.smallBlogs}`, !written);
  const file = path.join(options.keep, `${name}.db`);
  if (!written) await rm(file, { force: true });
  return { url: file, drop: () => Promise.resolve() };
}

/** Writes the data and its owner; returns the blog and how long the writing took. */
async function writeData(url: string, size: number, smallBlogs: number): Promise<{ blog: ScaleBlog; seconds: number }> {
  const storage = openStorage(url);
  try {
    await migrateToLatest(storage);
    const started = performance.now();
    let shown = 0;
    const blog = await generateScaleData(storage, { posts: size, smallBlogs }, (done) => {
      if (done - shown >= size / 10 || done === size) {
        shown = done;
        process.stdout.write(`  ${done.toLocaleString('en')} posts…\r`);
      }
    });
    await sql`analyze`.execute(storage.db);
    const seconds = (performance.now() - started) / 1000;
    const services = createServices(storage, { baseDomain: HOST });
    const owner = await services.users.createUser({ email: OWNER_EMAIL, displayName: 'Owner' });
    await services.users.addMember(blog.blogId, owner.id, 'owner');
    return { blog, seconds };
  } finally {
    await storage.close();
  }
}

/** A session cookie of the big blog's owner (for the dashboard's pages). */
async function ownerCookie(url: string): Promise<string> {
  const storage = openStorage(url);
  try {
    const services = createServices(storage, { baseDomain: HOST });
    // The user as the membership left them: a session started with the rights of before is rotated on
    // its first request, and the bench's cookie (the old token) then measured the sign-in redirect.
    const member = await storage.db.selectFrom('users').selectAll().where('email', '=', OWNER_EMAIL).executeTakeFirstOrThrow();
    const { token } = await services.sessions.start(member);
    return `dastan_session=${token}`;
  } finally {
    await storage.close();
  }
}

/** The data of one size: written now, or (with --keep) read back from an earlier run's folder. */
async function dataFor(
  url: string,
  size: number,
  smallBlogs: number,
  kept: string | undefined,
): Promise<{ blog: ScaleBlog; seconds: number }> {
  const record = kept ? `${kept}.json` : undefined;
  if (record && existsSync(record)) {
    console.log(`  kept from an earlier run: ${kept}`);
    const data = JSON.parse(readFileSync(record, 'utf8')) as { blog: ScaleBlog; seconds: number };
    // Kept before the bench loaded the last sitemap page.
    data.blog.lastSitemapPage ??= Math.ceil((1 + size + 3) / SITEMAP_URL_LIMIT);
    return data;
  }
  const written = await writeData(url, size, smallBlogs);
  if (record) writeFileSync(record, JSON.stringify(written));
  return written;
}

async function measure(kind: 'sqlite' | 'postgres', size: number, dir: string, options: ReturnType<typeof settings>): Promise<ScaleRun> {
  const database = await databaseFor(kind, dir, size, options);
  const kept = options.keep ? path.join(options.keep, `${kind}-${size}-${options.smallBlogs}`) : undefined;
  try {
    console.log(`${kind}, ${size.toLocaleString('en')} posts and ${options.smallBlogs.toLocaleString('en')} small blogs: writing…`);
    const { blog, seconds } = await dataFor(database.url, size, options.smallBlogs, kept);
    const cookie = await ownerCookie(database.url);
    console.log(`  written in ${seconds.toFixed(1)} s`);
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: database.url,
      DATA_DIR: path.join(dir, `data-${kind}-${size}`),
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      BASE_DOMAIN: HOST,
      PAGE_CACHE_SECONDS: '0',
      API_RATE_LIMIT: '1000000',
    };
    delete env.DASTAN_CONFIG;
    delete env.REDIS_URL;
    const child = startChild(['bin/dastan.js', 'serve'], env, ROOT);
    try {
      await waitForPage(child, port, '/', HOST, 120_000);
      const pages: ScaleRun['pages'] = [];
      for (const page of pageKinds(blog)) {
        const headers: Record<string, string> = { host: HOST, 'user-agent': BROWSER_UA };
        if (page.admin) headers.cookie = cookie;
        // A page that answers with anything but what it should would measure the wrong thing.
        const { status } = await get(port, page.path, HOST, headers);
        const expected = page.kind.includes('404') ? 404 : 200;
        if (status !== expected) throw new Error(`${page.kind} (${page.path}) answered ${status}, not ${expected}`);
        const cpuBefore = cpuMs(child.pid);
        const result: LoadResult = await runLoad({
          port,
          path: page.path,
          headers,
          seconds: options.seconds,
          connections: options.connections,
        });
        const cpuPerRequestMs = (cpuMs(child.pid) - cpuBefore) / Math.max(1, result.requests);
        // wrk counts a redirect as a success: a page that stopped answering as it should (a session gone,
        // a limit reached) would measure a redirect. Said beside the figures, not hidden in them.
        const after = (await get(port, page.path, HOST, headers)).status;
        const note = after === expected ? undefined : `answered ${after} after the load`;
        pages.push({ kind: page.kind, note, cpuPerRequestMs, ...result });
        console.log(
          `  ${page.kind}${note ? ` (${note})` : ''}: ${Math.round(result.requestsPerSecond)} req/s, p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, CPU ${cpuPerRequestMs.toFixed(2)} ms a request`,
        );
      }
      return { database: kind, size, writeSeconds: seconds, pages, rssMb: rssMb(child.pid) };
    } finally {
      await child.stop();
    }
  } finally {
    await database.drop();
  }
}

async function main(): Promise<void> {
  const options = settings();
  console.log(
    `Dastan scale bench: sizes ${options.sizes.map((n) => n.toLocaleString('en')).join(', ')} posts; ${options.databases.join(' and ')}; ` +
      `${loadGenerator()}, ${options.connections} connections, ${options.seconds} s a page; load average ${os.loadavg()[0]!.toFixed(2)}`,
  );
  // The server runs from the bundle (what `npm start` runs): built from these very sources first.
  const build = spawnSync(process.execPath, ['scripts/build-server.mjs'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the build failed');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dastan-scale-'));
  const onSignal = () => void stopAllChildren().finally(() => rm(dir, { recursive: true, force: true }).finally(() => process.exit(130)));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const runs: ScaleRun[] = [];
  try {
    for (const kind of options.databases) for (const size of options.sizes) runs.push(await measure(kind, size, dir, options));
    printScaleResults(runs, loadGenerator());
  } finally {
    await stopAllChildren();
    await rm(dir, { recursive: true, force: true });
  }
}

try {
  await main();
} catch (error) {
  console.error(`bench:scale: ${(error as Error).message}`);
  process.exitCode = 1;
}
