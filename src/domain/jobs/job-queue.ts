/**
 * The durable job queue: all background work (mail, webhooks, feed fetches, image variants) is a row in
 * the database, so it survives a restart or `kill -9` and any app process may run it.
 *
 * - Each job runs once across processes: workers claim due jobs atomically (see JobRepository).
 * - A claim is a lease, extended while the handler runs; a worker that dies stops extending it, and once
 *   it runs out another worker runs the job again. Handlers therefore must be safe to run twice
 *   (at-least-once), which the mail handlers are by recording each sent message under a unique key.
 * - A handler that throws is retried with exponential backoff until `maxAttempts`; `PermanentJobError`
 *   fails it at once. Failed jobs of a blog are listed on its dashboard, with a retry button.
 * - `enqueue` with a `key` is idempotent: a job of the same kind and key is never added twice.
 */
import { randomBytes } from 'node:crypto';
import { newId } from '../../storage/ids.js';
import type { JobRepository } from '../../storage/repositories/job.repository.js';
import type { JobRow } from '../../storage/schema.js';

export interface EnqueueInput {
  kind: string;
  /** Anything JSON can hold; the handler receives it parsed. */
  payload: unknown;
  /** Not before this time (milliseconds); default now. */
  runAt?: number;
  /** Makes the job idempotent: a job of this kind with this key is added at most once, ever. */
  key?: string;
  maxAttempts?: number;
  /** The blog the work is for: its owners see the job on their dashboard if it fails. */
  blogId?: string;
}

export interface JobContext {
  /** 1 on the first run, 2 on the first retry, … */
  attempt: number;
  jobId: string;
}

export type JobHandler<P = any> = (payload: P, context: JobContext) => Promise<void>;

/** Thrown by a handler when trying again cannot help (a refused address, a deleted post): the job fails at once. */
export class PermanentJobError extends Error {}

export interface JobQueueOptions {
  now?: () => number;
  /** How long a claim holds without being extended; a dead worker's jobs wait this long. Default 60 s. */
  leaseMs?: number;
  /** How often an idle worker looks for due jobs. Default 1 s. */
  pollMs?: number;
  /** Jobs one process runs at the same time. Default 4. */
  concurrency?: number;
  /** The wait before retry number `attempt` (1-based count of runs so far). Default 10 s doubling, at most 6 h. */
  backoffMs?: (attempt: number) => number;
  defaultMaxAttempts?: number;
  /** How long `stop()` waits for running jobs; those still running are left to their lease. Default 10 s. */
  stopTimeoutMs?: number;
  onError?: (error: unknown, job?: { id: string; kind: string }) => void;
}

/** 10 s, 20 s, 40 s, … at most 6 hours. */
export function defaultBackoff(attempt: number): number {
  return Math.min(10_000 * 2 ** Math.max(attempt - 1, 0), 6 * 3600_000);
}

const ABANDONED = 'The worker running this job stopped on its last attempt.';
const FINISHED_KEPT_MS = 7 * 24 * 3600_000;

export class JobQueue {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly running = new Set<Promise<void>>();
  private readonly now: () => number;
  private readonly leaseMs: number;
  private readonly concurrency: number;
  private readonly backoff: (attempt: number) => number;
  private timer: NodeJS.Timeout | undefined;
  private claiming = false;
  private again = false;
  private lastSweep = 0;

  constructor(
    private readonly jobs: JobRepository,
    private readonly options: JobQueueOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.concurrency = options.concurrency ?? 4;
    this.backoff = options.backoffMs ?? defaultBackoff;
  }

  /** Registers the handler of one kind of job. A process runs only the kinds it has handlers for. */
  handle<P = any>(kind: string, handler: JobHandler<P>): void {
    this.handlers.set(kind, handler as JobHandler);
  }

  /** Adds a job (or, with a `key` already used for this kind, nothing). */
  async enqueue(input: EnqueueInput): Promise<void> {
    const now = this.now();
    const payload = JSON.stringify(input.payload ?? null);
    await this.jobs.insert({
      id: newId(now),
      kind: input.kind,
      key: input.key ?? null,
      blogId: input.blogId ?? null,
      payload,
      maxAttempts: Math.max(1, input.maxAttempts ?? this.options.defaultMaxAttempts ?? 8),
      runAt: input.runAt ?? now,
      now,
    });
    if (this.timer && (input.runAt ?? now) <= now) this.poke();
  }

