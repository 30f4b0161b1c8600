/**
 * `npm run bench:cluster`: Dastan as several app processes in step. On one fresh PostgreSQL database and
 * one Redis (REDIS_URL), it starts 1, 2 and 4 `dastan serve` processes behind nginx (Debian's package,
 * an upstream in round robin, a temporary config), loads the post page uncached and cached with the
 * machine's load generator (wrk when installed) and prints req/s and latency for each number of
 * processes. Then, with the cache on, it measures staleness: a comment approved through the Blogger API
 * on process 1, and process N's cached post page polled until the comment is on it; median and maximum
 * of several samples. A program, not a test (test/cluster/two-processes.test.ts is the test).
 *
 * Options: --nodes 1,2,4 (default), --posts 200, --samples 9; CLUSTER_SECONDS (default 5 a load),
 * CLUSTER_CONNECTIONS (32), BENCH_POSTGRES_URL, BENCH_REDIS_URL (default redis://127.0.0.1:6379/13).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { freshPostgresDatabase } from './postgres-database.js';
import { openStorage } from '../src/storage/database.js';
import { createServices } from '../src/services.js';
import { writeBenchBlog } from './bench-blog.js';
import { hasNginx } from './nginx-server.js';
import { freePort, get, startChild, stopAllChildren, waitForPage, type Child } from './processes.js';
import { loadGenerator, runLoad, type LoadResult } from './load-generator.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/13';
const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx';

interface Setup {
  databaseUrl: string;
  dir: string;
  host: string;
  postPath: string;
  blogId: string;
  postId: string;
  token: string;
}

interface Staleness {
  sent: number;
  answered: number;
}

interface LoadRow extends LoadResult {
  nodes: number;
  cached: boolean;
}

function settings() {
  const { values } = parseArgs({
    options: {
      nodes: { type: 'string', default: '1,2,4' },
      posts: { type: 'string', default: '200' },
      samples: { type: 'string', default: '9' },
    },
  });
  const nodes = values.nodes.split(',').map(Number);
  if (nodes.some((n) => !Number.isInteger(n) || n < 1 || n > 16))
    throw new Error('--nodes: numbers of processes from 1 to 16, comma-separated');
  return {
    nodes,
    posts: Number(values.posts),
    samples: Number(values.samples),
    seconds: Number(process.env.CLUSTER_SECONDS ?? 5),
    connections: Number(process.env.CLUSTER_CONNECTIONS ?? 32),
  };
}

/** The blog (written through the services), its newest post, and an admin token of its owner for the API. */
async function writeData(databaseUrl: string, posts: number, dir: string): Promise<Setup> {
  const blog = await writeBenchBlog(databaseUrl, posts);
  const storage = openStorage(databaseUrl);
  try {
    const services = createServices(storage, { baseDomain: 'localhost' });
    const owner = await services.users.createUser({ email: 'owner@example.com', displayName: 'Owner' });
    await services.users.addMember(blog.blogId, owner.id, 'owner');
    const { token } = await services.api.tokens.create(owner.id, 'cluster bench', [{ blog: blog.blogId, level: 'admin' }]);
    const newest = await storage.db
      .selectFrom('posts')
      .select('id')
      .where('blog_id', '=', blog.blogId)
      .where('kind', '=', 'post')
      .orderBy('published_at', 'desc')
      .executeTakeFirstOrThrow();
    return { databaseUrl, dir, host: blog.host, postPath: blog.postPath, blogId: blog.blogId, postId: newest.id, token };
  } finally {
    await storage.close();
  }
}

