/**
 * Compares the uncached post page's CPU cost across builds, interleaved: each server is loaded by wrk in
 * turn (1 thread, 4 keep-alive connections, a few seconds a turn), the order reversed every round, and
 * the server's CPU per request is read from /proc around each turn (so other programs on the machine
 * move the figures far less than they move throughput). Prints each round and, per server, the median
 * CPU µs/request, its ratio to the reference's median, the median of the rounds' ratios, and the CPU
 * fitted to `a + b / requests` read at one throughput for all (a turn with few requests costs more).
 *
 * Usage (from this checkout, after `npm run build`; the reference checkout built too):
 *
 *   node --import tsx bench/compare-servers.ts --ref /work/wt/ref24 --gadgets [--base DIR] [--rounds 10]
 *        [--seconds 4] [--warmup 6] [--connections 4]
 *
 * Servers: `ref` (the checkout at --ref, on a bench blog written by its own bench/bench-blog.ts), `post`
 * (this checkout, plain post page), with --gadgets `gadgets` (this checkout, the same blog given every
 * gadget, bench/every-gadget-bench.ts), and with --base DIR `base-post` (and `base-gadgets`): another
 * build of this project (e.g. main before a change) on copies of this checkout's blogs. All run
 * `node bin/dastan.js serve` with PAGE_CACHE_SECONDS=0 and load the same post (the blog's newest).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeBenchBlog } from './bench-blog.js';
import { arrangeEveryGadget } from './every-gadget-bench.js';
import { runLoad } from './load-generator.js';
import { cpuMs, freePort, get, startChild, stopAllChildren, waitForPage, type Child } from './processes.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const POSTS = 1000;

interface Blog {
  databaseUrl: string;
  dataDir: string;
  host: string;
  postPath: string;
}

interface Server {
  name: string;
  /** The checkout it runs from. */
  tree: string;
  child: Child;
  port: number;
  blog: Blog;
  bytes: number;
  /** CPU µs per request, one a round. */
  turns: number[];
  requests: number[];
}

const { values: options } = parseArgs({
  options: {
    ref: { type: 'string' },
    base: { type: 'string' },
    gadgets: { type: 'boolean', default: false },
    rounds: { type: 'string', default: '10' },
    seconds: { type: 'string', default: '4' },
    warmup: { type: 'string', default: '6' },
    connections: { type: 'string', default: '4' },
  },
});

function whole(name: string, raw: string | undefined): number {
  if (!raw || !/^\d+$/.test(raw) || Number(raw) < 1) throw new Error(`--${name}: a whole number from 1 (got "${raw}")`);
  return Number(raw);
}

/** Writes the bench blog with the checkout `tree`'s own code (its schema and its services), in a child process. */
function writeBlogWith(tree: string, dir: string): Blog {
  const databaseUrl = path.join(dir, 'bench.db');
  const script = path.join(dir, 'write-blog.mts');
  const out = path.join(dir, 'blog.json');
  writeFileSync(
    script,
    `import { writeBenchBlog } from ${JSON.stringify(path.join(tree, 'bench/bench-blog.ts'))};\n` +
      `import { writeFileSync } from 'node:fs';\n` +
      `writeFileSync(${JSON.stringify(out)}, JSON.stringify(await writeBenchBlog(${JSON.stringify(databaseUrl)}, ${POSTS})));\n`,
  );
  const run = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: tree, stdio: ['ignore', 'inherit', 'inherit'] });
  if (run.status !== 0) throw new Error(`writing the bench blog in ${tree} failed`);
  const blog = JSON.parse(spawnSync('cat', [out], { encoding: 'utf8' }).stdout) as { host: string; postPath: string };
  return { databaseUrl, dataDir: path.join(dir, 'data'), host: blog.host, postPath: blog.postPath };
}

/** A copy of `blog`'s database (and uploads) under `dir`, for a second server of its own. */
function copyBlog(blog: Blog, dir: string): Blog {
  mkdirSync(dir, { recursive: true });
  const databaseUrl = path.join(dir, 'bench.db');
  copyFileSync(blog.databaseUrl, databaseUrl);
  const dataDir = path.join(dir, 'data');
  spawnSync('cp', ['-a', blog.dataDir, dataDir]);
  return { ...blog, databaseUrl, dataDir };
}

async function startServer(name: string, tree: string, blog: Blog): Promise<Server> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: blog.databaseUrl,
    DATA_DIR: blog.dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    BASE_DOMAIN: 'localhost',
    PAGE_CACHE_SECONDS: '0',
    API_RATE_LIMIT: '1000000',
  };
  delete env.DASTAN_CONFIG;
  const child = startChild(['bin/dastan.js', 'serve'], env, tree);
  await waitForPage(child, port, blog.postPath, blog.host);
  const page = await get(port, blog.postPath, blog.host);
  return { name, tree, child, port, blog, bytes: page.body.length, turns: [], requests: [] };
}

