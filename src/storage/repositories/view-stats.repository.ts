/**
 * What the stats dashboard reads: a blog's views per hour, day and month, the last minutes, and its
 * top referrer domains and device classes — from the daily tables and, for whole months rolled up,
 * the monthly ones.
 */
import { sql, type Kysely } from 'kysely';
import type { Database, ViewFacetKind } from '../schema.js';

export interface PeriodViews {
  /** An hour `YYYY-MM-DDTHH`, a day `YYYY-MM-DD` or a month `YYYY-MM` (UTC). */
  period: string;
  views: number;
}

export interface FacetViews {
  value: string;
  views: number;
}

const toRows = (rows: { period: string; views: number | string | bigint }[]): PeriodViews[] =>
  rows.map((r) => ({ period: r.period, views: Number(r.views) }));

export class ViewStatsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Views per hour from `sinceHour` on (inclusive). */
  async hourly(blogId: string, sinceHour: string): Promise<PeriodViews[]> {
    const rows = await this.db
      .selectFrom('blog_views_hourly')
      .select(['period', 'views'])
      .where('blog_id', '=', blogId)
      .where('period', '>=', sinceHour)
      .orderBy('period')
      .execute();
    return toRows(rows);
  }

  /** Views from minute `sinceMinute` on (inclusive). */
  async viewsSinceMinute(blogId: string, sinceMinute: string): Promise<number> {
    const row = await this.db
      .selectFrom('blog_views_minutely')
      .select((eb) => eb.fn.sum<number>('views').as('n'))
      .where('blog_id', '=', blogId)
      .where('period', '>=', sinceMinute)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** Views of all the blog's posts and pages per day from `sinceDay` on. */
  async daily(blogId: string, sinceDay: string): Promise<PeriodViews[]> {
    const rows = await this.db
      .selectFrom('post_views_daily')
      .select(['day as period', (eb) => eb.fn.sum<number>('views').as('views')])
      .where('blog_id', '=', blogId)
      .where('day', '>=', sinceDay)
      .groupBy('day')
      .orderBy('day')
      .execute();
    return toRows(rows);
  }

  /** Views of one post (or page) per day from `sinceDay` on: a range of the table's (post, day) key. */
  async postDaily(blogId: string, postId: string, sinceDay: string): Promise<PeriodViews[]> {
    const rows = await this.db
      .selectFrom('post_views_daily')
      .select(['day as period', 'views'])
      .where('post_id', '=', postId)
      .where('day', '>=', sinceDay)
      .where('blog_id', '=', blogId)
      .orderBy('day')
      .execute();
    return toRows(rows);
  }

  /** Views per month, daily and rolled-up rows together, from month `sinceMonth` on (null: all). */
  async monthly(blogId: string, sinceMonth: string | null): Promise<PeriodViews[]> {
    const month = sql<string>`substr(day, 1, 7)`;
    let daily = this.db
      .selectFrom('post_views_daily')
      .select([month.as('period'), 'views'])
      .where('blog_id', '=', blogId);
    let rolled = this.db.selectFrom('post_views_monthly').select(['month as period', 'views']).where('blog_id', '=', blogId);
    if (sinceMonth) {
      daily = daily.where('day', '>=', `${sinceMonth}-01`);
      rolled = rolled.where('month', '>=', sinceMonth);
    }
    const rows = await this.db
      .selectFrom(daily.unionAll(rolled).as('v'))
      .select(['v.period', (eb) => eb.fn.sum<number>('v.views').as('views')])
      .groupBy('v.period')
      .orderBy('v.period')
      .execute();
    return toRows(rows);
  }

  /**
   * The most frequent values of a kind (referrer domains, device classes) from `sinceDay` on, or over
   * all time (rolled-up months included) when it is null.
   */
  async facets(blogId: string, kind: ViewFacetKind, sinceDay: string | null, limit: number): Promise<FacetViews[]> {
    const daily = this.db.selectFrom('view_facets_daily').select(['value', 'views']).where('blog_id', '=', blogId).where('kind', '=', kind);
    const source = sinceDay
      ? daily.where('period', '>=', sinceDay)
      : daily.unionAll(
          this.db.selectFrom('view_facets_monthly').select(['value', 'views']).where('blog_id', '=', blogId).where('kind', '=', kind),
        );
    const rows = await this.db
      .selectFrom(source.as('f'))
      .select(['f.value', (eb) => eb.fn.sum<number>('f.views').as('views')])
      .groupBy('f.value')
      .orderBy('views', 'desc')
      .orderBy('f.value')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ value: r.value, views: Number(r.views) }));
  }

  /**
   * Turns the blog's view beacon on or off. The blog's content version (`updated_at`) moves on too:
   * its pages change (they carry the beacon or not), so cached pages must not be served again.
   */
  async setBeacon(blogId: string, on: boolean, now: number): Promise<void> {
    await this.db
      .updateTable('blogs')
      .set({ view_beacon: on ? 1 : 0, updated_at: now })
      .where('id', '=', blogId)
      .execute();
  }
}
