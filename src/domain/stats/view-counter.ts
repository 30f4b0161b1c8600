/**
 * Counts page views of posts by readers only, without slowing the page. Not counted: anything but GET,
 * prefetches and prerenders, bots and link-preview fetchers, signed-in members of the blog on their own
 * blog, and the same reader's repeats of the same post within 30 minutes (recognised by a salted hash,
 * see reader-key.ts). A counted view adds to the post's day, the blog's hour and minute, its referrer
 * domain and its device class — in a store (memory or Redis) that is written to the database in batches.
 *
 * The common case decides at once, without a promise: an anonymous reader's view into the in-memory
 * store is a cached user-agent answer, one SHA-256 and a few map updates. Only what must wait — the
 * member lookup for a request with a session cookie, the day's first salt from Redis, Redis's
 * repeat check — returns a promise, and a flush waits for those.
 */
import { utcDay } from '../text/time.js';
import { countKeys } from './count-keys.js';
import type { MemberViews } from './member-views.js';
import { classifyAgent, isPrefetch, type DeviceClass } from './reader-agent.js';
import { readerKey, type SaltSource } from './reader-key.js';
import { externalReferrer } from './referrer.js';
import type { ViewStore } from './view-store.js';

/** A request for a post or page, as the counter needs it. */
export interface PageView {
  blogId: string;
  /** The blog's time zone: its days begin at its midnight. */
  timeZone?: string;
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
  /** Counts still being decided (a member lookup, a Redis call): a flush waits for them. */
  private readonly deciding = new Set<Promise<CountResult>>();

  constructor(
    private readonly store: ViewStore,
    private readonly salts: SaltSource,
    private readonly members: MemberViews,
    private readonly now: () => number = Date.now,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  /**
   * Counts the view when it is a reader's: the answer at once when nothing had to wait, else a
   * promise. Never throws nor rejects: a store failure loses only this view.
   */
  count(view: PageView): CountResult | Promise<CountResult> {
    if (view.method !== 'GET' && view.method !== 'POST') return 'not-get';
    if (isPrefetch(view.purpose)) return 'prefetch';
    const agent = classifyAgent(view.userAgent);
    if (agent === 'bot') return 'bot';
    if (view.sessionToken) return this.track(this.countUnlessMember(view, view.sessionToken, agent));
    return this.countReader(view, agent);
  }

  private async countUnlessMember(view: PageView, sessionToken: string, agent: DeviceClass): Promise<CountResult> {
    try {
      if (await this.members.isMember(sessionToken, view.blogId)) return 'member';
    } catch (error) {
      this.onError(error);
      return 'failed';
    }
    return this.countReader(view, agent);
  }

  private countReader(view: PageView, agent: DeviceClass): CountResult | Promise<CountResult> {
    try {
      const at = this.now();
      const day = utcDay(at);
      if (this.salt?.day !== day) {
        const salt = this.salts.saltFor(day);
        if (typeof salt !== 'string')
          return this.track(salt.then((value) => this.countWithSalt(view, agent, at, day, value)).catch(this.failed));
        this.salt = { day, value: salt };
      }
      return this.countWithSalt(view, agent, at, day, this.salt.value);
    } catch (error) {
      return this.failed(error);
    }
  }

  private countWithSalt(view: PageView, agent: DeviceClass, at: number, day: string, salt: string): CountResult | Promise<CountResult> {
    if (this.salt?.day !== day) this.salt = { day, value: salt };
    const key = readerKey(salt, view.address, view.userAgent ?? '', view.postId);
    // The keys (and the referrer's domain) are made only when the store counts the view: most views a
    // busy page gets are repeats, which need the reader's key alone.
    const keys = () =>
      countKeys({
        blogId: view.blogId,
        postId: view.postId,
        timeZone: view.timeZone,
        at,
        referrer: externalReferrer(view.referrer, view.host),
        device: agent,
      });
    // The store's promise never rejects, and the store's flush waits for it: no tracking needed here.
    return this.store.add(key, keys);
  }

  private readonly failed = (error: unknown): CountResult => {
    this.onError(error);
    return 'failed';
  };

  /** Remembers a decision still under way until it settles (it never rejects). */
  private track(deciding: Promise<CountResult>): Promise<CountResult> {
    this.deciding.add(deciding);
    void deciding.finally(() => this.deciding.delete(deciding));
    return deciding;
  }

  /** Counts one view of a post with no checks at all (for data made by the demo and tests). */
  record(blogId: string, postId: string, timeZone?: string): void {
    try {
      void this.store.add(null, countKeys({ blogId, postId, at: this.now(), referrer: null, device: null, timeZone }));
    } catch (error) {
      this.onError(error);
    }
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
