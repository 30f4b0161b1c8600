/**
 * A blog's audience for the stats dashboard: views over time (the last 24 hours by hour, 30 days by day,
 * 12 months by month, and all time by month), "right now" (the last 60 minutes), and for a chosen
 * window the top posts, referrer domains and device classes. Days and months are the blog's own (they
 * begin at midnight in its time zone, as counted); hours are counted per UTC hour and given here as
 * the blog's wall-clock time of their start. Periods without views are filled in as 0, so every chart
 * has all its bars.
 */
import type { PostRepository } from '../../storage/repositories/post.repository.js';
import type { FacetViews, PeriodViews, ViewStatsRepository } from '../../storage/repositories/view-stats.repository.js';
import type { ViewRepository } from '../../storage/repositories/view.repository.js';
import type { BlogRow, PopularWindow, PostRow } from '../../storage/schema.js';
import { addDays, dayIn, msToZonedInput } from '../text/zoned-time.js';
import { windowStart } from './popular-posts.js';
import { DEVICE_CLASSES } from './reader-agent.js';

export type StatsWindow = PopularWindow;

export interface BlogStats {
  /** The blog's time zone, which the periods below are in. */
  timeZone: string;
  /** Views in the last 60 minutes. */
  rightNow: number;
  /** Each the blog's wall-clock start of an hour, `YYYY-MM-DDTHH:MM`. */
  hours: PeriodViews[];
  days: PeriodViews[];
  months: PeriodViews[];
  allTime: PeriodViews[];
  window: StatsWindow;
  topPosts: { post: PostRow; views: number }[];
  referrers: FacetViews[];
  devices: FacetViews[];
}

/** One post's views: the last 30 days by day (the blog's days), for the post's own stats page. */
export interface PostStats {
  post: PostRow;
  timeZone: string;
  days: PeriodViews[];
}

const HOUR_MS = 3_600_000;
const TOP = 10;

/** The periods from `first` to `last` (inclusive) with their views, 0 where none were counted. */
function filled(rows: PeriodViews[], periods: string[]): PeriodViews[] {
  const views = new Map(rows.map((r) => [r.period, r.views]));
  return periods.map((period) => ({ period, views: views.get(period) ?? 0 }));
}

function monthsBetween(first: string, last: string): string[] {
  const months: string[] = [];
  let [y, m] = first.split('-').map(Number) as [number, number];
  for (let guard = 0; guard < 1200; guard++) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    months.push(month);
    if (month >= last) break;
    if (++m > 12) [y, m] = [y + 1, 1];
  }
  return months;
}

export class BlogStatsService {
  constructor(
    private readonly stats: ViewStatsRepository,
    private readonly views: ViewRepository,
    private readonly posts: PostRepository,
    private readonly now: () => number = Date.now,
    /** Called after a blog's setting changed, so the blog lookup is refreshed. */
    private readonly blogChanged: () => void = () => {},
  ) {}

  /**
   * Counts the blog's views by the beacon (on) or on the server (off). Its pages change with it, so
   * its content version moves on and no cached page of the other kind is served again.
   */
  async setBeacon(blog: BlogRow, on: boolean): Promise<void> {
    await this.stats.setBeacon(blog.id, on, Math.max(this.now(), blog.updated_at + 1));
    this.blogChanged();
  }

  /** The views of the blog's post (or page) `postId` per day over the last 30 days; null when it has no such post. */
  async postStatsFor(blog: BlogRow, postId: string): Promise<PostStats | null> {
    const post = /^\d{1,19}$/.test(postId) ? await this.posts.findById(blog.id, postId) : undefined;
    if (!post) return null;
    const today = dayIn(this.now(), blog.time_zone);
    const days = Array.from({ length: 30 }, (_, i) => addDays(today, i - 29));
    return { post, timeZone: blog.time_zone, days: filled(await this.stats.postDaily(blog.id, post.id, days[0]!), days) };
  }

  async statsFor(blog: BlogRow, window: StatsWindow): Promise<BlogStats> {
    const now = this.now();
    const timeZone = blog.time_zone;
    const iso = (ms: number) => new Date(ms).toISOString();
    const hours = Array.from({ length: 24 }, (_, i) => iso(now - (23 - i) * HOUR_MS).slice(0, 13));
    const today = dayIn(now, timeZone);
    const days = Array.from({ length: 30 }, (_, i) => addDays(today, i - 29));
    const thisMonth = today.slice(0, 7);
    const [year, month] = thisMonth.split('-').map(Number) as [number, number];
    const yearAgo = month === 12 ? `${year}-01` : `${year - 1}-${String(month + 1).padStart(2, '0')}`;
    const allMonths = await this.stats.monthly(blog.id, null);
    const since = windowStart(window, today);
    const ranked = await this.views.mostViewed(blog.id, window, TOP, today);
    const rows = new Map(
      (
        await this.posts.findLiveByIds(
          blog.id,
          ranked.map((r) => r.postId),
        )
      ).map((p) => [p.id, p]),
    );
    const devices = await this.stats.facets(blog.id, 'device', since, DEVICE_CLASSES.length);
    const localHour = (p: PeriodViews) => ({ period: msToZonedInput(Date.parse(`${p.period}:00:00Z`), timeZone), views: p.views });
    return {
      timeZone,
      rightNow: await this.stats.viewsSinceMinute(blog.id, iso(now - 59 * 60_000).slice(0, 16)),
      hours: filled(await this.stats.hourly(blog.id, hours[0]!), hours).map(localHour),
      days: filled(await this.stats.daily(blog.id, days[0]!), days),
      months: filled(allMonths, monthsBetween(yearAgo, thisMonth)),
      allTime: filled(allMonths, monthsBetween(allMonths[0]?.period ?? thisMonth, thisMonth)),
      window,
      topPosts: ranked.flatMap((r) => {
        const post = rows.get(r.postId);
        return post ? [{ post, views: r.views }] : [];
      }),
      referrers: await this.stats.facets(blog.id, 'referrer', since, TOP),
      devices: DEVICE_CLASSES.map((value) => ({ value, views: devices.find((f) => f.value === value)?.views ?? 0 })),
    };
  }
}
