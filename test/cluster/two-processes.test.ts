/**
 * Two real app processes over one PostgreSQL database and one Redis (REDIS_URL), both caching pages: a
 * comment approved on process 1 (through the Blogger API) is on process 2's post page within a second,
 * though process 2 had the page cached and remembers hosts for five seconds (cluster-link.ts). Skips
 * cleanly without PostgreSQL or Redis. Process 1 runs from the source, process 2 from the built bundle
 * (`bin/dastan.js`, what `npm start` runs), so both ways of starting are proven to join the cluster.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { createServices } from '../../src/services.js';
import { openStorage, type Storage } from '../../src/storage/database.js';
import { migrateToLatest } from '../../src/storage/migrator.js';
import { postPath } from '../../src/domain/blogs/urls.js';
import { hasPostgres, POSTGRES_URL } from '../helpers/databases.js';

const REDIS = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const BASE_DOMAIN = 'example.test';

function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port) }, () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.setTimeout(2000, () => {
      socket.destroy();
      resolve(false);
    });
  });
}

async function admin(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function request(
  port: number,
  method: string,
  path: string,
  host: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers: { host, ...headers }, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const skip = !hasPostgres ? 'no PostgreSQL' : !(await reachable(REDIS)) ? 'no Redis' : false;
if (skip) console.log(`skipped: ${skip} (two app processes in step)`);

describe('two app processes in step through Redis', { skip }, () => {
  const database = `dastan_cluster_${process.pid}`;
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${database}`;
  const children: ChildProcess[] = [];
  const ports: number[] = [];
  let storage: Storage;
  let blogId = '';
  let postId = '';
  let path = '';
  let commentId = '';
  let token = '';

  /** `source` runs the TypeScript through tsx; `bundle` runs `bin/dastan.js`, the built bundle `npm start` runs. */
  async function startApp(from: 'source' | 'bundle'): Promise<number> {
    const port = await freePort();
    const command = from === 'bundle' ? ['bin/dastan.js', 'serve'] : ['--import', 'tsx', 'src/cli/main.ts', 'serve'];
    const child = spawn(process.execPath, command, {
      env: {
        ...process.env,
        DATABASE_URL: url.toString(),
        REDIS_URL: REDIS,
        PORT: String(port),
        HOST: '127.0.0.1',
        BASE_DOMAIN,
        PAGE_CACHE_SECONDS: '60',
        LOG_LEVEL: 'warn',
        DATA_DIR: `/tmp/dastan-cluster-${process.pid}-${port}`,
        SECRET_KEY: 'cluster-test-secret-key-long-enough-to-use',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
      if (child.exitCode !== null) throw new Error(`the app exited:\n${output}`);
      const ok = await request(port, 'GET', '/', `news.${BASE_DOMAIN}`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) return port;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`the app did not answer within 60 s:\n${output}`);
  }

  before(async () => {
    await admin(`create database ${database}`);
    storage = openStorage(url.toString());
    await migrateToLatest(storage);
    const services = createServices(storage, { baseDomain: BASE_DOMAIN });
    const blog = await services.blogs.createBlog({ name: 'news', title: 'News' });
    const owner = await services.users.createUser({ email: 'owner@example.com', displayName: 'Owner' });
    await services.users.addMember(blog.id, owner.id, 'owner');
    const post = await services.posts.createPost({ blogId: blog.id, title: 'Hello', body: '<p>Hi</p>', publishedAt: Date.now() - 60_000 });
    const held = await services.comments.addComment({
      blogId: blog.id,
      postId: post.id,
      authorName: 'Ayesha',
      body: 'Held-for-review',
      status: 'pending',
    });
    token = (await services.api.tokens.create(owner.id, 'cluster test', [{ blog: blog.id, level: 'admin' }])).token;
    blogId = blog.id;
    postId = post.id;
    path = postPath(post);
    commentId = held.id;
    // Process 2, whose page must change, is the bundle: its Redis client is loaded from a chunk of its own.
    ports.push(await startApp('source'), await startApp('bundle'));
  });

  after(async () => {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : Promise.resolve())));
    await storage?.close();
    await admin(`drop database if exists ${database} with (force)`);
  });

  test('a comment approved on process 1 is on process 2’s cached page within a second', async () => {
    const host = `news.${BASE_DOMAIN}`;
    const before = await request(ports[1]!, 'GET', path, host);
    assert.equal(before.status, 200);
    assert.doesNotMatch(before.body, /Held-for-review/);
    // Process 2 now has the page cached and the host remembered.
    assert.doesNotMatch((await request(ports[1]!, 'GET', path, host)).body, /Held-for-review/);

    const approved = await request(ports[0]!, 'POST', `/v3/blogs/${blogId}/posts/${postId}/comments/${commentId}/approve`, host, {
      authorization: `Bearer ${token}`,
    });
    assert.equal(approved.status, 200, approved.body);
    const started = Date.now();
    let seen = false;
    while (Date.now() - started < 1000 && !seen) {
      seen = /Held-for-review/.test((await request(ports[1]!, 'GET', path, host)).body);
      if (!seen) await new Promise((r) => setTimeout(r, 20));
    }
    assert.ok(seen, 'process 2 still served the page without the approved comment a second later');
  });
});
