/** Daily page-view counts per post, and the ranking behind "Popular posts". */
import { sql, type Kysely } from 'kysely';
import type { Database, ViewFacetKind } from '../schema.js';

export interface DailyCount {
  blogId: string;
  postId: string;
  /** UTC day, `YYYY-MM-DD`. */
  day: string;
  views: number;
}

/** A blog's views in one UTC hour (`YYYY-MM-DDTHH`) or minute (`YYYY-MM-DDTHH:MM`). */
export interface PeriodCount {
  blogId: string;
  period: string;
  views: number;
}

export interface FacetCount extends PeriodCount {
  kind: ViewFacetKind;
  value: string;
}

/** Everything one flush writes. */
export interface ViewCountBatch {
  posts: DailyCount[];
  hours: PeriodCount[];
  minutes: PeriodCount[];
  facets: FacetCount[];
}

/** How long the per-hour and per-minute totals are kept. */
export const KEEP_HOURS_MS = 8 * 86_400_000;
export const KEEP_MINUTES_MS = 2 * 3_600_000;
const KEEP_BATCH_IDS_MS = 86_400_000;
const CHUNK = 500;

export interface PostViews {
  postId: string;
  views: number;
}

export class ViewRepository {
  private prunedAt = 0;

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

  /**
   * Writes a batch of counts in one transaction, adding to what is there. With a batch ID, a batch
   * already written is refused whole (returns false): a retried batch never counts twice. Counts of
   * posts or blogs deleted meanwhile are dropped. Old per-hour and per-minute rows are pruned.
   */
  async applyBatch(batch: ViewCountBatch, batchId: string | null, now: number): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      if (batchId !== null) {
        const inserted = await trx
          .insertInto('view_flush_batches')
          .values({ id: batchId, flushed_at: now })
          .onConflict((oc) => oc.column('id').doNothing())
          .executeTakeFirst();
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return false;
      }
      const postIds = [...new Set(batch.posts.map((c) => c.postId))];
      const livePosts = new Set<string>();
      for (let i = 0; i < postIds.length; i += CHUNK) {
        const rows = await trx
          .selectFrom('posts')
          .select('id')
          .where('id', 'in', postIds.slice(i, i + CHUNK))
          .execute();
        for (const r of rows) livePosts.add(r.id);
      }
      const blogIds = [...new Set([...batch.hours, ...batch.minutes, ...batch.facets].map((c) => c.blogId))];
      const blogs = new Set(
        blogIds.length === 0 ? [] : (await trx.selectFrom('blogs').select('id').where('id', 'in', blogIds).execute()).map((r) => r.id),
      );
      const posts = batch.posts
        .filter((c) => livePosts.has(c.postId))
        .map((c) => ({ blog_id: c.blogId, post_id: c.postId, day: c.day, views: c.views }));
      for (let i = 0; i < posts.length; i += CHUNK) {
        await trx
          .insertInto('post_views_daily')
          .values(posts.slice(i, i + CHUNK))
          .onConflict((oc) => oc.columns(['post_id', 'day']).doUpdateSet({ views: sql`post_views_daily.views + excluded.views` }))
          .execute();
      }
      for (const table of ['blog_views_hourly', 'blog_views_minutely'] as const) {
        const rows = (table === 'blog_views_hourly' ? batch.hours : batch.minutes)
          .filter((c) => blogs.has(c.blogId))
          .map((c) => ({ blog_id: c.blogId, period: c.period, views: c.views }));
        for (let i = 0; i < rows.length; i += CHUNK) {
          await trx
            .insertInto(table)
            .values(rows.slice(i, i + CHUNK))
            .onConflict((oc) => oc.columns(['blog_id', 'period']).doUpdateSet({ views: sql`${sql.ref(table)}.views + excluded.views` }))
            .execute();
        }
      }
      const facets = batch.facets
        .filter((c) => blogs.has(c.blogId))
        .map((c) => ({ blog_id: c.blogId, period: c.period, kind: c.kind, value: c.value, views: c.views }));
      for (let i = 0; i < facets.length; i += CHUNK) {
        await trx
          .insertInto('view_facets_daily')
          .values(facets.slice(i, i + CHUNK))
          .onConflict((oc) =>
            oc.columns(['blog_id', 'period', 'kind', 'value']).doUpdateSet({ views: sql`view_facets_daily.views + excluded.views` }),
          )
          .execute();
      }
      await this.prune(trx, now);
      return true;
    });
  }

  /** Drops per-hour rows older than 8 days, per-minute rows older than 2 hours, and old batch IDs. */
  private async prune(db: Kysely<Database>, now: number): Promise<void> {
    if (now - this.prunedAt < 60_000) return;
    this.prunedAt = now;
    const hour = new Date(now - KEEP_HOURS_MS).toISOString().slice(0, 13);
    const minute = new Date(now - KEEP_MINUTES_MS).toISOString().slice(0, 16);
    await db.deleteFrom('blog_views_hourly').where('period', '<', hour).execute();
    await db.deleteFrom('blog_views_minutely').where('period', '<', minute).execute();
    await db
      .deleteFrom('view_flush_batches')
      .where('flushed_at', '<', now - KEEP_BATCH_IDS_MS)
      .execute();
  }

  /**
   * The blog's live posts with the most views since `sinceDay` (inclusive; null: all time, monthly
   * rollups included). Views are summed per post first — from the covering index alone — and only the
   * posts with views are then looked up.
   */
  async mostViewed(blogId: string, sinceDay: string | null, limit: number): Promise<PostViews[]> {
    const daily = this.db.selectFrom('post_views_daily').select(['post_id', 'views']).where('blog_id', '=', blogId);
    const source = sinceDay
      ? daily.where('day', '>=', sinceDay)
      : daily.unionAll(this.db.selectFrom('post_views_monthly').select(['post_id', 'views']).where('blog_id', '=', blogId));
    const totals = this.db
      .selectFrom(source.as('d'))
      .select(['d.post_id', (eb) => eb.fn.sum<number>('d.views').as('views')])
      .groupBy('d.post_id')
      .as('v');
    const rows = await this.db
      .selectFrom(totals)
      .innerJoin('posts as p', 'p.id', 'v.post_id')
      .select(['v.post_id as postId', 'v.views'])
      .where('p.status', '=', 'live')
      .where('p.trashed_at', 'is', null)
      .where('p.kind', '=', 'post')
      .orderBy('v.views', 'desc')
      .orderBy('v.post_id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ postId: r.postId, views: Number(r.views) }));
  }

  /**
   * True when the session (by its stored ID) is live and its user a member of the blog: the view
   * counter's one question about who is reading, asked only of browsers that send a session cookie.
   */
  async isMemberSession(sessionId: string, blogId: string, now: number): Promise<boolean> {
    const row = await this.db
      .selectFrom('sessions as s')
      .innerJoin('memberships as m', 'm.user_id', 's.user_id')
      .select('m.role')
      .where('s.id', '=', sessionId)
      .where('s.expires_at', '>', now)
      .where('m.blog_id', '=', blogId)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Total views of one post (all time, monthly rollups included). */
  async totalFor(postId: string): Promise<number> {
    let total = 0;
    for (const table of ['post_views_daily', 'post_views_monthly'] as const) {
      const row = await this.db
        .selectFrom(table)
        .select((eb) => eb.fn.sum<number>('views').as('n'))
        .where('post_id', '=', postId)
        .executeTakeFirst();
      total += Number(row?.n ?? 0);
    }
    return total;
  }
}
