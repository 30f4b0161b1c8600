#!/usr/bin/env node
/**
 * Dashboard pages of two builds, interleaved (issue 13: "no dashboard page more than 10 % slower").
 * Each tree seeds its own 1,000-post bench blog with its own code (dashboard-compare-seed.ts), starts its
 * own `node bin/dastan.js serve` (uncached; both trees must be built), and the pages are loaded in turns:
 * each round sends every page N requests over 2 keep-alive connections to one server, then the other,
 * the order reversed every round. The figure is the server's CPU time per request (utime + stime from
 * /proc/PID/stat), which a loaded machine moves far less than wall time; the median of the rounds.
 *
 *   node scripts/dashboard-compare.mjs --ref /work/wt/ref24d [--rounds 8] [--requests 40]
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : fallback;
};
const ref = option('ref');
if (!ref) {
  console.error('usage: node scripts/dashboard-compare.mjs --ref DIR [--rounds 8] [--requests 40]');
  process.exit(2);
}
const ROUNDS = Number(option('rounds', '8'));
const REQUESTS = Number(option('requests', '40'));
const TICK_US = 1_000_000 / Number(spawnSync('getconf', ['CLK_TCK']).stdout.toString().trim() || 100);

const PAGES = [
  ['posts list', '/admin/blogs/bench/posts'],
  ['editor, new post', '/admin/blogs/bench/posts/new'],
  ['editor, a post', '/admin/blogs/bench/posts/{post}'],
  ['comment queue', '/admin/blogs/bench/comments'],
  ['stats', '/admin/blogs/bench/stats'],
  ['settings', '/admin/blogs/bench/settings'],
  ['comment settings', '/admin/blogs/bench/settings/comments'],
  ['theme', '/admin/blogs/bench/theme'],
  ['members', '/admin/blogs/bench/members'],
];

function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const cpuTicks = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(fields[11]) + Number(fields[12]);
};

function get(agent, port, pathName, cookie) {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: pathName, agent, headers: { host: 'localhost', cookie } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', reject);
  });
}

async function startTree(name, root) {
  const dir = mkdtempSync(path.join(tmpdir(), `dash-compare-${name}-`));
  const databaseUrl = path.join(dir, 'bench.db');
  const seed = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, 'bench/dashboard-compare-seed.ts'), root, databaseUrl], {
    cwd: root,
    encoding: 'utf8',
  });
  if (seed.status !== 0) throw new Error(`${name}: seeding failed\n${seed.stderr}`);
  const { cookie, postId } = JSON.parse(seed.stdout.trim().split('\n').pop());
  const port = await freePort();
  const env = { ...process.env, DATABASE_URL: databaseUrl, DATA_DIR: dir, PORT: String(port), HOST: '127.0.0.1' };
  Object.assign(env, { LOG_LEVEL: 'warn', BASE_DOMAIN: 'localhost', PAGE_CACHE_SECONDS: '0' });
  const child = spawn(process.execPath, ['bin/dastan.js', 'serve'], { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
  for (let i = 0; ; i++) {
    const status = await get(agent, port, '/', '').catch(() => 0);
    if (status === 200) break;
    if (i > 600) throw new Error(`${name}: the server did not start`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const pages = PAGES.map(([page, p]) => [page, p.replace('{post}', postId)]);
  for (const [page, p] of pages) {
    const status = await get(agent, port, p, cookie);
    if (status !== 200) console.log(`${name}: ${page} answers ${status}; left out`);
  }
  return { name, child, port, cookie, agent, pages, dir, samples: new Map() };
}

async function round(tree) {
  for (const [page, p] of tree.pages) {
    const before = cpuTicks(tree.child.pid);
    let sent = 0;
    let bad = 0;
    const worker = async () => {
      while (sent < REQUESTS) {
        sent++;
        if ((await get(tree.agent, tree.port, p, tree.cookie)) !== 200) bad++;
      }
    };
    await Promise.all([worker(), worker()]);
    if (bad === REQUESTS) continue;
    const us = ((cpuTicks(tree.child.pid) - before) * TICK_US) / REQUESTS;
    if (!tree.samples.has(page)) tree.samples.set(page, []);
    tree.samples.get(page).push(us);
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(`dashboard pages, ${ROUNDS} rounds of ${REQUESTS} requests a page; load average ${loadavg()[0].toFixed(1)}`);
const trees = [await startTree('ref', path.resolve(ref)), await startTree('this', here)];
try {
  for (const tree of trees) await round(tree); // warm-up
  for (const tree of trees) tree.samples.clear();
  for (let r = 0; r < ROUNDS; r++) {
    const order = r % 2 === 0 ? trees : [...trees].reverse();
    for (const tree of order) await round(tree);
  }
  console.log(`load average after: ${loadavg()[0].toFixed(1)}`);
  console.log('| page | ref CPU/request | this CPU/request | this ÷ ref |');
  console.log('| --- | --- | --- | --- |');
  for (const [page] of PAGES) {
    const a = trees[0].samples.get(page);
    const b = trees[1].samples.get(page);
    const fmt = (xs) => (xs ? `${Math.round(median(xs)).toLocaleString('en')} µs` : 'not measured');
    const ratio = a && b ? `${(median(b) / median(a)).toFixed(2)}×` : '—';
    console.log(`| ${page} | ${fmt(a)} | ${fmt(b)} | ${ratio} |`);
  }
} finally {
  for (const tree of trees) {
    tree.child.kill('SIGTERM');
    tree.agent.destroy();
  }
  await new Promise((r) => setTimeout(r, 500));
  for (const tree of trees) rmSync(tree.dir, { recursive: true, force: true });
}
