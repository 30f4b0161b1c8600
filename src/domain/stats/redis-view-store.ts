/**
 * Counted views in Redis, shared by every app process, so totals are exact however many processes
 * count. A view is one script call: remember the reader for 30 minutes (`SET NX PX`) and, if they are
 * new, `HINCRBY` each count key in the `pending` hash.
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
import { REPEAT_WINDOW_MS, type ViewStore } from './view-store.js';

const ADD = `
if KEYS[1] ~= '' and not redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[1]) then return 0 end
for i = 2, #ARGV do redis.call('HINCRBY', KEYS[2], ARGV[i], 1) end
return 1`;

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
  dastanAddView(seen: string, pending: string, ttl: number, ...keys: string[]): Promise<number>;
  dastanTakeBatch(pending: string, batch: string, inflight: string, id: string, at: number): Promise<number>;
  dastanClaimBatch(inflight: string, id: string, seenAt: string, at: number): Promise<number>;
}

export class RedisViewStore implements ViewStore, SaltSource {
  private flushing: Promise<void> = Promise.resolve();
  private readonly scripts: ViewScripts;

  constructor(
    private readonly redis: Redis,
    private readonly views: ViewRepository,
    private readonly options: { prefix?: string; staleMs?: number; now?: () => number; onError?: (error: unknown) => void } = {},
  ) {
    redis.defineCommand('dastanAddView', { numberOfKeys: 2, lua: ADD });
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

  async add(readerKey: string | null, keys: readonly string[]): Promise<boolean> {
    const seen = readerKey === null ? '' : this.key(`seen:${readerKey}`);
    return (await this.scripts.dastanAddView(seen, this.key('pending'), REPEAT_WINDOW_MS, ...keys)) === 1;
  }

  /** The day's salt, shared by every process; it expires from Redis after two days. */
  async saltFor(day: string): Promise<string> {
    const key = this.key(`salt:${day}`);
    await this.redis.set(key, randomBytes(32).toString('base64'), 'EX', 2 * 86_400, 'NX');
    return (await this.redis.get(key))!;
  }

  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.flushOnce().catch((error: unknown) => this.options.onError?.(error)));
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

  /** Stops nothing: the connection belongs to whoever made it. */
  close(): Promise<void> {
    return Promise.resolve();
  }
}
