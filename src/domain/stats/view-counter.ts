/**
 * Counts page views of posts by readers only, without slowing the page. Not counted: anything but GET,
 * prefetches and prerenders, bots and link-preview fetchers, signed-in members of the blog on their own
 * blog, and the same reader's repeats of the same post within 30 minutes (recognised by a salted hash,
 * see reader-key.ts). A counted view adds to the post's day, the blog's hour and minute, its referrer
 * domain and its device class — in a store (memory or Redis) that is written to the database in batches.
 */
import { utcDay } from '../text/time.js';
import { countKeys } from './count-keys.js';
import type { MemberViews } from './member-views.js';
import { classifyAgent, isPrefetch } from './reader-agent.js';
import { readerKey, type SaltSource } from './reader-key.js';
import { externalReferrer } from './referrer.js';
import type { ViewStore } from './view-store.js';

/** A request for a post or page, as the counter needs it. */
export interface PageView {
  blogId: string;
  postId: string;
  method: string;
  userAgent: string | undefined;
  /** `Sec-Purpose` or `Purpose` header. */
  purpose: string | undefined;
  /** The `Referer` header. */
  referrer: string | undefined;
  /** The `Host` the page was asked of: links from it are not external referrers. */
  host: string | undefined;
  /** The client's address: hashed, never stored. */
  address: string;
  /** The session cookie's value, when the browser sent one. */
  sessionToken: string | undefined;
}

/** Why a view was or was not counted (tests and the beacon's answer read it). */
export type CountResult = 'counted' | 'not-get' | 'prefetch' | 'bot' | 'member' | 'repeat' | 'failed';

export class ViewCounter {
  private timer: NodeJS.Timeout | undefined;
  private salt: { day: string; value: string } | undefined;

  constructor(
    private readonly store: ViewStore,
    private readonly salts: SaltSource,
    private readonly members: MemberViews,
    private readonly now: () => number = Date.now,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  /** Counts still being decided (a member lookup, a Redis call): a flush waits for them. */
  private readonly deciding = new Set<Promise<CountResult>>();

  /** Counts the view when it is a reader's. Never throws: a store failure loses only this view. */
  count(view: PageView): Promise<CountResult> {
    const deciding = this.decide(view);
    this.deciding.add(deciding);
    void deciding.finally(() => this.deciding.delete(deciding));
    return deciding;
  }

  private async decide(view: PageView): Promise<CountResult> {
    if (view.method !== 'GET' && view.method !== 'POST') return 'not-get';
    if (isPrefetch(view.purpose)) return 'prefetch';
    const agent = classifyAgent(view.userAgent);
    if (agent === 'bot') return 'bot';
    try {
      if (view.sessionToken && (await this.members.isMember(view.sessionToken, view.blogId))) return 'member';
      const at = this.now();
      const salt = await this.saltOf(utcDay(at));
      const key = readerKey(salt, view.address, view.userAgent ?? '', view.postId);
      const keys = countKeys({ ...view, at, referrer: externalReferrer(view.referrer, view.host), device: agent });
      return (await this.store.add(key, keys)) ? 'counted' : 'repeat';
    } catch (error) {
      this.onError(error);
      return 'failed';
    }
  }

  private async saltOf(day: string): Promise<string> {
    if (this.salt?.day !== day) this.salt = { day, value: await this.salts.saltFor(day) };
    return this.salt.value;
  }

  /** Counts one view of a post with no checks at all (for data made by the demo and tests). */
  record(blogId: string, postId: string): void {
    void this.store.add(null, countKeys({ blogId, postId, at: this.now(), referrer: null, device: null })).catch(this.onError);
  }

  /** Writes the buffered counts, once the views already arriving are decided. */
  async flush(): Promise<void> {
    if (this.deciding.size > 0) await Promise.all(this.deciding);
    return this.store.flush();
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
    await this.store.close();
  }
}