/** `n` app processes on the database and Redis, each on its own port; resolves when all serve the blog. */
async function startApps(setup: Setup, n: number, cacheSeconds: number): Promise<{ children: Child[]; ports: number[] }> {
  const ports = await Promise.all(Array.from({ length: n }, () => freePort()));
  const children = ports.map((port, i) => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: setup.databaseUrl,
      REDIS_URL,
      DATA_DIR: path.join(setup.dir, `data-${i}`),
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      BASE_DOMAIN: 'localhost',
      PAGE_CACHE_SECONDS: String(cacheSeconds),
      API_RATE_LIMIT: '1000000',
    };
    delete env.DASTAN_CONFIG;
    return startChild(['bin/dastan.js', 'serve'], env, ROOT);
  });
  await Promise.all(children.map((child, i) => waitForPage(child, ports[i]!, setup.postPath, setup.host, 120_000)));
  return { children, ports };
}

/** nginx in front of `ports`: one upstream, round robin, kept-alive connections to the apps. */
async function startNginx(dir: string, ports: readonly number[], host: string, probe: string): Promise<{ child: Child; port: number }> {
  const root = path.join(dir, `nginx-${ports.length}`);
  mkdirSync(path.join(root, 'temp'), { recursive: true });
  const port = await freePort();
  const conf = path.join(root, 'nginx.conf');
  writeFileSync(
    conf,
    [
      'daemon off;',
      'worker_processes 1;',
      `pid ${root}/nginx.pid;`,
      `error_log ${root}/error.log warn;`,
      'events { worker_connections 4096; }',
      'http {',
      '  access_log off;',
      `  client_body_temp_path ${root}/temp;`,
      `  proxy_temp_path ${root}/temp;`,
      '  upstream dastan {',
      ...ports.map((p) => `    server 127.0.0.1:${p};`),
      '    keepalive 64;',
      '  }',
      '  server {',
      `    listen 127.0.0.1:${port};`,
      '    location / {',
      '      proxy_pass http://dastan;',
      '      proxy_http_version 1.1;',
      '      proxy_set_header Connection "";',
      '      proxy_set_header Host $host;',
      '      proxy_set_header X-Forwarded-For $remote_addr;',
      '    }',
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  const child = startChild(['-p', root, '-c', conf], process.env, root, NGINX);
  await waitForPage(child, port, probe, host);
  return { child, port };
}

function request(
  port: number,
  method: string,
  urlPath: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: urlPath, headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * One sample: a held comment is added; the reader's process caches the page without it; the comment is
 * approved on the writer's process; the reader's page is polled until it shows the comment. Returns ms
 * from the approval's answer to the sending of the first request that got the new page (how long the
 * change took to reach the other process), and to that page's answer (which adds rendering it afresh).
 */
async function staleness(setup: Setup, writer: number, reader: number, sample: string): Promise<Staleness> {
  const marker = `cluster-sample-${process.pid}-${sample}`;
  const storage = openStorage(setup.databaseUrl);
  let commentId: string;
  try {
    const services = createServices(storage, { baseDomain: 'localhost' });
    const held = await services.comments.addComment({
      blogId: setup.blogId,
      postId: setup.postId,
      authorName: 'Reader',
      body: marker,
      status: 'pending',
    });
    commentId = held.id;
  } finally {
    await storage.close();
  }
  // The reader's process has the page cached (twice: the second is a hit), without the held comment.
  for (let i = 0; i < 2; i++) {
    const page = await get(reader, setup.postPath, setup.host);
    if (page.body.includes(marker)) throw new Error('a held comment is on the page before its approval');
  }
  const approved = await request(writer, 'POST', `/v3/blogs/${setup.blogId}/posts/${setup.postId}/comments/${commentId}/approve`, {
    host: setup.host,
    authorization: `Bearer ${setup.token}`,
  });
  if (approved.status !== 200) throw new Error(`the approval answered ${approved.status}: ${approved.body.slice(0, 300)}`);
  const started = performance.now();
  for (;;) {
    const sent = performance.now() - started;
    if ((await get(reader, setup.postPath, setup.host)).body.includes(marker)) return { sent, answered: performance.now() - started };
    if (performance.now() - started > 10_000) throw new Error('the approved comment was not on the other process within 10 s');
    await new Promise((r) => setTimeout(r, 2));
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function main(): Promise<void> {
  const options = settings();
  if (!hasNginx()) throw new Error(`no nginx at ${NGINX} (Debian's package; NGINX_PATH names another)`);
  console.log(
    `Dastan cluster bench: ${options.nodes.join(', ')} processes behind nginx, PostgreSQL and Redis (${REDIS_URL}); ` +
      `${loadGenerator()}, ${options.connections} connections, ${options.seconds} s a load; ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(2)}`,
  );
  const build = spawnSync(process.execPath, ['scripts/build-server.mjs'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the build failed');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dastan-cluster-'));
  const database = await freshPostgresDatabase(POSTGRES_URL, `dastan_cluster_bench_${process.pid}`);
  const onSignal = () =>
    void stopAllChildren()
      .then(() => database.drop())
      .finally(() => rm(dir, { recursive: true, force: true }).finally(() => process.exit(130)));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const loads: LoadRow[] = [];
  const stale: { nodes: number; ms: Staleness[] }[] = [];
  try {
    console.log(`Writing ${options.posts} posts…`);
    const setup = await writeData(database.url, options.posts, dir);
    for (const cached of [false, true]) {
      for (const n of options.nodes) {
        const apps = await startApps(setup, n, cached ? 60 : 0);
        const proxy = await startNginx(dir, apps.ports, setup.host, setup.postPath);
        try {
          const result = await runLoad({
            port: proxy.port,
            path: setup.postPath,
            headers: { host: setup.host },
            seconds: options.seconds,
            connections: options.connections,
          });
          loads.push({ nodes: n, cached, ...result });
          console.log(
            `  ${n} process${n > 1 ? 'es' : ''}, ${cached ? 'cached' : 'uncached'}: ${Math.round(result.requestsPerSecond)} req/s, ` +
              `p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms${result.failures ? `, ${result.failures} failed` : ''}`,
          );
          if (cached && n > 1) {
            const ms: Staleness[] = [];
            for (let s = 0; s < options.samples; s++) ms.push(await staleness(setup, apps.ports[0]!, apps.ports[n - 1]!, `${n}-${s}`));
            stale.push({ nodes: n, ms });
            console.log(`  staleness, process 1 → ${n}: ${summary(ms)}`);
          }
        } finally {
          await proxy.child.stop();
          await Promise.all(apps.children.map((c) => c.stop()));
        }
      }
    }
    printTable(loads, stale, options.samples);
  } finally {
    await stopAllChildren();
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Median and maximum of the samples, to the request that saw the change and to its answer. */
function summary(samples: readonly Staleness[]): string {
  const figures = (values: number[]) => `${median(values).toFixed(1)} ms | ${Math.max(...values).toFixed(1)} ms`;
  return `${figures(samples.map((s) => s.sent))} | ${figures(samples.map((s) => s.answered))}`;
}

function printTable(loads: readonly LoadRow[], stale: readonly { nodes: number; ms: Staleness[] }[], samples: number): void {
  console.log(`\nThe post page through nginx, load by ${loadGenerator()}: req/s, p50 / p99 (ms)`);
  console.log('| processes | uncached: req/s | uncached: p50 / p99 | cached: req/s | cached: p50 / p99 |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const n of [...new Set(loads.map((l) => l.nodes))]) {
    const cell = (cached: boolean) => {
      const row = loads.find((l) => l.nodes === n && l.cached === cached);
      return row ? `${Math.round(row.requestsPerSecond).toLocaleString('en')} | ${row.p50.toFixed(1)} / ${row.p99.toFixed(1)}` : '– | –';
    };
    console.log(`| ${n} | ${cell(false)} | ${cell(true)} |`);
  }
  if (stale.length === 0) return;
  console.log(`\nStaleness: a comment approved on process 1, until process N's cached page shows it (${samples} samples)`);
  console.log('| processes | request sent: median | max | page answered: median | max |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const s of stale) console.log(`| ${s.nodes} | ${summary(s.ms)} |`);
}

try {
  await main();
} catch (error) {
  console.error(`bench:cluster: ${(error as Error).message}`);
  process.exitCode = 1;
}
