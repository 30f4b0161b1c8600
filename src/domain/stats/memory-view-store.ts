/**
 * Counted views in this process's memory: a map of count keys, written to the database in one batch by
 * `flush` (every VIEW_FLUSH_SECONDS and on shutdown). A hard crash loses what was added since the last
 * flush. The repeat memory is a map of reader keys in the order they were counted — which is also the
 * order they expire in — so forgetting old ones is cheap; it holds at most `maxReaders` keys.
 */
import type { ViewRepository } from '../../storage/repositories/view.repository.js';
import { batchOf } from './count-keys.js';
import { REPEAT_WINDOW_MS, keysOf, type CountKeys, type StoreAnswer, type ViewStore } from './view-store.js';

export class MemoryViewStore implements ViewStore {
  private pending = new Map<string, number>();
  private readonly seen = new Map<string, number>();
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly views: ViewRepository,
    private readonly now: () => number = Date.now,
    private readonly onError: (error: unknown) => void = () => {},
    private readonly maxReaders = 200_000,
  ) {}

  /** Synchronous: nothing here waits, so the page's request never pays for a promise; a repeat makes no keys. */
  add(readerKey: string | null, keys: CountKeys): StoreAnswer {
    if (readerKey !== null) {
      const now = this.now();
      this.forgetExpired(now);
      const until = this.seen.get(readerKey);
      if (until !== undefined && until > now) return 'repeat';
      this.seen.delete(readerKey);
      this.seen.set(readerKey, now + REPEAT_WINDOW_MS);
    }
    for (const key of keysOf(keys)) this.pending.set(key, (this.pending.get(key) ?? 0) + 1);
    return 'counted';
  }

  private forgetExpired(now: number): void {
    for (const [key, until] of this.seen) {
      if (until > now && this.seen.size <= this.maxReaders) break;
      this.seen.delete(key);
    }
  }

  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      if (this.pending.size === 0) return;
      const batch = this.pending;
      this.pending = new Map();
      try {
        await this.views.applyBatch(batchOf(batch), null, this.now());
      } catch (error) {
        // Put the counts back so the next flush tries again.
        for (const [key, n] of batch) this.pending.set(key, (this.pending.get(key) ?? 0) + n);
        this.onError(error);
      }
    });
    return this.flushing;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
