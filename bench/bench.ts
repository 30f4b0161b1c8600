/**
 * `npm run bench`: measures the real server (built, run as a child process) on a blog of 1,000 posts —
 * time to the first page, idle memory, and throughput and latency of the post page and the home page,
 * uncached and cached — beside a bare node:http server and nginx sending the same bytes, all loaded by
 * wrk when it is installed (autocannon otherwise; the report names it); then the static-site
 * build of 4,000 posts beside Hugo (static-build-bench.ts). Prints a table and the targets from PRODUCT.md. A program, not a test: it measures and prints, and exits 0.
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

/** Spawns the bare node:http server with exactly these responses, by path. */
async function startBaseline(dir: string, host: string, pages: Map<string, Response>): Promise<Server> {
  const manifest = [...pages].map(([urlPath, response], i) => {
    const file = path.join(dir, `page-${i}.html`);
    writeFileSync(file, response.body);
    return { path: urlPath, file, contentType: response.contentType };
  });
  const manifestFile = path.join(dir, 'baseline.json');
  writeFileSync(manifestFile, JSON.stringify(manifest));
  const port = await freePort();
  const child = startChild(['--import', 'tsx', 'bench/baseline-server.ts', String(port), manifestFile], process.env, ROOT);
  await waitForPage(child, port, manifest[0]!.path, host);
  return { child, port };
}

/** Warms up, then loads `urlPath` for `seconds` with wrk (or autocannon without it), watching the server's CPU time. */
async function load(server: Server, urlPath: string, host: string, seconds: number): Promise<Omit<LoadRow, 'scenario' | 'page'>> {
  const options = { port: server.port, path: urlPath, connections: CONNECTIONS, headers: { host, 'user-agent': BROWSER_UA }, seconds };
  await runLoad({ ...options, seconds: WARMUP_SECONDS }, 0);
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
    const pages = [
      { page: 'post page', path: blog.postPath },
      { page: 'home page', path: '/' },
      // The Blogger API's posts.list of 25, with bodies: JSON, never from the page cache.
      { page: 'API posts.list (25)', path: `/v3/blogs/${blog.blogId}/posts?maxResults=25` },
    ];

    const setting: Setting = { databaseUrl, dataDir: path.join(tmp, 'data'), host: blog.host, cpuProfileDir };

    const loads: LoadRow[] = [];
    const starts: StartRow[] = [];
    const html = new Map<string, Response>();
    for (const cacheSeconds of [0, 60]) {
      const server = await startDastan(setting, cacheSeconds);
      starts.push(server);
      for (const p of pages) {
        if (!html.has(p.path)) html.set(p.path, await get(server.port, p.path, blog.host));
        const scenario = cacheSeconds > 0 ? 'cached' : 'uncached';
        console.log(`Loading the ${p.page}, ${scenario}…`);
        loads.push({ page: p.page, scenario, ...(await load(server, p.path, blog.host, seconds)) });
      }
      await server.child.stop();
    }

    // The baseline serves exactly the bytes Dastan sent, with the same content type.
    const baseline = await startBaseline(tmp, blog.host, html);
    for (const p of pages) {
      console.log(`Loading the ${p.page}, baseline…`);
      loads.push({ page: p.page, scenario: 'baseline', ...(await load(baseline, p.path, blog.host, seconds)) });
    }
    await baseline.child.stop();
    if (hasNginx()) {
      const nginx = await startNginx(tmp, blog.host, html);
      for (const p of pages) {
        console.log(`Loading the ${p.page}, nginx…`);
        loads.push({ page: p.page, scenario: 'nginx', ...(await load(nginx, p.path, blog.host, seconds)) });
      }
      await nginx.child.stop();
    } else console.log('No nginx (/usr/sbin/nginx): the nginx baseline is left out (apt-get install nginx-light).');

    const bare = await bareNodeMemory(blog.host);
    printResults({
      loads,
      starts,
      bare,
      pageBytes: new Map(pages.map((p) => [p.page, html.get(p.path)!.body.length])),
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
