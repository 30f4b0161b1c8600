/** Daily page-view counts per post, and the ranking behind "Popular posts". */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';

export interface DailyCount {
  blogId: string;
  postId: string;
  /** UTC day, `YYYY-MM-DD`. */
  day: string;
  views: number;
}

export interface PostViews {
  postId: string;
  views: number;
}

export class ViewRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Adds counts to the daily totals in one transaction. Counts for posts deleted meanwhile are dropped. */
  async addCounts(counts: readonly DailyCount[]): Promise<void> {
    if (counts.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      const ids = [...new Set(counts.map((c) => c.postId))];
      const existing = new Set((await trx.selectFrom('posts').select('id').where('id', 'in', ids).execute()).map((r) => r.id));
      const rows = counts
        .filter((c) => existing.has(c.postId))
        .map((c) => ({ blog_id: c.blogId, post_id: c.postId, day: c.day, views: c.views }));
      for (let i = 0; i < rows.length; i += 500) {
        await trx
          .insertInto('post_views_daily')
          .values(rows.slice(i, i + 500))
          .onConflict((oc) => oc.columns(['post_id', 'day']).doUpdateSet({ views: sql`post_views_daily.views + excluded.views` }))
          .execute();
      }
    });
  }

  /** The blog's live posts with the most views since `sinceDay` (inclusive; null: all time). */
  async mostViewed(blogId: string, sinceDay: string | null, limit: number): Promise<PostViews[]> {
    let query = this.db
      .selectFrom('post_views_daily as v')
      .innerJoin('posts as p', 'p.id', 'v.post_id')
      .select(['v.post_id as postId', (eb) => eb.fn.sum<number>('v.views').as('views')])
      .where('v.blog_id', '=', blogId)
      .where('p.status', '=', 'live')
      .where('p.trashed_at', 'is', null)
      .where('p.kind', '=', 'post');
    if (sinceDay) query = query.where('v.day', '>=', sinceDay);
    const rows = await query.groupBy('v.post_id').orderBy('views', 'desc').orderBy('v.post_id', 'desc').limit(limit).execute();
    return rows.map((r) => ({ postId: r.postId, views: Number(r.views) }));
  }

  /** Total views of one post (all time). */
  async totalFor(postId: string): Promise<number> {
    const row = await this.db
      .selectFrom('post_views_daily')
      .select((eb) => eb.fn.sum<number>('views').as('n'))
      .where('post_id', '=', postId)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }
}
