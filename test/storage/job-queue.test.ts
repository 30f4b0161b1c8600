/**
 * The durable job queue on both databases: jobs run with their payload, a key makes a job idempotent,
 * failures are retried with exponential backoff up to the attempts allowed and then listed as failed,
 * a lease that runs out gives the job to another worker, and two queues over one database run each of
 * hundreds of jobs exactly once.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { JobQueue, PermanentJobError } from '../../src/domain/jobs/job-queue.js';
import { openStorage, type Storage } from '../../src/storage/database.js';
import { migrateToLatest } from '../../src/storage/migrator.js';
import { JobRepository } from '../../src/storage/repositories/job.repository.js';
import { POSTGRES_URL, testDatabases } from '../helpers/databases.js';
import { makeBlog, servicesFor, TestClock } from '../helpers/factories.js';

function queueOn(storage: Storage, clock: TestClock, backoffMs = (n: number) => 1000 * 2 ** (n - 1)): JobQueue {
  return new JobQueue(new JobRepository(storage.db, storage.dialect), { now: clock.now, leaseMs: 5000, backoffMs });
}

/** A second connection (pool) to the same database as `storage`. */
async function secondConnection(storage: Storage, file: string | undefined): Promise<Storage> {
  if (storage.dialect.name === 'sqlite') return openStorage(file!);
  const schema = await storage.dialect.currentSchema(storage.db);
  return openStorage(POSTGRES_URL, { searchPath: schema });
}

