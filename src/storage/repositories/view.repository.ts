/** Daily page-view counts per post, and the ranking behind "Popular posts". */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, PopularWindow, ViewFacetKind } from '../schema.js';
import { storageTrouble } from '../storage-errors.js';
import { addToTotals, rebuildTotals, refreshWindow, totalsColumn } from './view-totals.js';

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
  /**
   * Blogs whose window sums were seen to end on a day (or later), so the ranking of that day is one
   * query. A window day only ever moves on, so what was seen stays true for the rest of the day.
   */
  private readonly currentWindows = new Map<string, string>();

  constructor(private readonly db: Kysely<Database>) {}

  /** Adds counts to the daily totals in one transaction. Counts for posts deleted meanwhile are dropped. */
  async addCounts(counts: readonly DailyCount[]): Promise<void> {
    if (counts.length === 0) return;
    await this.db.transaction().execute((trx) => this.addDaily(trx, counts));
  }

  /** Adds per-post daily counts, and the same to the posts' totals; counts of posts gone are dropped. */
  private async addDaily(trx: Transaction<Database>, counts: readonly DailyCount[]): Promise<void> {
    const postIds = [...new Set(counts.map((c) => c.postId))];
    const existing = new Set<string>();
    for (let i = 0; i < postIds.length; i += CHUNK) {
      const rows = await trx
        .selectFrom('posts')
        .select('id')
        .where('id', 'in', postIds.slice(i, i + CHUNK))
        .execute();
      for (const r of rows) existing.add(r.id);
    }
    // One row per post and day (an upsert may not touch a row twice), sorted so that two processes
    // flushing at once take the rows' locks in the same order.
    const merged = new Map<string, DailyCount>();
    for (const c of counts) {
      if (!existing.has(c.postId)) continue;
      const key = `${c.postId}|${c.day}`;
      const seen = merged.get(key);
      merged.set(key, seen ? { ...seen, views: seen.views + c.views } : { ...c });
    }
    const kept = [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, c]) => c);
    const rows = kept.map((c) => ({ blog_id: c.blogId, post_id: c.postId, day: c.day, views: c.views }));
    for (let i = 0; i < rows.length; i += CHUNK) {
      await trx
        .insertInto('post_views_daily')
        .values(rows.slice(i, i + CHUNK))
        .onConflict((oc) => oc.columns(['post_id', 'day']).doUpdateSet({ views: sql`post_views_daily.views + excluded.views` }))
        .execute();
    }
    await addToTotals(trx, kept);
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
      await this.addDaily(trx, batch.posts);
      const blogIds = [...new Set([...batch.hours, ...batch.minutes, ...batch.facets].map((c) => c.blogId))];
      const blogs = new Set(
        blogIds.length === 0 ? [] : (await trx.selectFrom('blogs').select('id').where('id', 'in', blogIds).execute()).map((r) => r.id),
      );
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
   * The blog's live posts with the most views in a window — the 7 or 30 days ending on `today` (the
   * blog's day, `YYYY-MM-DD`), or all time — read in order from the totals' index. The blog's window
   * sums are first moved on to `today` if they end on an earlier day.
   */
  async mostViewed(blogId: string, window: PopularWindow, limit: number, today: string): Promise<PostViews[]> {
    if (window !== 'all' && this.currentWindows.get(blogId) !== today) {
      try {
        await refreshWindow(this.db, blogId, today);
        if (this.currentWindows.size >= 10_000) this.currentWindows.clear();
        this.currentWindows.set(blogId, today);
      } catch (error) {
        // A page read must not fail on a full disk: yesterday's sums are shown, and moved on next time.
        if (!storageTrouble(error)) throw error;
      }
    }
    const column = totalsColumn(window);
    const rows = await this.db
      .selectFrom('post_view_totals as t')
      .innerJoin('posts as p', 'p.id', 't.post_id')
      .select(['t.post_id as postId', `t.${column} as views`])
      .where('t.blog_id', '=', blogId)
      .where(`t.${column}`, '>', 0)
      .where('p.status', '=', 'live')
      .where('p.trashed_at', 'is', null)
      .where('p.kind', '=', 'post')
      .orderBy(`t.${column}`, 'desc')
      .orderBy('t.post_id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ postId: r.postId, views: Number(r.views) }));
  }

  /** Rebuilds the totals behind "Popular posts" from the daily and monthly rows (after a bulk load). */
  rebuildTotals(): Promise<void> {
    this.currentWindows.clear();
    return rebuildTotals(this.db);
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
      // A private blog's readers are its audience: their views count like anyone's.
      .where('m.role', '!=', 'reader')
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
