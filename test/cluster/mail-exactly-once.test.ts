/**
 * Exactly once under crashes: real `dastan serve` processes mail a new post to 1,000 subscribers through
 * a real SMTP server (test/helpers/smtp-inbox.ts). One is killed with SIGKILL in the middle of the run
 * and restarted; two run at once. Every subscriber must end with exactly one delivery of the post, and
 * the ledger must say "sent" once for each. On SQLite (one file) and PostgreSQL.
 *
 * After the kill the test shortens the dead process's job leases (as if the lease time, 60 s, had
 * passed) instead of waiting for them: it is the restart's behaviour that is under test, not the clock.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import pg from 'pg';
import { openStorage, type Storage } from '../../src/storage/database.js';
import { migrateToLatest } from '../../src/storage/migrator.js';
import { newId } from '../../src/storage/ids.js';
import type { BlogRow, PostRow } from '../../src/storage/schema.js';
import { POSTGRES_URL, testDatabases } from '../helpers/databases.js';
import { makeBlog, servicesFor, TestClock } from '../helpers/factories.js';
import { startServeProcess } from '../helpers/serve-process.js';
import { startInbox, type Inbox } from '../helpers/smtp-inbox.js';

const SUBSCRIBERS = 1000;

async function until(what: string, check: () => Promise<boolean> | boolean, ms = 180_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
}

async function pgAdmin(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  await client.query(text).finally(() => client.end());
}

/** A fresh database (an SQLite file, or a PostgreSQL schema) with a blog, its owner and 1,000 active subscribers. */
async function setUp(database: (typeof testDatabases)[number]) {
  const dir = mkdtempSync(path.join(tmpdir(), 'dastan-mail-'));
  const schema = `m_${randomBytes(5).toString('hex')}`;
  const url =
    database.name === 'sqlite' ? path.join(dir, 'dastan.db') : `${POSTGRES_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  if (database.name === 'postgres') await pgAdmin(`create schema ${schema}`);
  const storage: Storage = openStorage(database.name === 'sqlite' ? url : POSTGRES_URL, {
    searchPath: database.name === 'postgres' ? schema : undefined,
  });
  await migrateToLatest(storage);
  const services = servicesFor(storage, new TestClock(Date.now()), { dataDir: dir });
  const blog = await makeBlog(services, { name: 'www' });
  const owner = await services.users.createUser({ email: 'owner@example.com', displayName: 'Olive Owner' });
  await services.users.addMember(blog.id, owner.id, 'owner');
  const now = Date.now();
  const rows = Array.from({ length: SUBSCRIBERS }, (_, i) => ({
    id: newId(now) + String(i).padStart(4, '0'),
    blog_id: blog.id,
    email: `reader${i}@example.org`,
    status: 'active' as const,
    frequency: 'each' as const,
    confirm_hash: null,
    source: 'import' as const,
    created_at: now,
    confirmed_at: now,
    unsubscribed_at: null,
    stopped_reason: null,
    updated_at: now,
  }));
  for (let i = 0; i < rows.length; i += 200)
    await storage.db
      .insertInto('subscribers')
      .values(rows.slice(i, i + 200))
      .execute();
  const publish = (title: string): Promise<PostRow> =>
    services.editor.create(
      blog,
      'post',
      {
        title,
        body: '<p>A new post for everyone who follows.</p>',
        format: 'html',
        labels: [],
        slug: '',
        searchDescription: '',
        commentsSetting: 'allow',
        author: owner,
        role: 'owner',
      },
      'publish',
      owner.id,
    );
  const processes: ChildProcess[] = [];
  const start = async (inbox: Inbox, name: string) => {
    // The EHLO name tells the SMTP server which process a mail came from.
    const { server } = await startServeProcess(url, dir, { SMTP_URL: `smtp://127.0.0.1:${inbox.port}/?name=${name}` });
    processes.push(server);
    return server;
  };
  after(async () => {
    for (const child of processes) child.kill('SIGKILL');
    await Promise.all(processes.map(exited));
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
    if (database.name === 'postgres') await pgAdmin(`drop schema if exists ${schema} cascade`);
  });
  return { storage, blog, publish, start };
}

