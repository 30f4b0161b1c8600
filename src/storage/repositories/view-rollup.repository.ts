/**
 * Rolls old daily view counts up into monthly ones: per post (`post_views_daily` → `post_views_monthly`)
 * and per referrer domain and device class (`view_facets_daily` → `view_facets_monthly`). Each month is
 * moved in one transaction that deletes the daily rows and adds what it deleted to the monthly rows, so
 * two rollups running at once (several app processes) cannot both move the same rows: the second
 * deletes, and so adds, nothing.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';

export interface RollupResult {
  /** Months moved (each counted once, whichever tables had rows). */
  months: string[];
  /** Daily rows deleted and added into monthly ones. */
  rows: number;
}

/** The first day of the month after `month` (`YYYY-MM`). */
function nextMonthStart(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

export class ViewRollupRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Rolls up every whole month whose days are all before `beforeDay` (`YYYY-MM-01`). */
  async rollUpBefore(beforeDay: string): Promise<RollupResult> {
    const result: RollupResult = { months: [], rows: 0 };
    for (;;) {
      const month = await this.oldestMonthBefore(beforeDay);
      if (!month) return result;
      result.rows += await this.rollUpMonth(month, nextMonthStart(month) <= beforeDay ? nextMonthStart(month) : beforeDay);
      result.months.push(month);
    }
  }

  private async oldestMonthBefore(beforeDay: string): Promise<string | undefined> {
    const post = await this.db
      .selectFrom('post_views_daily')
      .select((eb) => eb.fn.min('day').as('d'))
      .where('day', '<', beforeDay)
      .executeTakeFirst();
    const facet = await this.db
      .selectFrom('view_facets_daily')
      .select((eb) => eb.fn.min('period').as('d'))
      .where('period', '<', beforeDay)
      .executeTakeFirst();
    const days = [post?.d, facet?.d].filter((d): d is string => typeof d === 'string');
    return days.length === 0 ? undefined : days.sort()[0]!.slice(0, 7);
  }

  private rollUpMonth(month: string, end: string): Promise<number> {
    const start = `${month}-01`;
    return this.db.transaction().execute(async (trx) => {
      const posts = await trx
        .deleteFrom('post_views_daily')
        .where('day', '>=', start)
        .where('day', '<', end)
        .returning(['blog_id', 'post_id', 'views'])
        .execute();
      const perPost = new Map<string, { blog_id: string; post_id: string; month: string; views: number }>();
      for (const r of posts) {
        const row = perPost.get(r.post_id) ?? { blog_id: r.blog_id, post_id: r.post_id, month, views: 0 };
        row.views += Number(r.views);
        perPost.set(r.post_id, row);
      }
      const postRows = [...perPost.values()];
      for (let i = 0; i < postRows.length; i += 500) {
        await trx
          .insertInto('post_views_monthly')
          .values(postRows.slice(i, i + 500))
          .onConflict((oc) => oc.columns(['post_id', 'month']).doUpdateSet({ views: sql`post_views_monthly.views + excluded.views` }))
          .execute();
      }
      const facets = await trx
        .deleteFrom('view_facets_daily')
        .where('period', '>=', start)
        .where('period', '<', end)
        .returning(['blog_id', 'kind', 'value', 'views'])
        .execute();
      const perFacet = new Map<
        string,
        { blog_id: string; period: string; kind: (typeof facets)[number]['kind']; value: string; views: number }
      >();
      for (const r of facets) {
        const key = `${r.blog_id}|${r.kind}|${r.value}`;
        const row = perFacet.get(key) ?? { blog_id: r.blog_id, period: month, kind: r.kind, value: r.value, views: 0 };
        row.views += Number(r.views);
        perFacet.set(key, row);
      }
      const facetRows = [...perFacet.values()];
      for (let i = 0; i < facetRows.length; i += 500) {
        await trx
          .insertInto('view_facets_monthly')
          .values(facetRows.slice(i, i + 500))
          .onConflict((oc) =>
            oc.columns(['blog_id', 'period', 'kind', 'value']).doUpdateSet({ views: sql`view_facets_monthly.views + excluded.views` }),
          )
          .execute();
      }
      return posts.length + facets.length;
    });
  }
}
