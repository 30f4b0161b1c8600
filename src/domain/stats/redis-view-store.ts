/**
 * Counted views in Redis, shared by every app process, so totals are exact however many processes
 * count. Few round trips per view:
 * - Repeats are decided in Redis with `SET NX PX` (remember the reader for 30 minutes), the views that
 *   arrive in one turn of the event loop in one script call.
 * - What a counted view adds to is added in this process's memory, and every `PUSH_MS` (and before
 *   each flush) sent to the shared `pending` hash in one script call of `HINCRBY`s. Each push has an ID
 *   that the script records, so a push resent after a lost answer (ioredis resends on reconnect, and
 *   a failed push is retried) is never added twice. A hard crash loses what waited in memory: at most
 *   the last `PUSH_MS` of this process's counts.
 *
 * Flushing moves counts to the database without losing or doubling any, even with several processes
 * flushing at once or one dying halfway:
 * 1. `pending` is renamed to a new batch key and the batch noted in `inflight` (one atomic script), so
 *    views counted meanwhile go to a fresh `pending` and no two flushes take the same counts;
 * 2. the batch is written in one database transaction that also records its ID in
 *    `view_flush_batches`: a batch written before is refused as a whole;
 * 3. only then is the batch key deleted. A batch left behind by a process that died (in `inflight` for
 *    longer than `staleMs`) is claimed by the next flush of any process and written — or, if its ID is
 *    already recorded, just deleted.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { ViewRepository } from '../../storage/repositories/view.repository.js';
import { batchOf } from './count-keys.js';
import type { SaltSource } from './reader-key.js';
import { REPEAT_WINDOW_MS, keysOf, type CountKeys, type StoreAnswer, type ViewStore } from './view-store.js';

/** Remembers each reader key for the repeat window; 1 for each that was new (counts), 0 for a repeat. */
const SEEN = `
local new = {}
for i = 1, #KEYS do new[i] = redis.call('SET', KEYS[i], '1', 'NX', 'PX', ARGV[1]) and 1 or 0 end
return new`;

/** Adds counts to `pending` unless this push (its ID key) was added before. */
const PUSH = `
if not redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[1]) then return 0 end
for i = 2, #ARGV, 2 do redis.call('HINCRBY', KEYS[1], ARGV[i], ARGV[i + 1]) end
return 1`;

/** How often counts waiting in this process are sent to Redis: what a hard crash can lose. */
export const PUSH_MS = 250;
/** Reader keys per SEEN call, and count keys per push. */
const SEEN_BATCH = 1000;
const PUSH_BATCH = 2000;
/** How long a push's ID is remembered: far longer than any resend. */
const PUSH_ID_MS = 600_000;