for (const database of testDatabases) {
  describe(`job queue on ${database.name}`, { skip: database.skip }, () => {
    test('runs a job with its payload once; a key makes enqueueing idempotent', async () => {
      const storage = await database.open();
      after(() => storage.close());
      const clock = new TestClock();
      const queue = queueOn(storage, clock);
      const seen: unknown[] = [];
      queue.handle('greet', async (payload: { name: string }, context) => {
        seen.push({ ...payload, attempt: context.attempt, hasId: context.jobId.length > 0 });
      });
      await queue.enqueue({ kind: 'greet', payload: { name: 'Ayesha' }, key: 'post-1' });
      await queue.enqueue({ kind: 'greet', payload: { name: 'Ayesha again' }, key: 'post-1' });
      await queue.enqueue({ kind: 'greet', payload: { name: 'Bilal' } });
      await queue.enqueue({ kind: 'greet', payload: { name: 'later' }, runAt: clock.ms + 60_000 });
      assert.equal(await queue.drainForTests(), 2);
      assert.deepEqual(seen, [
        { name: 'Ayesha', attempt: 1, hasId: true },
        { name: 'Bilal', attempt: 1, hasId: true },
      ]);
      // Done, the keyed job still blocks its key: the same work is never queued again.
      await queue.enqueue({ kind: 'greet', payload: { name: 'Ayesha a third time' }, key: 'post-1' });
      assert.equal(await queue.drainForTests(), 0);
      clock.advance(60_000);
      assert.equal(await queue.drainForTests(), 1);
      assert.equal(seen.length, 3);
      // The same key under another kind is another job.
      const other = queueOn(storage, clock);
      other.handle('other', async () => {});
      await other.enqueue({ kind: 'other', payload: null, key: 'post-1' });
      assert.equal(await other.drainForTests(), 1);
    });

    test('a failing job is retried with exponential backoff, then fails and can be retried from the list', async () => {
      const storage = await database.open();
      after(() => storage.close());
      const clock = new TestClock();
      const services = servicesFor(storage, clock);
      const blog = await makeBlog(services);
      const queue = queueOn(storage, clock);
      const attempts: number[] = [];
      let succeedFrom = Infinity;
      queue.handle('flaky', async (_payload, { attempt }) => {
        attempts.push(attempt);
        if (attempt < succeedFrom) throw new Error(`SMTP answered 451 on attempt ${attempt}`);
      });
      await queue.enqueue({ kind: 'flaky', payload: {}, maxAttempts: 3, blogId: blog.id });
      assert.equal(await queue.drainForTests(), 1);
      assert.deepEqual(attempts, [1]);
      // Not due before its backoff: 1 s after the first failure, 2 s after the second.
      clock.advance(999);
      assert.equal(await queue.drainForTests(), 0);
      clock.advance(1);
      assert.equal(await queue.drainForTests(), 1);
      clock.advance(1999);
      assert.equal(await queue.drainForTests(), 0);
      clock.advance(1);
      assert.equal(await queue.drainForTests(), 1);
      assert.deepEqual(attempts, [1, 2, 3]);
      clock.advance(3_600_000);
      assert.equal(await queue.drainForTests(), 0, 'no attempts left');

      const failed = await queue.listFailed(blog.id);
      assert.equal(failed.length, 1);
      assert.equal(failed[0]!.last_error, 'SMTP answered 451 on attempt 3');
      assert.equal(failed[0]!.attempts, 3);
      const otherBlog = await makeBlog(services);
      assert.deepEqual(await queue.listFailed(otherBlog.id), []);
      assert.equal(await queue.retry(otherBlog.id, failed[0]!.id), false, 'another blog cannot retry it');

      succeedFrom = 1;
      assert.equal(await queue.retry(blog.id, failed[0]!.id), true);
      assert.equal(await queue.drainForTests(), 1);
      assert.deepEqual(await queue.listFailed(blog.id), []);
      assert.equal(await queue.retry(blog.id, failed[0]!.id), false, 'a done job is not retried');
    });

    test('a permanent error fails the job at once; a payload of no known kind is left alone', async () => {
      const storage = await database.open();
      after(() => storage.close());
      const clock = new TestClock();
      const queue = queueOn(storage, clock);
      let runs = 0;
      queue.handle('bounce', async () => {
        runs++;
        throw new PermanentJobError('550 no such mailbox');
      });
      await queue.enqueue({ kind: 'bounce', payload: {} });
      await queue.enqueue({ kind: 'unknown-here', payload: {} });
      assert.equal(await queue.drainForTests(), 1);
      clock.advance(86_400_000);
      assert.equal(await queue.drainForTests(), 0);
      assert.equal(runs, 1);
      assert.deepEqual(await new JobRepository(storage.db, storage.dialect).countByStatus(), { failed: 1, queued: 1 });
    });

    test('a claim whose lease runs out goes to another worker; on the last attempt it fails', async () => {
      const storage = await database.open();
      after(() => storage.close());
      const clock = new TestClock();
      const jobs = new JobRepository(storage.db, storage.dialect);
      const queue = queueOn(storage, clock);
      const runs: number[] = [];
      queue.handle('work', async (_p, { attempt }) => {
        runs.push(attempt);
      });
      await queue.enqueue({ kind: 'work', payload: {}, maxAttempts: 2 });
      await queue.enqueue({ kind: 'work', payload: {}, maxAttempts: 1 });
      // A worker claims both and dies without a word.
      const dead = await jobs.claim({ kinds: ['work'], limit: 10, now: clock.ms, leaseUntil: clock.ms + 5000, claim: 'dead' });
      assert.equal(dead.length, 2);
      assert.equal(await queue.drainForTests(), 0, 'held by the lease');
      clock.advance(5000);
      assert.equal(await queue.drainForTests(), 1);
      assert.deepEqual(runs, [2]);
      // The dead worker's late word changes nothing.
      await jobs.complete(dead[0]!.id, 'dead', clock.ms);
      await jobs.fail(dead[1]!.id, 'dead', 'late', clock.ms);
      const counts = await jobs.countByStatus();
      assert.deepEqual(counts, { done: 1, failed: 1 });
      const abandoned = (await jobs.findById(dead.find((j) => j.max_attempts === 1)!.id))!;
      assert.equal(abandoned.status, 'failed');
      assert.match(abandoned.last_error!, /stopped on its last attempt/);
    });

    test('two queues over one database run each of 300 jobs exactly once', async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'dastan-jobs-'));
      after(() => rmSync(dir, { recursive: true, force: true }));
      const file = path.join(dir, 'jobs.db');
      const storage = database.name === 'sqlite' ? openStorage(file) : await database.open();
      if (database.name === 'sqlite') await migrateToLatest(storage);
      const second = await secondConnection(storage, file);
      after(async () => {
        await second.close();
        await storage.close();
      });
      const runs = new Map<number, number[]>();
      const queues = [storage, second].map((s, worker) => {
        const queue = new JobQueue(new JobRepository(s.db, s.dialect), { leaseMs: 30_000, pollMs: 20, concurrency: 4 });
        queue.handle('count', async ({ n }: { n: number }) => {
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
          runs.set(n, [...(runs.get(n) ?? []), worker]);
        });
        return queue;
      });
      for (let n = 0; n < 300; n++) await queues[n % 2]!.enqueue({ kind: 'count', payload: { n } });
      for (const queue of queues) queue.start();
      const jobs = new JobRepository(storage.db, storage.dialect);
      const deadline = Date.now() + 60_000;
      while ((await jobs.countByStatus()).done !== 300 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      await Promise.all(queues.map((q) => q.stop()));
      assert.equal(runs.size, 300);
      assert.deepEqual(
        [...runs.values()].filter((workers) => workers.length !== 1),
        [],
      );
      const byWorker = [0, 1].map((w) => [...runs.values()].filter((workers) => workers[0] === w).length);
      assert.ok(
        byWorker.every((n) => n > 0),
        `both queues took jobs: ${byWorker.join(' / ')}`,
      );
    });
  });
}