/** The post's ledger: how many subscribers are marked sent. */
async function sentCount(storage: Storage, post: PostRow): Promise<number> {
  const row = await storage.db
    .selectFrom('subscriber_mails')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('post_id', '=', post.id)
    .where('status', '=', 'sent')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Mail jobs not finished yet. */
async function pendingMailJobs(storage: Storage): Promise<number> {
  const row = await storage.db
    .selectFrom('jobs')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('kind', 'like', 'mail.%')
    .where('status', 'in', ['queued', 'running'])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Every subscriber got the post once, with the Message-ID the post has for them. `inDoubt`: addresses
 * whose SMTP transaction was open when the sender was killed (their row said `sending`); a second
 * delivery is allowed only for those, and only under the same Message-ID.
 */
function assertExactlyOnce(inbox: Inbox, blog: BlogRow, post: PostRow, inDoubt = new Set<string>()): string[] {
  const byRecipient = new Map<string, string[]>();
  for (const d of inbox.deliveries) for (const to of d.to) byRecipient.set(to, [...(byRecipient.get(to) ?? []), d.messageId]);
  const twice = [...byRecipient].filter(([, ids]) => ids.length > 1);
  assert.deepEqual(
    twice.filter(([to, ids]) => !inDoubt.has(to) || ids.length > 2 || new Set(ids).size > 1),
    [],
    'no subscriber got the post twice (but for one in doubt at the kill, again under the same Message-ID)',
  );
  assert.equal(byRecipient.size, SUBSCRIBERS, 'every subscriber got the post');
  for (const [, [id]] of byRecipient) assert.match(id!, new RegExp(`^<${post.id}\\.\\w+@${blog.name}\\.example\\.test>$`));
  assert.equal(new Set(inbox.deliveries.map((d) => d.messageId)).size, SUBSCRIBERS);
  return twice.map(([to]) => to);
}

/** The addresses whose mail of the post was in flight (claimed, not yet marked sent). */
async function inFlight(storage: Storage, post: PostRow): Promise<Set<string>> {
  const rows = await storage.db
    .selectFrom('subscriber_mails')
    .innerJoin('subscribers', 'subscribers.id', 'subscriber_mails.subscriber_id')
    .select('subscribers.email')
    .where('post_id', '=', post.id)
    .where('subscriber_mails.status', '=', 'sending')
    .execute();
  return new Set(rows.map((r) => r.email));
}

for (const database of testDatabases) {
  describe(`mailing a post exactly once on ${database.name}`, { skip: database.skip }, () => {
    test(`kill -9 in the middle of ${SUBSCRIBERS} mails, then a restart: each subscriber gets the post once`, async () => {
      const { storage, blog, publish, start } = await setUp(database);
      const inbox = await startInbox({ light: true });
      after(() => inbox.close());
      const post = await publish('Sent through a crash');
      const first = await start(inbox, 'first');
      // Somewhere in the middle, not at a round number.
      const killAt = 150 + Math.floor(Math.random() * 400);
      await until(`${killAt} mails`, () => inbox.deliveries.length >= killAt);
      first.kill('SIGKILL');
      await exited(first);
      const received = inbox.deliveries.length;
      assert.ok(received < SUBSCRIBERS, `killed in the middle (${received} received)`);
      const inDoubt = await inFlight(storage, post);
      // One open SMTP transaction per running batch job at most (4 jobs a process).
      assert.ok(inDoubt.size <= 4, `${inDoubt.size} mails in flight at the kill`);
      // The dead process's leases run out (fast-forwarded).
      await storage.db.updateTable('jobs').set({ lease_until: 0 }).where('status', '=', 'running').execute();

      await start(inbox, 'second');
      await until('every mail job to finish', async () => (await pendingMailJobs(storage)) === 0 && inbox.deliveries.length >= SUBSCRIBERS);
      const twice = assertExactlyOnce(inbox, blog, post, inDoubt);
      assert.equal(await sentCount(storage, post), SUBSCRIBERS, 'the ledger marks each subscriber sent once');
      console.log(`killed after ${received} mails; ${inDoubt.size} in flight, ${twice.length} of them delivered twice`);
    });

    test(`two processes sending at once: each of ${SUBSCRIBERS} subscribers gets the post once`, async () => {
      const { storage, blog, publish, start } = await setUp(database);
      const inbox = await startInbox({ light: true });
      after(() => inbox.close());
      await Promise.all([start(inbox, 'one'), start(inbox, 'two')]);
      const post = await publish('Sent by two processes');
      await until('every mail job to finish', async () => (await pendingMailJobs(storage)) === 0 && inbox.deliveries.length >= SUBSCRIBERS);
      assertExactlyOnce(inbox, blog, post);
      assert.equal(await sentCount(storage, post), SUBSCRIBERS);
      const senders = new Set(inbox.deliveries.map((d) => d.helo));
      assert.deepEqual([...senders].sort(), ['one', 'two'], 'both processes sent part of the mail');
    });
  });
}
