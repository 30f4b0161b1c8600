/**
 * A separate process running the job queue, for the `kill -9` test: opens JOB_DATABASE_URL (in
 * JOB_SCHEMA on PostgreSQL), handles `work` jobs and prints `started ID ATTEMPT` as each starts. With
 * JOB_MODE=hang a job never finishes (the test kills the process in the middle of it); otherwise it ends.
 */
import { JobQueue } from '../../src/domain/jobs/job-queue.js';
import { openStorage } from '../../src/storage/database.js';
import { JobRepository } from '../../src/storage/repositories/job.repository.js';

const storage = openStorage(process.env.JOB_DATABASE_URL!, { searchPath: process.env.JOB_SCHEMA || undefined });
const queue = new JobQueue(new JobRepository(storage.db, storage.dialect), { leaseMs: 1000, pollMs: 50 });
queue.handle('work', async (_payload, { jobId, attempt }) => {
  process.stdout.write(`started ${jobId} ${attempt}\n`);
  if (process.env.JOB_MODE === 'hang') await new Promise(() => setInterval(() => {}, 60_000));
});
queue.start();
// The queue's poll timer is unref'd (it never holds a server open); this process has nothing else to wait
// for, so it keeps itself alive until the test kills it.
setInterval(() => {}, 1 << 30);
