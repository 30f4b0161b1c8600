/**
 * A blog's audience for the stats dashboard: views over time (the last 24 hours by hour, 30 days by day,
 * 12 months by month, and all time by month), "right now" (the last 60 minutes), and for a chosen
 * window the top posts, referrer domains and device classes. Periods are UTC; periods without views
 * are filled in as 0, so every chart has all its bars.
 */
import type { PostRepository } from '../../storage/repositories/post.repository.js';
import type { FacetViews, PeriodViews, ViewStatsRepository } from '../../storage/repositories/view-stats.repository.js';
import type { ViewRepository } from '../../storage/repositories/view.repository.js';
import type { BlogRow, PopularWindow, PostRow } from '../../storage/schema.js';
import { windowStart } from './popular-posts.js';
import { DEVICE_CLASSES } from './reader-agent.js';

export type StatsWindow = PopularWindow;

export interface BlogStats {
  /** Views in the last 60 minutes. */
  rightNow: number;
  hours: PeriodViews[];
  days: PeriodViews[];
  months: PeriodViews[];
  allTime: PeriodViews[];
  window: StatsWindow;
  topPosts: { post: PostRow; views: number }[];
  referrers: FacetViews[];
  devices: FacetViews[];
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
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

  async statsFor(blog: BlogRow, window: StatsWindow): Promise<BlogStats> {
    const now = this.now();
    const iso = (ms: number) => new Date(ms).toISOString();
    const hours = Array.from({ length: 24 }, (_, i) => iso(now - (23 - i) * HOUR_MS).slice(0, 13));
    const days = Array.from({ length: 30 }, (_, i) => iso(now - (29 - i) * DAY_MS).slice(0, 10));
    const thisMonth = iso(now).slice(0, 7);
    const d = new Date(now);
    const yearAgo = `${d.getUTCMonth() === 11 ? d.getUTCFullYear() : d.getUTCFullYear() - 1}-${String(((d.getUTCMonth() + 1) % 12) + 1).padStart(2, '0')}`;
    const allMonths = await this.stats.monthly(blog.id, null);
    const since = windowStart(window, now);
    const ranked = await this.views.mostViewed(blog.id, since, TOP);
    const rows = new Map(
      (
        await this.posts.findLiveByIds(
          blog.id,
          ranked.map((r) => r.postId),
        )
      ).map((p) => [p.id, p]),
    );
    const devices = await this.stats.facets(blog.id, 'device', since, DEVICE_CLASSES.length);
    return {
      rightNow: await this.stats.viewsSinceMinute(blog.id, iso(now - 59 * 60_000).slice(0, 16)),
      hours: filled(await this.stats.hourly(blog.id, hours[0]!), hours),
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
