/**
 * Issue 19's durability proof, on SQLite and PostgreSQL: a real `dastan serve` process takes posts
 * published through the dashboard's form from two writers at once, and comments from a signed-in member
 * and from signed-out readers (each from its own address) through the comment form, and is killed with
 * SIGKILL at a random moment, five times, restarted each time. Every publish (303) and every comment
 * (201) the server acknowledged must be there afterwards, none twice, and the database must pass its
 * integrity check.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { sql } from 'kysely';
import { openStorage } from '../../src/storage/database.js';
import { migrateToLatest } from '../../src/storage/migrator.js';
import { POSTGRES_URL, testDatabases } from '../helpers/databases.js';
import { makeBlog, servicesFor, TestClock } from '../helpers/factories.js';
import { startServeProcess } from '../helpers/serve-process.js';

const KILLS = 5;

/** One request with exactly these headers (fetch would put its own Host in). */
function send(port: number, method: string, url: string, headers: Record<string, string>, body?: string) {
  return new Promise<{ status: number; text: string; cookies: string[] }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: url, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, text, cookies: res.headers['set-cookie'] ?? [] }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
const HOST = 'www.example.test';

/**
 * Two commenters on one post, through the blog's comment form as JSON (as the page's script sends it):
 * a signed-in member, and signed-out readers who each come from their own address (so the flood limit,
 * one comment per address every 15 s, does not stop them). Each records the comments answered 201.
 */
class CommentWriters {
  readonly acknowledged: { id: string; text: string; who: string }[] = [];
  sent = 0;
  private stamp = '';
  private postId = '';
  private readonly jars = new Map<string, Map<string, string>>();
  private readonly tokens = new Map<string, string>();
  private address = 0;

  constructor(
    private readonly postPath: string,
    cookies: { member: string },
  ) {
    this.jars.set('member', new Map([['dastan_session', cookies.member]]));
    this.jars.set('reader', new Map());
  }

  private cookie(who: string): string {
    return [...this.jars.get(who)!.values()].join('; ');
  }

  /** The form's stamp (once: it stays valid for two days, and must be 3 s old) and each writer's token. */
  async prepare(port: number): Promise<void> {
    if (!this.stamp) {
      const page = await send(port, 'GET', this.postPath, { host: HOST });
      this.stamp = /name="_ts" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
      this.postId = /name="postId" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
      assert.ok(this.stamp && this.postId, `no comment form on ${this.postPath} (${page.status})`);
      await sleep(3100);
    }
    for (const who of this.jars.keys()) {
      const res = await send(port, 'GET', '/comments/token', { host: HOST, cookie: this.cookie(who) });
      assert.equal(res.status, 200, `the ${who}'s token: ${res.status}`);
      for (const c of res.cookies.map((one) => one.split(';')[0]!)) this.jars.get(who)!.set(c.split('=')[0]!, c);
      this.tokens.set(who, (JSON.parse(res.text) as { csrf: string }).csrf);
    }
  }

  async write(port: number, round: number, who: string, stopped: () => boolean): Promise<void> {
    for (let i = 0; !stopped(); i++) {
      const text = `Round ${round} ${who} comment ${i}`;
      this.sent++;
      const headers: Record<string, string> = {
        host: HOST,
        cookie: this.cookie(who),
        accept: 'application/json',
        'content-type': 'application/x-www-form-urlencoded',
      };
      if (who === 'reader') headers['x-forwarded-for'] = `198.51.100.${this.address++ % 250}, 10.0.0.${Math.floor(this.address / 250)}`;
      let res;
      try {
        res = await send(
          port,
          'POST',
          '/comments',
          headers,
          new URLSearchParams({
            _csrf: this.tokens.get(who)!,
            postId: this.postId,
            _ts: this.stamp,
            name: who === 'reader' ? 'Rita Reader' : '',
            body: `${text}: a thoughtful remark.`,
          }).toString(),
        );
      } catch {
        return; // the server is gone
      }
      if (res.status === 201) this.acknowledged.push({ id: (JSON.parse(res.text) as { id: string }).id, text, who });
      else assert.fail(`${text}: ${res.status} ${res.text.slice(0, 300)}`);
    }
  }

