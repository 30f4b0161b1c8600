/**
 * Issue 19's held-connections proof, over real sockets against a real `dastan serve` process: 1,000
 * connections opened on a post page and held slowloris-style (a header line every two seconds, for 30
 * s) do not keep readers out — normal requests are answered all the while — the server closes every
 * held one itself once its headers are overdue, idle kept-alive connections are closed too, and after it
 * the server holds no more file descriptors or memory than before.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { postPath } from '../../src/domain/blogs/urls.js';
import { openMigratedStorage } from '../../src/storage/migrator.js';
import { makeBlog, makePost, servicesFor } from '../helpers/factories.js';
import { startServeProcess } from '../helpers/serve-process.js';

const HELD = 1_000;
const HOLD_SECONDS = 30;
const HOST = 'www.example.test';

const dir = mkdtempSync(path.join(tmpdir(), 'dastan-held-'));
let server: ChildProcess;
let port = 0;
let postUrl = '';

const fdCount = () => readdirSync(`/proc/${server.pid}/fd`).length;
const rssMb = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))![1]) / 1024;

/** One ordinary request on a fresh connection: its status and how long it took. */
async function normalRequest(): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const res = await fetch(`http://127.0.0.1:${port}${postUrl}`, { headers: { host: HOST, connection: 'close' } });
  await res.arrayBuffer();
  return { status: res.status, ms: performance.now() - started };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe('held connections', { skip: process.platform === 'linux' ? false : 'reads /proc' }, () => {
  before(async () => {
    const databaseUrl = path.join(dir, 'dastan.db');
    const storage = await openMigratedStorage(databaseUrl);
    const services = servicesFor(storage, undefined, { dataDir: dir });
    const blog = await makeBlog(services, { name: 'www', title: 'Held' });
    const post = await makePost(services, blog, { title: 'A post page', publishedAt: Date.now() - 60_000 });
    postUrl = postPath(post);
    await storage.close();

    ({ server, port } = await startServeProcess(databaseUrl, dir));
  });
  after(() => {
    server?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  test(`${HELD} connections held slowloris-style for ${HOLD_SECONDS} s keep no reader out and leak nothing`, async () => {
    const warm: number[] = [];
    for (let i = 0; i < 20; i++) {
      const r = await normalRequest();
      assert.equal(r.status, 200);
      warm.push(r.ms);
    }
    const fdsBefore = fdCount();
    const rssBefore = rssMb();

    const sockets: net.Socket[] = [];
    let closedByServer = 0;
    let opened = 0;
    for (let i = 0; i < HELD; i++) {
      const socket = net.connect(port, '127.0.0.1');
      socket.on('connect', () => {
        opened++;
        socket.write(`GET ${postUrl} HTTP/1.1\r\nHost: ${HOST}\r\nUser-Agent: held/${i}\r\n`);
      });
      socket.on('data', () => {});
      socket.on('error', () => {});
      socket.on('close', () => closedByServer++);
      sockets.push(socket);
    }
    const trickle = setInterval(() => {
      for (const s of sockets) if (!s.destroyed && s.writable) s.write(`X-Held: ${Date.now()}\r\n`);
    }, 2_000);

    const during: number[] = [];
    const started = Date.now();
    try {
      while (Date.now() - started < HOLD_SECONDS * 1000) {
        await sleep(1_000);
        const r = await normalRequest();
        assert.equal(r.status, 200, 'a reader was kept out while connections were held');
        during.push(r.ms);
      }
    } finally {
      clearInterval(trickle);
    }
    assert.ok(opened >= HELD * 0.99, `only ${opened} of ${HELD} connections opened`);
    // Their headers were overdue (15 s) well before the attacker stopped: the server closed every one.
    assert.equal(closedByServer, HELD, `${HELD - closedByServer} held connections still open after ${HOLD_SECONDS} s`);
    for (const s of sockets) s.destroy();

    // Kept-alive connections left idle are closed by the server too.
    const idle = await Promise.all(
      Array.from(
        { length: 200 },
        () =>
          new Promise<net.Socket>((resolve) => {
            const s = net.connect(port, '127.0.0.1', () => s.write(`GET ${postUrl} HTTP/1.1\r\nHost: ${HOST}\r\n\r\n`));
            s.once('data', () => resolve(s));
            s.on('error', () => {});
          }),
      ),
    );
    await sleep(8_000);
    assert.equal(idle.filter((s) => !s.destroyed && s.readyState === 'open').length, 0, 'idle kept-alive connections left open');
    for (const s of idle) s.destroy();

    await sleep(1_000);
    const after: number[] = [];
    for (let i = 0; i < 20; i++) after.push((await normalRequest()).ms);
    const fdsAfter = fdCount();
    const rssAfter = rssMb();
    console.log(
      `held connections: ${opened} opened, ${closedByServer} closed by the server; normal requests median ${median(warm).toFixed(1)} ms before, ` +
        `${median(during).toFixed(1)} ms during (max ${Math.max(...during).toFixed(1)} ms, ${during.length} requests), ${median(after).toFixed(1)} ms after; ` +
        `file descriptors ${fdsBefore} → ${fdsAfter}; RSS ${rssBefore.toFixed(0)} → ${rssAfter.toFixed(0)} MB`,
    );
    assert.ok(fdsAfter <= fdsBefore + 5, `file descriptors ${fdsBefore} → ${fdsAfter}`);
    assert.ok(rssAfter <= rssBefore + 64, `RSS ${rssBefore.toFixed(0)} → ${rssAfter.toFixed(0)} MB`);
  });
});
