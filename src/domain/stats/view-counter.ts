/**
 * Counts page views of posts without slowing the page: each view adds to a counter in memory, and the
 * counters are written to the database in one batch every few seconds and on shutdown. A hard crash
 * loses at most the views of the last interval.
 */
import { isbot } from 'isbot';
import type { DailyCount, ViewRepository } from '../../storage/repositories/view.repository.js';
import { utcDay } from '../text/time.js';

export interface ViewRequest {
  method: string;
  userAgent: string | undefined;
  /** `Sec-Purpose` or `Purpose` header: prefetches and prerenders are not views. */
  purpose: string | undefined;
}

/** True when a request is a person's view: a GET from something that is not a bot, not a prefetch. */
export function isCountableView(request: ViewRequest): boolean {
  if (request.method !== 'GET') return false;
  if (request.purpose && /prefetch|prerender/i.test(request.purpose)) return false;
  return !isbot(request.userAgent ?? '');
}

export class ViewCounter {
  private pending = new Map<string, DailyCount>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly views: ViewRepository,
    private readonly now: () => number = Date.now,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  /** Counts one view of a post. */
  record(blogId: string, postId: string): void {
    const day = utcDay(this.now());
    const key = `${postId}|${day}`;
    const entry = this.pending.get(key);
    if (entry) entry.views++;
    else this.pending.set(key, { blogId, postId, day, views: 1 });
  }

  /** Writes the buffered counts; counts added meanwhile wait for the next flush. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      if (this.pending.size === 0) return;
      const batch = [...this.pending.values()];
      this.pending = new Map();
      try {
        await this.views.addCounts(batch);
      } catch (error) {
        // Put the counts back so the next flush tries again.
        for (const c of batch) {
          const key = `${c.postId}|${c.day}`;
          const entry = this.pending.get(key);
          if (entry) entry.views += c.views;
          else this.pending.set(key, c);
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

  /** Stops the timer and writes what is left. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flush();
  }
}
