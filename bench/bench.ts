/**
 * `npm run bench`: measures the real server (built, run as a child process) on a blog of 1,000 posts —
 * time to the first page, idle memory, and throughput and latency of the post page and the home page,
 * uncached and cached, and of two dashboard pages signed in as the blog's owner (posts list and overview) — beside a bare node:http server and nginx sending the same bytes, all loaded by
 * wrk when it is installed (autocannon otherwise; the report names it); then the static-site
 * build of 4,000 posts beside Hugo (static-build-bench.ts), and a post mailed to 10,000 subscribers (mail-bench.ts). Prints a table and the targets from PRODUCT.md. A program, not a test: it measures and prints, and exits 0.
 *
 * BENCH_SECONDS (default 10): seconds of load per scenario. BENCH_PAGES_ONLY=1: the page table alone. BENCH_CPU_PROF=DIR: write the server's CPU
 * profiles (`node --cpu-prof`) into DIR.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startProgress } from '../src/cli/progress.js';
import { writeBenchBlog } from './bench-blog.js';
import { DASHBOARD_PAGES, signInBenchOwner } from './dashboard-owner.js';
import { arrangeEveryGadget, EVERY_GADGET_PAGE } from './every-gadget-bench.js';
import { cpuMs, freePort, get, rssMb, startChild, stopAllChildren, waitForPage, type Child, type Response } from './processes.js';
import { printResults, type LoadRow, type StartRow } from './report.js';
import { loadGenerator, runLoad, type Generator } from './load-generator.js';
import { hasNginx, startNginx } from './nginx-server.js';
import { printViewResults, runViewBenchmarks } from './views-bench.js';
import { printBuildResults, runBuildBench } from './static-build-bench.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const POSTS = 1000;
const CONNECTIONS = 50;
const WARMUP_SECONDS = 2;
/** The pages served from the page cache, also measured against bare node:http sending Dastan's headers. */
const CACHED_PAGES = ['post page', 'home page'];
/**
 * The cached pages' loads warm up longer (every server alike): a hit takes tens of µs, and after 2 s on a
 * busy machine the optimizing compiler has not finished with its path (docs/performance.md).
 */
const CACHED_WARMUP_SECONDS = 6;
const warmUpFor = (page: string) => (CACHED_PAGES.includes(page) ? CACHED_WARMUP_SECONDS : WARMUP_SECONDS);
/** Idle memory is read 3 s after the first page, and again once V8's memory reducer has run (it waits ~8 s for a quiet heap). */
const IDLE_SECONDS = 3;
const SETTLED_SECONDS = 15;
const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';

