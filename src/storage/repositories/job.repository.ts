/**
 * The durable job queue's rows. Claiming is one UPDATE … RETURNING over the due rows: on PostgreSQL the
 * rows are picked with `FOR UPDATE SKIP LOCKED`, so two workers never take the same job and never wait
 * on each other; on SQLite the statement runs under BEGIN IMMEDIATE, the database's single write lock.
 * Every later write names the claim's token, so a worker whose lease ran out (and whose job another
 * worker took) cannot overwrite what the new one does.
 */
import type { Kysely } from 'kysely';
import type { SqlDialect } from '../dialects/dialect.js';
import type { Database, JobRow } from '../schema.js';

export interface NewJob {
  id: string;
  kind: string;
  key: string | null;
  blogId: string | null;
  payload: string;
  maxAttempts: number;
  runAt: number;
  now: number;
}

export interface ClaimRequest {
  kinds: readonly string[];
  limit: number;
  now: number;
  leaseUntil: number;
  claim: string;
}

export class JobRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: SqlDialect,
  ) {}

  /** Adds the job; false when a job of its kind with its key already exists (then nothing changes). */
  async insert(job: NewJob): Promise<boolean> {
    const result = await this.db
      .insertInto('jobs')
      .values({
        id: job.id,
        kind: job.kind,
        key: job.key,
        blog_id: job.blogId,
        payload: job.payload,
        status: 'queued',
        attempts: 0,
        max_attempts: job.maxAttempts,
        run_at: job.runAt,
        lease_until: null,
        claim: null,
        last_error: null,
        created_at: job.now,
        updated_at: job.now,
        finished_at: null,
      })
      .onConflict((oc) => oc.columns(['kind', 'key']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /**
   * Takes up to `limit` due jobs of the given kinds — queued ones whose time has come, and running ones
   * whose lease ran out with attempts left — marks them running under `claim`, and returns them with
   * `attempts` already counting this run.
   */
  async claim(request: ClaimRequest): Promise<JobRow[]> {
    if (request.kinds.length === 0 || request.limit <= 0) return [];
    const { now } = request;
    return this.dialect.writeTransaction(this.db, async (trx) => {
      let due = trx
        .selectFrom('jobs')
        .select('id')
        .where('kind', 'in', request.kinds)
        .where((eb) =>
          eb.or([
            eb.and([eb('status', '=', 'queued'), eb('run_at', '<=', now)]),
            eb.and([eb('status', '=', 'running'), eb('lease_until', '<=', now), eb('attempts', '<', eb.ref('max_attempts'))]),
          ]),
        )
        .orderBy('run_at')
        .orderBy('id')
        .limit(request.limit);
      if (this.dialect.rowLocks) due = due.forUpdate().skipLocked();
      const claimed = await trx
        .updateTable('jobs')
        .set((eb) => ({
          status: 'running',
          attempts: eb('attempts', '+', 1),
          lease_until: request.leaseUntil,
          claim: request.claim,
          updated_at: now,
        }))
        .where('id', 'in', due)
        .returningAll()
        .execute();
      // RETURNING keeps no order: hand the jobs out oldest first, as they were picked.
      return claimed.sort((a, b) => Number(a.run_at) - Number(b.run_at) || a.id.length - b.id.length || (a.id < b.id ? -1 : 1));
    });
  }

  /** Extends a running claim's lease; false when the claim was lost (the lease ran out and another worker took the job). */
  async extendLease(id: string, claim: string, leaseUntil: number): Promise<boolean> {
    const result = await this.db
      .updateTable('jobs')
      .set({ lease_until: leaseUntil })
      .where('id', '=', id)
      .where('claim', '=', claim)
      .where('status', '=', 'running')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async complete(id: string, claim: string, now: number): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set({ status: 'done', lease_until: null, claim: null, updated_at: now, finished_at: now })
      .where('id', '=', id)
      .where('claim', '=', claim)
      .execute();
  }

  /** Puts the job back in the queue to run again at `runAt`. */
  async reschedule(id: string, claim: string, runAt: number, error: string, now: number): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set({ status: 'queued', run_at: runAt, lease_until: null, claim: null, last_error: error, updated_at: now })
      .where('id', '=', id)
      .where('claim', '=', claim)
      .execute();
  }

  async fail(id: string, claim: string, error: string, now: number): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set({ status: 'failed', lease_until: null, claim: null, last_error: error, updated_at: now, finished_at: now })
      .where('id', '=', id)
      .where('claim', '=', claim)
      .execute();
  }

  /** Marks failed the running jobs whose lease ran out with no attempts left (their worker died on the last one); returns how many. */
  async failAbandoned(now: number, reason: string): Promise<number> {
    const result = await this.db
      .updateTable('jobs')
      .set({ status: 'failed', lease_until: null, claim: null, last_error: reason, updated_at: now, finished_at: now })
      .where('status', '=', 'running')
      .where('lease_until', '<=', now)
      .where((eb) => eb('attempts', '>=', eb.ref('max_attempts')))
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async findById(id: string): Promise<JobRow | undefined> {
    return this.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The blog's failed jobs, newest first. */
  async listFailed(blogId: string, limit: number): Promise<JobRow[]> {
    return this.db
      .selectFrom('jobs')
      .selectAll()
      .where('blog_id', '=', blogId)
      .where('status', '=', 'failed')
      .orderBy('updated_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  }

  /** Queues a failed job of the blog again with a fresh set of attempts; false when there is no such failed job. */
  async retryFailed(blogId: string, id: string, now: number): Promise<boolean> {
    const result = await this.db
      .updateTable('jobs')
      .set({ status: 'queued', attempts: 0, run_at: now, finished_at: null, updated_at: now })
      .where('id', '=', id)
      .where('blog_id', '=', blogId)
      .where('status', '=', 'failed')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /**
   * Forgets finished jobs without a key that ended before `before`. Jobs with a key are kept: their row
   * is what stops the same work being queued again.
   */
  async deleteFinished(before: number): Promise<number> {
    const result = await this.db
      .deleteFrom('jobs')
      .where('status', '=', 'done')
      .where('key', 'is', null)
      .where('finished_at', '<', before)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** How many jobs are in each status (for tests and the dashboard). */
  async countByStatus(): Promise<Record<string, number>> {
    const rows = await this.db
      .selectFrom('jobs')
      .select((eb) => ['status', eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }
}