  /** Starts looking for due jobs every `pollMs` (and at once). */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.poke(), this.options.pollMs ?? 1000);
    this.timer.unref();
    this.poke();
  }

  /** Stops taking jobs and waits (up to `stopTimeoutMs`) for the running ones. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    let timeout: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.running]),
      new Promise((resolve) => (timeout = setTimeout(resolve, this.options.stopTimeoutMs ?? 10_000))),
    ]);
    clearTimeout(timeout);
  }

  /** Runs every due job now, one after another, until none is due; returns how many ran. For tests and one-shot commands. */
  async drainForTests(): Promise<number> {
    let ran = 0;
    for (;;) {
      await this.sweep(true);
      const claimed = await this.claim(100);
      if (claimed.length === 0) return ran;
      for (const job of claimed) await this.run(job);
      ran += claimed.length;
    }
  }

  /** The blog's failed jobs, newest first. */
  listFailed(blogId: string, limit = 100): Promise<JobRow[]> {
    return this.jobs.listFailed(blogId, limit);
  }

  /** Queues a failed job of the blog again, with its attempts counted afresh; false when there is no such job. */
  async retry(blogId: string, jobId: string): Promise<boolean> {
    const retried = await this.jobs.retryFailed(blogId, jobId, this.now());
    if (retried && this.timer) this.poke();
    return retried;
  }

  /** Looks for due jobs now (when a job was added, or one finished and made room). */
  private poke(): void {
    if (!this.timer) return;
    if (this.claiming) {
      this.again = true;
      return;
    }
    this.claiming = true;
    void this.fill()
      .catch((error: unknown) => this.options.onError?.(error))
      .finally(() => {
        this.claiming = false;
        if (this.again) {
          this.again = false;
          this.poke();
        }
      });
  }

  private async fill(): Promise<void> {
    await this.sweep(false);
    const free = this.concurrency - this.running.size;
    if (free <= 0) return;
    for (const job of await this.claim(free)) {
      const done: Promise<void> = this.run(job)
        .catch((error: unknown) => this.options.onError?.(error, job))
        .finally(() => {
          this.running.delete(done);
          this.poke();
        });
      this.running.add(done);
    }
  }

  private async claim(limit: number): Promise<JobRow[]> {
    const now = this.now();
    const claim = randomBytes(12).toString('hex');
    return this.jobs.claim({ kinds: [...this.handlers.keys()], limit, now, leaseUntil: now + this.leaseMs, claim });
  }

  /** Fails jobs abandoned on their last attempt and, now and then, forgets old finished ones. */
  private async sweep(always: boolean): Promise<void> {
    const now = this.now();
    if (!always && now - this.lastSweep < this.leaseMs / 2) return;
    this.lastSweep = now;
    await this.jobs.failAbandoned(now, ABANDONED);
    await this.jobs.deleteFinished(now - FINISHED_KEPT_MS);
  }

  private async run(job: JobRow): Promise<void> {
    const claim = job.claim!;
    const handler = this.handlers.get(job.kind);
    // Keeps the lease while the handler works, so only a dead worker's jobs are taken over.
    const heartbeat = setInterval(
      () => {
        this.jobs.extendLease(job.id, claim, this.now() + this.leaseMs).catch((error: unknown) => this.options.onError?.(error, job));
      },
      Math.max(this.leaseMs / 3, 10),
    );
    heartbeat.unref();
    try {
      if (!handler) throw new PermanentJobError(`No handler for jobs of kind "${job.kind}".`);
      let payload: unknown;
      try {
        payload = JSON.parse(job.payload);
      } catch {
        throw new PermanentJobError('The job\u2019s payload is not valid JSON.');
      }
      await handler(payload, { attempt: Number(job.attempts), jobId: job.id });
      clearInterval(heartbeat);
      await this.jobs.complete(job.id, claim, this.now());
    } catch (error) {
      clearInterval(heartbeat);
      this.options.onError?.(error, job);
      const message = error instanceof Error ? error.message : String(error);
      const attempts = Number(job.attempts);
      const now = this.now();
      if (error instanceof PermanentJobError || attempts >= Number(job.max_attempts)) await this.jobs.fail(job.id, claim, message, now);
      else await this.jobs.reschedule(job.id, claim, now + this.backoff(attempts), message, now);
    }
  }
}
