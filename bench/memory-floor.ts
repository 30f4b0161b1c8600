/**
 * `npm run bench:memory-floor`: how much of an idle `dastan serve`'s memory is Dastan's own, and how much
 * the parts PRODUCT.md chose take by themselves. Four servers, one after another, each on a copy of a
 * fresh demo database: a bare node:http server; the chosen parts with no Dastan code
 * (scripts/memory-floor-server.mjs, bundled as `dastan serve` is: Fastify and its plugins, pino,
 * better-sqlite3 and Kysely, LiquidJS, in the same idle mode); the same with one date written by Intl, as every reader page writes its posts'
 * dates; and `dastan serve` itself. Each gets one page (`dastan serve`: its home page, then a post), then
 * IDLE_SECONDS (default 15) of quiet, then its VmRSS is read, with the part of it that is the files it maps
 * (the `node` binary, whose pages include ICU's data) and the part that is its own (the V8 heap, malloc).
 * Needs a build (`npm run build`). A program, not a test.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';
import { freePort, get, startChild, stopAllChildren, waitForPage, type Child } from './processes.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const IDLE_SECONDS = Number(process.env.IDLE_SECONDS ?? 15);
const POST = '/2026/08/comments-that-hold-a-conversation.html';

interface Reading {
  server: string;
  rss: number;
  file: number;
  anon: number;
}

function memoryOf(pid: number): { rss: number; file: number; anon: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)\\s+kB`, 'm').exec(status)?.[1] ?? NaN) / 1024;
  return { rss: kb('VmRSS'), file: kb('RssFile'), anon: kb('RssAnon') };
}

async function read(server: string, child: Child, port: number, paths: readonly string[], host: string): Promise<Reading> {
  await waitForPage(child, port, paths[0]!, host);
  for (const p of paths.slice(1)) {
    const res = await get(port, p, host);
    if (res.status !== 200) throw new Error(`${server}: ${p} answered ${res.status}`);
  }
  await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000));
  const reading = { server, ...memoryOf(child.pid) };
  await child.stop();
  return reading;
}

/**
 * The floor server bundled as `dastan serve` is (scripts/build-server.mjs: one file a part, loaded when
 * imported, native addons and Fastify's unused schema compilers left as packages), so that the parts cost
 * here what they cost in Dastan: loaded from node_modules file by file, Kysely's 400 modules alone hold
 * some 4 MB more. Written inside the project so that the packages left out resolve.
 */
const FLOOR_BUNDLE = path.join(ROOT, 'dist', '.memory-floor');

async function bundledFloorServer(): Promise<string> {
  await build({
    entryPoints: { 'memory-floor-server': path.join(ROOT, 'scripts/memory-floor-server.mjs') },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    splitting: true,
    outdir: FLOOR_BUNDLE,
    external: ['better-sqlite3', '@fastify/ajv-compiler', '@fastify/fast-json-stringify-compiler'],
    banner: { js: "import { createRequire as __dastanRequire } from 'node:module'; const require = __dastanRequire(import.meta.url);" },
    legalComments: 'none',
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning',
  });
  return path.join(FLOOR_BUNDLE, 'memory-floor-server.js');
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dastan-memory-floor-'));
  try {
    const demo = path.join(dir, 'demo.db');
    const made = spawnSync(process.execPath, ['bin/dastan.js', 'demo'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: demo },
      encoding: 'utf8',
    });
    if (made.status !== 0) throw new Error(`dastan demo failed: ${made.stderr}`);
    const readings: Reading[] = [];
    const script = await bundledFloorServer();
    for (const [variant, label] of [
      ['bare', 'bare node:http'],
      ['parts', 'the chosen parts, no Dastan code'],
      ['parts-date', 'the chosen parts and one date written by Intl'],
    ] as const) {
      const port = await freePort();
      const child = startChild([script, variant, String(port), demo], process.env, ROOT);
      readings.push(await read(label, child, port, ['/'], '127.0.0.1'));
    }
    const port = await freePort();
    const env = { ...process.env, DATABASE_URL: demo, PORT: String(port), HOST: '127.0.0.1', BASE_DOMAIN: 'localhost', LOG_LEVEL: 'warn' };
    const child = startChild(['bin/dastan.js', 'serve'], env, ROOT);
    readings.push(await read('dastan serve (home page, then a post)', child, port, ['/', POST], 'demo.localhost'));

    console.log(`Idle memory, ${IDLE_SECONDS} s after one page (Node ${process.version}), MB`);
    console.log('| server | VmRSS | files mapped (the node binary, ICU) | its own (V8 heap, malloc) |');
    console.log('| --- | --- | --- | --- |');
    for (const r of readings) console.log(`| ${r.server} | ${r.rss.toFixed(1)} | ${r.file.toFixed(1)} | ${r.anon.toFixed(1)} |`);
  } finally {
    await stopAllChildren();
    rmSync(dir, { recursive: true, force: true });
    rmSync(FLOOR_BUNDLE, { recursive: true, force: true });
  }
}

await main();
