/**
 * How often each redirect is followed, counted in memory and written in one batch (like view counts):
 * following an old link costs a map update, not a database write. `flush` runs every few seconds and on
 * shutdown; a hard crash loses the uses counted since the last one, which only a counter can miss.
 */
import type { RedirectRepository } from '../../storage/repositories/redirect.repository.js';

export class RedirectHits {
  private pending = new Map<string, { blogId: string; fromPath: string; count: number; lastAt: number }>();
  private flushing: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly redirects: Pick<RedirectRepository, 'addHits'>,
    private readonly now: () => number,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  /** Counts one use of the blog's redirect from `fromPath` (a redirect key). */
  add(blogId: string, fromPath: string): void {
    const key = `${blogId}\n${fromPath}`;
    const kept = this.pending.get(key);
    if (kept) {
      kept.count += 1;
      kept.lastAt = this.now();
      // A flood of made-up addresses cannot find redirects, so the map holds at most the blogs' redirects.
    } else this.pending.set(key, { blogId, fromPath, count: 1, lastAt: this.now() });
  }

  /** Writes the counted uses; on failure they are kept for the next flush. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      if (this.pending.size === 0) return;
      const batch = this.pending;
      this.pending = new Map();
      try {
        await this.redirects.addHits([...batch.values()]);
      } catch (error) {
        for (const [key, hit] of batch) {
          const newer = this.pending.get(key);
          this.pending.set(key, newer ? { ...hit, count: hit.count + newer.count, lastAt: newer.lastAt } : hit);
        }
        this.onError(error);
      }
    });
    return this.flushing;
  }

  /** Flushes every `seconds` until stopped. */
  start(seconds: number): void {
    this.timer = setInterval(() => void this.flush(), seconds * 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flush();
  }
}
