/**
 * `npm run bench:cached`: the cached post page against a bare `node:http` server (and nginx) sending the
 * same bytes, measured in interleaved rounds — Dastan, bare Node, nginx, Dastan, bare Node, … — so that
 * a machine shared with other work slows every server alike and the ratio holds where absolute figures
 * do not. Prints each round and the median ratio of requests per second and of CPU time per request.
 *
 * BENCH_ROUNDS (default 5), BENCH_SECONDS (default 5) per server per round. BENCH_OTHER=DIR: also
 * measure the Dastan built in DIR (another checkout, `node scripts/build-server.mjs` run there), as
 * "other", in the same rounds: a before/after of a change.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeBenchBlog } from './bench-blog.js';
import { cpuMs, freePort, get, startChild, stopAllChildren, waitForPage, type Child } from './processes.js';
import { loadGenerator, runLoad } from './load-generator.js';
import { hasNginx, startNginx } from './nginx-server.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CONNECTIONS = 50;
const SAME_HEADERS = 'bare full';
const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';

interface Server {
  name: string;
  child: Child;
  port: number;
}

const whole = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name}: a whole number from 1`);
  return value;
};

async function startDastan(
  name: string,
  root: string,
  databaseUrl: string,
  dataDir: string,
  host: string,
  urlPath: string,
): Promise<Server> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    BASE_DOMAIN: 'localhost',
    PAGE_CACHE_SECONDS: '3600',
  };
  delete env.DASTAN_CONFIG;
  const child = startChild(['bin/dastan.js', 'serve'], env, root);
  await waitForPage(child, port, urlPath, host);
  return { name, child, port };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  const rounds = whole('BENCH_ROUNDS', 5);
  const seconds = whole('BENCH_SECONDS', 5);
  console.log(
    `Cached post page, ${rounds} interleaved rounds of ${seconds} s per server, ${CONNECTIONS} connections, load from ${loadGenerator()}`,
  );
  console.log(`Node ${process.version}; load average before the run: ${os.loadavg()[0]!.toFixed(2)}`);
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'dastan-cached-'));
  try {
    const databaseUrl = path.join(tmp, 'bench.db');
    const blog = await writeBenchBlog(databaseUrl, 1000, () => {});
    const servers = [await startDastan('dastan', ROOT, databaseUrl, path.join(tmp, 'data'), blog.host, blog.postPath)];
    if (process.env.BENCH_OTHER)
      servers.push(
        await startDastan('other', path.resolve(process.env.BENCH_OTHER), databaseUrl, path.join(tmp, 'data'), blog.host, blog.postPath),
      );
    const page = await get(servers[0]!.port, blog.postPath, blog.host);
    const pages = new Map([[blog.postPath, page]]);
    const manifest = path.join(tmp, 'baseline.json');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path.join(tmp, 'page.html'), page.body);
    const entry = { path: blog.postPath, file: path.join(tmp, 'page.html'), contentType: page.contentType, headers: page.headers };
    writeFileSync(manifest, JSON.stringify([entry]));
    // Bare node:http twice: with its own two headers, and with the whole header list Dastan sends.
    for (const [name, mode] of [
      ['bare node', 'own-headers'],
      [SAME_HEADERS, 'same-headers'],
    ] as const) {
      const port = await freePort();
      const child = startChild(['--import', 'tsx', 'bench/baseline-server.ts', String(port), manifest, mode], process.env, ROOT);
      await waitForPage(child, port, blog.postPath, blog.host);
      servers.push({ name, child, port });
    }
    if (hasNginx()) servers.push({ name: 'nginx', ...(await startNginx(tmp, blog.host, pages)) });

    const results = new Map(servers.map((s) => [s.name, [] as { rps: number; cpuUs: number }[]]));
    const options = { path: blog.postPath, connections: CONNECTIONS, headers: { host: blog.host, 'user-agent': BROWSER_UA } };
    // Long enough for the optimizing compiler to finish with the request path on a busy machine.
    for (const server of servers) await runLoad({ ...options, port: server.port, seconds: 6 }, 0);
    for (let round = 1; round <= rounds; round++) {
      const line: string[] = [];
      for (const server of servers) {
        const before = cpuMs(server.child.pid);
        const result = await runLoad({ ...options, port: server.port, seconds }, 0);
        const cpuUs = ((cpuMs(server.child.pid) - before) * 1000) / Math.max(1, result.requests);
        if (result.failures > 0) throw new Error(`${server.name}: ${result.failures} failed requests`);
        results.get(server.name)!.push({ rps: result.requestsPerSecond, cpuUs });
        line.push(`${server.name} ${Math.round(result.requestsPerSecond).toLocaleString('en')} req/s (${Math.round(cpuUs)} µs)`);
      }
      console.log(`round ${round}: ${line.join(' · ')}`);
    }
    console.log(
      `Load average after the run: ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    console.log(`\n"bare node" sends the page with its own two headers; "${SAME_HEADERS}" sends it with Dastan's whole header list.`);
    for (const base of ['bare node', SAME_HEADERS]) {
      const baseRuns = results.get(base)!;
      console.log(`Median of the rounds, each against ${base} in the same round:`);
      for (const server of servers) {
        const runs = results.get(server.name)!;
        const rpsRatio = median(runs.map((r, i) => r.rps / baseRuns[i]!.rps));
        const cpuRatio = median(runs.map((r, i) => baseRuns[i]!.cpuUs / r.cpuUs));
        console.log(
          `  ${server.name.padEnd(10)} ${Math.round(median(runs.map((r) => r.rps)))
            .toLocaleString('en')
            .padStart(7)} req/s, ${median(runs.map((r) => r.cpuUs)).toFixed(1)} µs  ` +
            `${Math.round(rpsRatio * 100)} % of ${base}'s req/s, ${Math.round(cpuRatio * 100)} % of its efficiency (CPU per request)`,
        );
      }
    }
  } finally {
    await stopAllChildren();
    await rm(tmp, { recursive: true, force: true });
  }
}

try {
  await main();
} catch (error) {
  console.error(`bench: ${(error as Error).message}`);
  process.exitCode = 1;
}