const TAKE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('RENAME', KEYS[1], KEYS[2])
redis.call('HSET', KEYS[3], ARGV[1], ARGV[2])
return 1`;

/** Claims a stale batch: only if its start time is still the one this process read. */
const CLAIM = `
if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return 1`;

/** The scripts above, as ioredis defines them on the connection. */
interface ViewScripts {
  dastanSeen(count: number, ...keysThenTtl: (string | number)[]): Promise<number[]>;
  dastanPushCounts(pending: string, pushId: string, ttl: number, ...countPairs: (string | number)[]): Promise<number>;
  dastanTakeBatch(pending: string, batch: string, inflight: string, id: string, at: number): Promise<number>;
  dastanClaimBatch(inflight: string, id: string, seenAt: string, at: number): Promise<number>;
}

interface Asking {
  key: string;
  keys: readonly string[];
  answer: (answer: StoreAnswer) => void;
}

export class RedisViewStore implements ViewStore, SaltSource {
  private flushing: Promise<void> = Promise.resolve();
  private readonly scripts: ViewScripts;
  /** Views whose repeat check is not yet sent. */
  private asking: Asking[] = [];
  /** Repeat checks sent and not yet answered: a flush waits for them. */
  private readonly asked = new Set<Promise<void>>();
  /** Counts not yet pushed to Redis. */
  private counts = new Map<string, number>();
  /** Pushes that failed, kept with their IDs so a retry cannot add them twice. */
  private unsent: { id: string; counts: Map<string, number> }[] = [];
  private pushing: Promise<void> = Promise.resolve();
  private pushTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly views: ViewRepository,
    private readonly options: { prefix?: string; staleMs?: number; now?: () => number; onError?: (error: unknown) => void } = {},
  ) {
    // No fixed number of keys: the caller passes it first.
    redis.defineCommand('dastanSeen', { lua: SEEN });
    redis.defineCommand('dastanPushCounts', { numberOfKeys: 2, lua: PUSH });
    redis.defineCommand('dastanTakeBatch', { numberOfKeys: 3, lua: TAKE });
    redis.defineCommand('dastanClaimBatch', { numberOfKeys: 1, lua: CLAIM });
    this.scripts = redis as unknown as ViewScripts;
  }

  private key(name: string): string {
    return `${this.options.prefix ?? 'dastan:views'}:${name}`;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** Counts at once a view with no reader key; otherwise asks Redis, with the turn's other views. */
  add(readerKey: string | null, counted: CountKeys): StoreAnswer | Promise<StoreAnswer> {
    const keys = keysOf(counted);
    if (readerKey === null) {
      this.addCounts(keys);
      return 'counted';
    }
    return new Promise((answer) => {
      if (this.asking.length === 0) setImmediate(() => this.ask());
      this.asking.push({ key: this.key(`seen:${readerKey}`), keys, answer });
    });
  }

  /** Sends the waiting repeat checks, `SEEN_BATCH` to a script call. */
  private ask(): void {
    const asking = this.asking;
    this.asking = [];
    for (let i = 0; i < asking.length; i += SEEN_BATCH) {
      const part = asking.slice(i, i + SEEN_BATCH);
      const asked = this.scripts.dastanSeen(part.length, ...part.map((a) => a.key), REPEAT_WINDOW_MS).then(
        (fresh) =>
          part.forEach((a, j) => {
            if (fresh[j] === 1) this.addCounts(a.keys);
            a.answer(fresh[j] === 1 ? 'counted' : 'repeat');
          }),
        (error: unknown) => {
          this.options.onError?.(error);
          for (const a of part) a.answer('failed');
        },
      );
      this.asked.add(asked);
      void asked.finally(() => this.asked.delete(asked));
    }
  }

  private addCounts(keys: readonly string[]): void {
    for (const key of keys) this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    if (!this.pushTimer) {
      this.pushTimer = setTimeout(() => void this.pushCounts().catch((error: unknown) => this.options.onError?.(error)), PUSH_MS);
      this.pushTimer.unref();
    }
  }

  /**
   * Sends the counts waiting in this process to the shared `pending` hash (one script call per
   * `PUSH_BATCH` keys). A push that fails is kept, with its ID, and tried again by the next push.
   */
  pushCounts(): Promise<void> {
    const push = this.pushing.then(async () => {
      clearTimeout(this.pushTimer);
      this.pushTimer = undefined;
      const entries = [...this.counts];
      this.counts = new Map();
      for (let i = 0; i < entries.length; i += PUSH_BATCH)
        this.unsent.push({ id: randomBytes(9).toString('base64url'), counts: new Map(entries.slice(i, i + PUSH_BATCH)) });
      while (this.unsent.length > 0) {
        const push = this.unsent[0]!;
        await this.scripts.dastanPushCounts(this.key('pending'), this.key(`pushed:${push.id}`), PUSH_ID_MS, ...[...push.counts].flat());
        this.unsent.shift();
      }
    });
    // The next push runs whether or not this one failed (and retries what it could not send).
    this.pushing = push.catch(() => {});
    return push;
  }

  /** The day's salt, shared by every process; it expires from Redis after two days. */
  async saltFor(day: string): Promise<string> {
    const key = this.key(`salt:${day}`);
    await this.redis.set(key, randomBytes(32).toString('base64'), 'EX', 2 * 86_400, 'NX');
    return (await this.redis.get(key))!;
  }

  /**
   * Sends the repeat checks still waiting and waits for every answer, pushes this process's counts,
   * then writes what `pending` holds (every process's) to the database.
   */
  flush(): Promise<void> {
    if (this.asking.length > 0) this.ask();
    const answered = Promise.all(this.asked);
    this.flushing = this.flushing.then(() =>
      answered
        .then(() => this.pushCounts())
        .then(() => this.flushOnce())
        .catch((error: unknown) => this.options.onError?.(error)),
    );
    return this.flushing;
  }

  private async flushOnce(): Promise<void> {
    const inflight = this.key('inflight');
    const now = this.now();
    const stale = now - (this.options.staleMs ?? 60_000);
    for (const [id, startedAt] of Object.entries(await this.redis.hgetall(inflight))) {
      if (Number(startedAt) > stale) continue;
      if ((await this.scripts.dastanClaimBatch(inflight, id, startedAt, now)) === 1) await this.writeBatch(id);
    }
    const id = `${now}-${randomBytes(6).toString('hex')}`;
    if ((await this.scripts.dastanTakeBatch(this.key('pending'), this.key(`batch:${id}`), inflight, id, now)) === 1)
      await this.writeBatch(id);
  }

  private async writeBatch(id: string): Promise<void> {
    const raw = await this.redis.hgetall(this.key(`batch:${id}`));
    const counts = Object.entries(raw).map(([key, n]): [string, number] => [key, Number(n)]);
    // A failure here leaves the batch in Redis: it is claimed again once stale.
    await this.views.applyBatch(batchOf(counts), id, this.now());
    await this.redis
      .multi()
      .del(this.key(`batch:${id}`))
      .hdel(this.key('inflight'), id)
      .exec();
  }

  /** Stops the push timer (the caller flushed first); the connection belongs to whoever made it. */
  close(): Promise<void> {
    clearTimeout(this.pushTimer);
    this.pushTimer = undefined;
    return Promise.resolve();
  }
}