  count(who: string): number {
    return this.acknowledged.filter((c) => c.who === who).length;
  }
}

for (const database of testDatabases) {
  describe(`kill -9 while writing on ${database.name}`, { skip: database.skip }, () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dastan-kill-'));
    const schema = `k_${randomBytes(5).toString('hex')}`;
    const url =
      database.name === 'sqlite'
        ? path.join(dir, 'dastan.db')
        : `${POSTGRES_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    const searchPath = database.name === 'postgres' ? schema : undefined;
    let server: ChildProcess | undefined;

    after(async () => {
      server?.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      if (searchPath) {
        const cleaner = new pg.Client({ connectionString: POSTGRES_URL });
        await cleaner.connect();
        await cleaner.query(`drop schema if exists ${schema} cascade`);
        await cleaner.end();
      }
    });

    async function startServer(): Promise<number> {
      // Behind a proxy as far as the server knows: each signed-out commenter comes from its own address.
      const started = await startServeProcess(url, dir, { TRUST_PROXY: 'true' });
      server = started.server;
      return started.port;
    }

    test(`every acknowledged publish survives ${KILLS} SIGKILLs`, async () => {
      if (searchPath) {
        const admin = new pg.Client({ connectionString: POSTGRES_URL });
        await admin.connect();
        await admin.query(`create schema ${schema}`);
        await admin.end();
      }
      const storage = openStorage(database.name === 'sqlite' ? url : POSTGRES_URL, { searchPath });
      await migrateToLatest(storage);
      const services = servicesFor(storage, new TestClock(Date.now()), { dataDir: dir });
      const blog = await makeBlog(services, { name: 'www' });
      const owner = await services.users.createUser({ email: 'owner@example.com', displayName: 'Olive Owner' });
      await services.users.addMember(blog.id, owner.id, 'owner');
      // The post's own author comments on it (a member whose comments the flood limit never holds).
      const member = await services.users.createUser({ email: 'author@example.com', displayName: 'Ada Author' });
      await services.users.addMember(blog.id, member.id, 'author');
      const target = await services.editor.create(
        blog,
        'post',
        {
          title: 'Comment here',
          body: '<p>Comments welcome.</p>',
          format: 'html',
          labels: [],
          slug: 'comment-here',
          searchDescription: '',
          commentsSetting: 'allow',
          author: member,
          role: 'author',
        },
        'publish',
        member.id,
      );
      const { token } = await services.sessions.start(owner);
      const memberSession = await services.sessions.start(member);
      await storage.close();
      const comments = new CommentWriters(`/${target.path_year}/${String(target.path_month).padStart(2, '0')}/${target.slug}.html`, {
        member: `dastan_session=${memberSession.token}`,
      });
      const jar = new Map([['dastan_session', `dastan_session=${token}`]]);

      const acknowledged: string[] = [];
      let sent = 0;
      for (let round = 1; round <= KILLS; round++) {
        const port = await startServer();
        const form = await send(port, 'GET', '/admin/blogs/www/posts/new', { host: HOST, cookie: [...jar.values()].join('; ') });
        assert.equal(form.status, 200, `round ${round}: the form answered ${form.status}`);
        const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)?.[1];
        assert.ok(csrf, `round ${round}: no form token`);
        // The page may renew the session: its cookies replace ours by name.
        for (const c of form.cookies.map((one) => one.split(';')[0]!)) jar.set(c.split('=')[0]!, c);
        const cookies = [...jar.values()].join('; ');
        let stop = false;
        const writer = async (name: string) => {
          for (let i = 0; !stop; i++) {
            const title = `Round ${round} writer ${name} post ${i}`;
            sent++;
            try {
              const res = await send(
                port,
                'POST',
                '/admin/blogs/www/posts',
                { host: HOST, cookie: cookies, 'content-type': 'application/x-www-form-urlencoded' },
                new URLSearchParams({
                  _csrf: csrf,
                  title,
                  body: `<p>${title}: ${'words '.repeat(50)}</p>`,
                  labels: 'kill',
                  action: 'publish',
                }).toString(),
              );
              if (res.status === 303) acknowledged.push(title);
              else
                assert.fail(
                  `${title}: ${res.status} ${res.text
                    .replace(/<[^>]*>/g, ' ')
                    .replace(/\s+/g, ' ')
                    .slice(-300)}`,
                );
            } catch (error) {
              if (error instanceof assert.AssertionError) throw error;
              return; // the server is gone
            }
          }
        };
        await comments.prepare(port);
        const writers = Promise.all([
          writer('a'),
          writer('b'),
          comments.write(port, round, 'member', () => stop),
          comments.write(port, round, 'reader', () => stop),
        ]);
        // The kill comes at a random moment once every writer has had something acknowledged in this round: on
        // a loaded machine a fixed delay could kill the server before anything was written, proving nothing.
        const before = [acknowledged.length, comments.count('member'), comments.count('reader')];
        const progressed = () =>
          acknowledged.length > before[0]! && comments.count('member') > before[1]! && comments.count('reader') > before[2]!;
        for (let waited = 0; !progressed() && waited < 60_000; waited += 50) await sleep(50);
        await sleep(Math.floor(Math.random() * 1200));
        server!.kill('SIGKILL');
        await new Promise((resolve) => server!.once('exit', resolve));
        stop = true;
        await writers;
      }

      // Started once more, it serves the blog; then everything acknowledged is there, once.
      const port = await startServer();
      assert.equal((await send(port, 'GET', '/', { host: HOST })).status, 200);
      server!.kill('SIGTERM');
      await new Promise((resolve) => server!.once('exit', resolve));
      server = undefined;

      const check = openStorage(database.name === 'sqlite' ? url : POSTGRES_URL, { searchPath });
      try {
        const titles = (await check.db.selectFrom('posts').select('title').execute()).map((r) => r.title);
        const stored = new Set(titles);
        const lost = acknowledged.filter((title) => !stored.has(title));
        assert.deepEqual(lost, [], `${lost.length} acknowledged posts lost`);
        assert.equal(titles.length, stored.size, 'a post stored twice');
        const bodies = (await check.db.selectFrom('comments').select(['id', 'body_html']).execute()).map((r) => ({
          id: String(r.id),
          body: r.body_html,
        }));
        const commentIds = new Map(bodies.map((r) => [r.id, r.body]));
        const lostComments = comments.acknowledged.filter((c) => !commentIds.get(c.id)?.includes(c.text));
        assert.deepEqual(lostComments, [], `${lostComments.length} acknowledged comments lost`);
        const texts = bodies.map((r) => /Round \d+ \w+ comment \d+/.exec(r.body)?.[0]).filter((text) => text !== undefined);
        assert.equal(new Set(texts).size, texts.length, 'a comment stored twice');
        if (database.name === 'sqlite') {
          const integrity = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(check.db);
          assert.deepEqual(
            integrity.rows.map((r) => r.integrity_check),
            ['ok'],
          );
        } else {
          // Every index agrees with its table: a lookup through each finds every row.
          const viaIndex = await sql<{ n: number }>`select count(*)::int as n from posts where id in (select id from posts)`.execute(
            check.db,
          );
          assert.equal(viaIndex.rows[0]!.n, titles.length);
        }
        console.log(
          `kill -9 on ${database.name}: ${KILLS} kills, ${sent} publishes sent, ${acknowledged.length} acknowledged, ${titles.length} stored, 0 lost; ` +
            `comments: ${comments.sent} sent, ${comments.acknowledged.length} acknowledged (${comments.count('member')} signed in, ` +
            `${comments.count('reader')} signed out), ${texts.length} stored, 0 lost`,
        );
        assert.ok(acknowledged.length >= KILLS, 'the writers got too little done to prove anything');
        assert.ok(comments.count('member') >= KILLS && comments.count('reader') >= KILLS, 'the commenters got too little done');
      } finally {
        await check.close();
      }
    });
  });
}
