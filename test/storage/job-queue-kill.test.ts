/**
 * A worker process killed with SIGKILL in the middle of a job: the job stays claimed until its lease
 * runs out, then a restarted worker runs it again and it completes. On SQLite (a file) and PostgreSQL.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { JobQueue } from '../../src/domain/jobs/job-queue.js';
import { openStorage, type Storage } from '../../src/storage/database.js';
import { migrateToLatest } from '../../src/storage/migrator.js';
import { JobRepository } from '../../src/storage/repositories/job.repository.js';
import { POSTGRES_URL, testDatabases } from '../helpers/databases.js';

const WORKER = fileURLToPath(new URL('../helpers/job-worker.ts', import.meta.url));

/** Starts the worker and resolves with it once it printed that a job started. */
function startWorker(env: Record<string, string>): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the worker printed nothing in 60 s: ${out}`)), 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('started '));
      if (line) {
        clearTimeout(timer);
        resolve({ child, line });
      }
    });
    child.once('exit', (code) => reject(new Error(`the worker exited (${code}) before starting a job`)));
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
}

for (const database of testDatabases) {
  describe(`job queue across kill -9 on ${database.name}`, { skip: database.skip }, () => {
    test('a job whose worker was killed runs again after a restart, and completes', async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'dastan-kill-'));
      after(() => rmSync(dir, { recursive: true, force: true }));
      let storage: Storage;
      let env: Record<string, string>;
      if (database.name === 'sqlite') {
        const file = path.join(dir, 'jobs.db');
        storage = openStorage(file);
        await migrateToLatest(storage);
        env = { JOB_DATABASE_URL: file, JOB_SCHEMA: '' };
      } else {
        storage = await database.open();
        env = { JOB_DATABASE_URL: POSTGRES_URL, JOB_SCHEMA: (await storage.dialect.currentSchema(storage.db))! };
      }
      after(() => storage.close());
      const jobs = new JobRepository(storage.db, storage.dialect);
      await new JobQueue(jobs).enqueue({ kind: 'work', payload: { n: 1 } });

      const first = await startWorker({ ...env, JOB_MODE: 'hang' });
      const [, jobId, attempt] = first.line.split(' ');
      assert.equal(attempt, '1');
      first.child.kill('SIGKILL');
      await exited(first.child);
      assert.equal(first.child.signalCode, 'SIGKILL');
      assert.equal((await jobs.findById(jobId!))!.status, 'running', 'killed mid-job, the job is still claimed');

      const second = await startWorker({ ...env, JOB_MODE: 'finish' });
      after(() => second.child.kill('SIGKILL'));
      assert.equal(second.line, `started ${jobId} 2`);
      const deadline = Date.now() + 20_000;
      while ((await jobs.findById(jobId!))!.status !== 'done' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const job = (await jobs.findById(jobId!))!;
      assert.equal(job.status, 'done');
      assert.equal(job.attempts, 2);
      second.child.kill('SIGKILL');
      await exited(second.child);
    });
  });
}