function benchSeconds(): number {
  const raw = process.env.BENCH_SECONDS ?? '10';
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new Error(`BENCH_SECONDS: must be a whole number of seconds from 1 (got "${raw}")`);
  return Number(raw);
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** Bundles src/ into dist/bundle/ (what `npm start` runs) when the bundle is missing or older than a source file. */
function ensureBuilt(): void {
  const main = path.join(ROOT, 'dist/bundle/main.js');
  if (existsSync(main) && statSync(main).mtimeMs >= newestSource(path.join(ROOT, 'src'))) return;
  console.log('Building: node scripts/build-server.mjs');
  const build = spawnSync(process.execPath, ['scripts/build-server.mjs'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the build failed');
}

interface Setting {
  databaseUrl: string;
  dataDir: string;
  /** The Host header the blog answers to. */
  host: string;
  cpuProfileDir: string | undefined;
}

interface Server {
  child: Child;
  port: number;
}

/** Spawns `node bin/dastan.js serve` (what `npm start` runs) and waits for the first 200 of the home page, then idles. */
async function startDastan(setting: Setting, pageCacheSeconds: number): Promise<Server & StartRow> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: setting.databaseUrl,
    DATA_DIR: setting.dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    BASE_DOMAIN: 'localhost',
    PAGE_CACHE_SECONDS: String(pageCacheSeconds),
    // The API's per-client limit would refuse the load generator's requests: the bench measures the work, not the limit.
    API_RATE_LIMIT: '1000000',
  };
  delete env.DASTAN_CONFIG;
  if (setting.cpuProfileDir) mkdirSync(setting.cpuProfileDir, { recursive: true });
  const profile = setting.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${setting.cpuProfileDir}`] : [];
  const started = performance.now();
  const child = startChild([...profile, 'bin/dastan.js', 'serve'], env, ROOT);
  await waitForPage(child, port, '/', setting.host);
  const firstPageMs = performance.now() - started;
  const startCpuMs = cpuMs(child.pid);
  const { idleRssMb, settledRssMb } = await idleMemory(child);
  const label = pageCacheSeconds > 0 ? `cached (PAGE_CACHE_SECONDS=${pageCacheSeconds})` : 'uncached (PAGE_CACHE_SECONDS=0)';
  return { child, port, label, firstPageMs, startCpuMs, idleRssMb, settledRssMb };
}

async function idleMemory(child: Child): Promise<{ idleRssMb: number; settledRssMb: number }> {
  await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000));
  const idleRssMb = rssMb(child.pid);
  await new Promise((r) => setTimeout(r, (SETTLED_SECONDS - IDLE_SECONDS) * 1000));
  return { idleRssMb, settledRssMb: rssMb(child.pid) };
}

/** The floor under any Node server's memory: a bare node:http server answering "ok", read the same way. */
async function bareNodeMemory(host: string): Promise<{ idleRssMb: number; settledRssMb: number }> {
  const port = await freePort();
  const script = `require('node:http').createServer((q, s) => s.end('ok')).listen(${port}, '127.0.0.1')`;
  const child = startChild(['-e', script], process.env, ROOT);
  await waitForPage(child, port, '/', host);
  const memory = await idleMemory(child);
  await child.stop();
  return memory;
}

/**
 * Spawns the bare node:http server with exactly these bodies, by path: with its own two headers, or
 * (`same-headers`) with the whole header list Dastan sent with each.
 */
async function startBaseline(
  dir: string,
  host: string,
  pages: Map<string, Response>,
  mode: 'own-headers' | 'same-headers' = 'own-headers',
): Promise<Server> {
  const manifest = [...pages].map(([urlPath, response], i) => {
    const file = path.join(dir, `page-${i}.html`);
    writeFileSync(file, response.body);
    return { path: urlPath, file, contentType: response.contentType, headers: response.headers };
  });
  const manifestFile = path.join(dir, 'baseline.json');
  writeFileSync(manifestFile, JSON.stringify(manifest));
  const port = await freePort();
  const child = startChild(['--import', 'tsx', 'bench/baseline-server.ts', String(port), manifestFile, mode], process.env, ROOT);
  await waitForPage(child, port, manifest[0]!.path, host);
  return { child, port };
}

/** Warms up, then loads `urlPath` for `seconds` with wrk (or autocannon without it), watching the server's CPU time. */
async function load(
  server: Server,
  urlPath: string,
  host: string,
  seconds: number,
  headers: Record<string, string> = {},
  warmUpSeconds = WARMUP_SECONDS,
): Promise<Omit<LoadRow, 'scenario' | 'page'>> {
  const options = {
    port: server.port,
    path: urlPath,
    connections: CONNECTIONS,
    headers: { host, 'user-agent': BROWSER_UA, ...headers },
    seconds,
  };
  await runLoad({ ...options, seconds: warmUpSeconds }, 0);
  const cpuBefore = cpuMs(server.child.pid);
  const result = await runLoad(options, 0);
  const cpuUsed = cpuMs(server.child.pid) - cpuBefore;
  return {
    serverCpuUs: (cpuUsed * 1000) / Math.max(1, result.requests),
    requestsPerSecond: result.requestsPerSecond,
    p50: result.p50,
    p99: result.p99,
    failures: result.failures,
  };
}

/** GETs a page that must answer 200 (a dashboard page without a valid session would redirect to sign-in). */
async function signedInGet(port: number, urlPath: string, host: string, headers: Record<string, string> = {}): Promise<Response> {
  const response = await get(port, urlPath, host, headers);
  if (response.status !== 200) throw new Error(`${urlPath} answered ${response.status}, not 200`);
  return response;
}

async function main(): Promise<void> {
  const seconds = benchSeconds();
  const cpuProfileDir = process.env.BENCH_CPU_PROF ? path.resolve(process.env.BENCH_CPU_PROF) : undefined;
  const cpus = os.cpus();
  const generator: Generator = loadGenerator();
  console.log(
    `Dastan benchmark: ${POSTS.toLocaleString('en')} posts; ${CONNECTIONS} connections for ${seconds} s per scenario, load from ${generator}`,
  );
  console.log(
    `Node ${process.version}, ${cpus.length} × ${cpus[0]?.model.trim() ?? 'CPU'}; load average before the run: ${os.loadavg()[0]!.toFixed(2)}`,
  );
  ensureBuilt();

  const tmp = await mkdtemp(path.join(os.tmpdir(), 'dastan-bench-'));
  const onSignal = () => void stopAllChildren().finally(() => rm(tmp, { recursive: true, force: true }).finally(() => process.exit(130)));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const databaseUrl = path.join(tmp, 'bench.db');
    const progress = startProgress('Writing the benchmark blog', POSTS);
    const blog = await writeBenchBlog(databaseUrl, POSTS, (done) => progress.update(done));
    progress.stop();
    // The owner's session: the dashboard pages are loaded with its cookie (never from the page cache).
    const cookie = await signInBenchOwner(databaseUrl, blog.blogId);
    const pages: { page: string; path: string; headers?: Record<string, string>; signedIn?: boolean }[] = [
      { page: 'post page', path: blog.postPath },
      { page: 'home page', path: '/' },
      // The Blogger API's posts.list of 25, with bodies: JSON, never from the page cache.
      { page: 'API posts.list (25)', path: `/v3/blogs/${blog.blogId}/posts?maxResults=25` },
      ...DASHBOARD_PAGES.map((p) => ({ ...p, headers: { cookie }, signedIn: true })),
    ];

    const setting: Setting = { databaseUrl, dataDir: path.join(tmp, 'data'), host: blog.host, cpuProfileDir };

    const loads: LoadRow[] = [];
    const starts: StartRow[] = [];
    const html = new Map<string, Response>();
    for (const cacheSeconds of [0, 60]) {
      const server = await startDastan(setting, cacheSeconds);
      starts.push(server);
      for (const p of pages) {
        // Signed-in pages bypass the page cache: they are loaded once, on the uncached server.
        if (p.signedIn && cacheSeconds > 0) continue;
        if (!html.has(p.path)) html.set(p.path, await signedInGet(server.port, p.path, blog.host, p.headers));
        const scenario = cacheSeconds > 0 ? 'cached' : 'uncached';
        console.log(`Loading the ${p.page}, ${scenario}…`);
        loads.push({ page: p.page, scenario, ...(await load(server, p.path, blog.host, seconds, p.headers, warmUpFor(p.page))) });
      }
      await server.child.stop();
    }

    // The baseline serves exactly the bytes Dastan sent, with the same content type.
    const baseline = await startBaseline(tmp, blog.host, html);
    for (const p of pages) {
      console.log(`Loading the ${p.page}, baseline…`);
      loads.push({ page: p.page, scenario: 'baseline', ...(await load(baseline, p.path, blog.host, seconds, {}, warmUpFor(p.page))) });
    }
    await baseline.child.stop();
    // The cached pages against bare node:http sending the same whole answer, Dastan's headers included.
    const full = await startBaseline(tmp, blog.host, html, 'same-headers');
    for (const p of pages.filter((page) => CACHED_PAGES.includes(page.page))) {
      console.log(`Loading the ${p.page}, baseline with the same headers…`);
      loads.push({ page: p.page, scenario: 'baseline-headers', ...(await load(full, p.path, blog.host, seconds, {}, warmUpFor(p.page))) });
    }
    await full.child.stop();
    if (hasNginx()) {
      const nginx = await startNginx(tmp, blog.host, html);
      for (const p of pages) {
        console.log(`Loading the ${p.page}, nginx…`);
        loads.push({ page: p.page, scenario: 'nginx', ...(await load(nginx, p.path, blog.host, seconds, {}, warmUpFor(p.page))) });
      }
      await nginx.child.stop();
    } else console.log('No nginx (/usr/sbin/nginx): the nginx baseline is left out (apt-get install nginx-light).');

    // The same post page with every gadget in its areas, uncached (bench/every-gadget-bench.ts).
    await arrangeEveryGadget(databaseUrl, setting.dataDir, blog.blogId);
    const gadgets = await startDastan(setting, 0);
    const gadgetBytes = (await get(gadgets.port, blog.postPath, blog.host)).body.length;
    console.log(`Loading the ${EVERY_GADGET_PAGE}, uncached…`);
    loads.push({ page: EVERY_GADGET_PAGE, scenario: 'uncached', ...(await load(gadgets, blog.postPath, blog.host, seconds)) });
    await gadgets.child.stop();

    const bare = await bareNodeMemory(blog.host);
    printResults({
      loads,
      starts,
      bare,
      pageBytes: new Map([...pages.map((p) => [p.page, html.get(p.path)!.body.length] as const), [EVERY_GADGET_PAGE, gadgetBytes]]),
      cores: cpus.length,
      connections: CONNECTIONS,
      generator,
    });
    if (cpuProfileDir) console.log(`\nCPU profiles of the server: ${cpuProfileDir}`);
    if (process.env.BENCH_PAGES_ONLY) return;
    // The audience figures: view ingestion (memory, Redis) and popular posts over 1,000,000 daily rows.
    printViewResults(await runViewBenchmarks());
    // The static-site build of 4,000 posts, beside Hugo when it is installed.
    printBuildResults(await runBuildBench());
    // A post mailed to 10,000 subscribers through a real SMTP server, beside nodemailer alone (bench/mail-bench.ts).
    console.log('\nMailing a post to 10,000 subscribers (npm run bench:mail)…');
    spawnSync(process.execPath, ['--import', 'tsx', 'bench/mail-bench.ts'], { cwd: ROOT, stdio: 'inherit' });
  } finally {
    await stopAllChildren();
    await rm(tmp, { recursive: true, force: true });
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

try {
  await main();
} catch (error) {
  console.error(`bench: ${(error as Error).message}`);
  process.exitCode = 1;
}