async function turn(server: Server, seconds: number, connections: number, warmup = 0): Promise<void> {
  const load = { port: server.port, path: server.blog.postPath, headers: { host: server.blog.host }, seconds, connections };
  if (warmup > 0) await runLoad({ ...load, seconds: warmup }, 0);
  const before = cpuMs(server.child.pid);
  const result = await runLoad(load, 0);
  const used = cpuMs(server.child.pid) - before;
  if (result.failures > 0) throw new Error(`${server.name}: ${result.failures} failed requests`);
  server.turns.push((used * 1000) / Math.max(1, result.requests));
  server.requests.push(result.requests);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Least squares of `turn = a + b / requests` over a server's turns, read at `requests`. */
function fitted(server: Server, requests: number): number {
  const xs = server.requests.map((r) => 1 / r);
  const ys = server.turns;
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  const sxx = xs.reduce((sum, x) => sum + (x - mx) ** 2, 0);
  const b = sxx === 0 ? 0 : xs.reduce((sum, x, i) => sum + (x - mx) * (ys[i]! - my), 0) / sxx;
  return my + b * (1 / requests - mx);
}

async function main(): Promise<void> {
  if (!options.ref) throw new Error('--ref DIR: the reference checkout (built), e.g. /work/wt/ref24');
  const rounds = whole('rounds', options.rounds);
  const seconds = whole('seconds', options.seconds);
  const warmup = whole('warmup', options.warmup);
  const connections = whole('connections', options.connections);
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'dastan-compare-'));
  try {
    console.log(`Writing the bench blogs (${POSTS} posts each)…`);
    mkdirSync(path.join(tmp, 'ref'));
    mkdirSync(path.join(tmp, 'post'));
    const refBlog = writeBlogWith(path.resolve(options.ref), path.join(tmp, 'ref'));
    const written = await writeBenchBlog(path.join(tmp, 'post', 'bench.db'), POSTS);
    const postBlog: Blog = { databaseUrl: path.join(tmp, 'post', 'bench.db'), dataDir: path.join(tmp, 'post', 'data'), ...written };
    mkdirSync(postBlog.dataDir, { recursive: true });
    const plan: [string, string, Blog][] = [
      ['ref', path.resolve(options.ref), refBlog],
      ['post', ROOT, postBlog],
    ];
    let gadgetBlog: Blog | null = null;
    if (options.gadgets) {
      gadgetBlog = copyBlog(postBlog, path.join(tmp, 'gadgets'));
      await arrangeEveryGadget(gadgetBlog.databaseUrl, gadgetBlog.dataDir, written.blogId);
      plan.push(['gadgets', ROOT, gadgetBlog]);
    }
    if (options.base) {
      const base = path.resolve(options.base);
      plan.push(['base-post', base, copyBlog(postBlog, path.join(tmp, 'base-post'))]);
      if (gadgetBlog) plan.push(['base-gadgets', base, copyBlog(gadgetBlog, path.join(tmp, 'base-gadgets'))]);
    }
    const servers: Server[] = [];
    for (const [name, tree, blog] of plan) servers.push(await startServer(name, tree, blog));
    for (const s of servers) console.log(`${s.name}: ${s.blog.postPath}, ${s.bytes} bytes (${s.tree})`);
    console.log(`Warming each server for ${warmup} s…`);
    for (const s of servers) await turn(s, warmup, connections);
    for (const s of servers) {
      s.turns.length = 0;
      s.requests.length = 0;
    }
    console.log(
      `Load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}; ${rounds} rounds, wrk -t1 -c${connections} ${seconds} s a turn`,
    );
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 === 0 ? servers : [...servers].reverse();
      for (const s of order) await turn(s, seconds, connections);
      const ref = servers[0]!.turns[r]!;
      const line = servers.map((s) => `${s.name} ${s.turns[r]!.toFixed(0)} µs (${s.requests[r]} req, ×${(s.turns[r]! / ref).toFixed(3)})`);
      console.log(`round ${r + 1}: ${line.join('; ')}; load ${os.loadavg()[0]!.toFixed(1)}`);
    }
    const refMedian = median(servers[0]!.turns);
    // A turn with few requests costs more per request on every build (waking up for each): each server's
    // turns fitted to `a + b / requests` and read at one throughput for all take most of that out.
    const at = median(servers.flatMap((s) => s.requests));
    const refFitted = fitted(servers[0]!, at);
    console.log(
      `\nserver | median CPU µs/request (min–max) | ÷ ref median | median of round ratios | fitted at ${at} requests a turn | page bytes`,
    );
    for (const s of servers) {
      const ratios = s.turns.map((t, i) => t / servers[0]!.turns[i]!);
      const fit = fitted(s, at);
      console.log(
        `${s.name} | ${median(s.turns).toFixed(1)} (${Math.min(...s.turns).toFixed(0)}–${Math.max(...s.turns).toFixed(0)}) | ` +
          `${(median(s.turns) / refMedian).toFixed(3)} | ${median(ratios).toFixed(3)} | ${fit.toFixed(1)} µs, ×${(fit / refFitted).toFixed(3)} | ${s.bytes}`,
      );
    }
    console.log(
      `Load average at the end: ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
  } finally {
    await stopAllChildren();
    await rm(tmp, { recursive: true, force: true });
  }
}

try {
  await main();
} catch (error) {
  console.error(`compare-servers: ${(error as Error).message}`);
  await stopAllChildren();
  process.exitCode = 1;
}
