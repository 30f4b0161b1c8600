/**
 * Keeps `post_view_totals` — each post's views over all time and over the 7 and 30 days ending on its
 * blog's window day — so "Popular posts" reads the top N from an index instead of summing daily rows.
 *
 * The rule that makes it right: for every blog with a window day W (`blog_view_windows`),
 *   views     = the post's daily and monthly views, all time;
 *   views_7d  = its daily views of the days from W − 6 on;
 *   views_30d = its daily views of the days from W − 29 on.
 * A flush adds each count to the totals it falls in; when a flush brings a day after W (the blog's day
 * has rolled over), or a reader asks on a later day, the blog's two window sums are recomputed from its
 * daily rows of the last 30 days and W moves on. Rollups move only days older than any window, and a
 * deleted post takes its totals with it (foreign key), so neither needs to touch them.
 *
 * Several processes: every change to a blog's totals first takes the lock on its `blog_view_windows`
 * row (an upsert that returns the day), so a recompute and a flush of the same blog never interleave.
 * Blogs are locked in sorted order, after the daily rows are written, so two flushes cannot deadlock.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, PopularWindow } from '../schema.js';

const DAY_MS = 86_400_000;
const CHUNK = 500;

/** A daily count already written to `post_views_daily`, to be added to the totals. */
export interface TotalsCount {
  blogId: string;
  postId: string;
  day: string;
  views: number;
}

/** The first day of the `days`-day window ending on `day` (both `YYYY-MM-DD`). */
export function windowFirstDay(days: 7 | 30, day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - (days - 1) * DAY_MS).toISOString().slice(0, 10);
}

/** The totals column that ranks a window. */
export function totalsColumn(window: PopularWindow): 'views' | 'views_7d' | 'views_30d' {
  return window === 'all' ? 'views' : window === '7d' ? 'views_7d' : 'views_30d';
}

/** Locks the blog's window row (making it, with no day, if missing) and returns its day ('' for none). */
async function lockWindow(trx: Transaction<Database>, blogId: string): Promise<string> {
  const row = await trx
    .insertInto('blog_view_windows')
    .values({ blog_id: blogId, day: '' })
    .onConflict((oc) => oc.column('blog_id').doUpdateSet({ day: sql`blog_view_windows.day` }))
    .returning('day')
    .executeTakeFirstOrThrow();
  return row.day;
}

/** Recomputes the blog's 7- and 30-day sums for the window ending on `day`; its lock is held. */
async function recompute(trx: Transaction<Database>, blogId: string, day: string): Promise<void> {
  const since7 = windowFirstDay(7, day);
  const since30 = windowFirstDay(30, day);
  await trx
    .updateTable('post_view_totals')
    .set({ views_7d: 0, views_30d: 0 })
    .where('blog_id', '=', blogId)
    .where((eb) => eb.or([eb('views_30d', '<>', 0), eb('views_7d', '<>', 0)]))
    .execute();
  // Every post counted in the window has a totals row already; the insert only guards the rule.
  await trx
    .insertInto('post_view_totals')
    .columns(['post_id', 'blog_id', 'views', 'views_7d', 'views_30d'])
    .expression((eb) =>
      eb
        .selectFrom('post_views_daily')
        .select([
          'post_id',
          'blog_id',
          sql<number>`0`.as('views'),
          sql<number>`sum(case when day >= ${since7} then views else 0 end)`.as('views_7d'),
          eb.fn.sum<number>('views').as('views_30d'),
        ])
        .where('blog_id', '=', blogId)
        .where('day', '>=', since30)
        .groupBy(['post_id', 'blog_id']),
    )
    .onConflict((oc) => oc.column('post_id').doUpdateSet({ views_7d: sql`excluded.views_7d`, views_30d: sql`excluded.views_30d` }))
    .execute();
  await trx.updateTable('blog_view_windows').set({ day }).where('blog_id', '=', blogId).execute();
}

/**
 * Adds counts just written to the daily table (in the same transaction) to the totals. A blog whose
 * counts reach past its window day has its window moved to the latest day counted and recomputed.
 */
export async function addToTotals(trx: Transaction<Database>, counts: readonly TotalsCount[]): Promise<void> {
  const byBlog = new Map<string, TotalsCount[]>();
  for (const c of counts) {
    const list = byBlog.get(c.blogId);
    if (list) list.push(c);
    else byBlog.set(c.blogId, [c]);
  }
  for (const blogId of [...byBlog.keys()].sort()) {
    const blogCounts = byBlog.get(blogId)!;
    const window = await lockWindow(trx, blogId);
    const latest = blogCounts.reduce((max, c) => (c.day > max ? c.day : max), '');
    const stale = latest > window;
    const since7 = stale ? '' : windowFirstDay(7, window);
    const since30 = stale ? '' : windowFirstDay(30, window);
    const perPost = new Map<string, { post_id: string; blog_id: string; views: number; views_7d: number; views_30d: number }>();
    for (const c of blogCounts) {
      const row = perPost.get(c.postId) ?? { post_id: c.postId, blog_id: blogId, views: 0, views_7d: 0, views_30d: 0 };
      row.views += c.views;
      // A stale window is recomputed below, from the daily rows that now hold these counts.
      if (!stale && c.day >= since7) row.views_7d += c.views;
      if (!stale && c.day >= since30) row.views_30d += c.views;
      perPost.set(c.postId, row);
    }
    const rows = [...perPost.values()].sort((a, b) => (a.post_id < b.post_id ? -1 : 1));
    for (let i = 0; i < rows.length; i += CHUNK) {
      await trx
        .insertInto('post_view_totals')
        .values(rows.slice(i, i + CHUNK))
        .onConflict((oc) =>
          oc.column('post_id').doUpdateSet({
            views: sql`post_view_totals.views + excluded.views`,
            views_7d: sql`post_view_totals.views_7d + excluded.views_7d`,
            views_30d: sql`post_view_totals.views_30d + excluded.views_30d`,
          }),
        )
        .execute();
    }
    if (stale) await recompute(trx, blogId, latest);
  }
}

/** Moves the blog's window on to `day` and recomputes it, unless it already ends on `day` or later. */
export async function refreshWindow(db: Kysely<Database>, blogId: string, day: string): Promise<void> {
  const current = await db.selectFrom('blog_view_windows').select('day').where('blog_id', '=', blogId).executeTakeFirst();
  if (current && current.day >= day) return;
  await db.transaction().execute(async (trx) => {
    // Another process may have moved it meanwhile: decide again under the lock.
    if ((await lockWindow(trx, blogId)) < day) await recompute(trx, blogId, day);
  });
}

/**
 * Rebuilds every total from the daily and monthly rows (after rows were written behind the totals'
 * back, such as a bulk load); each blog's window sums are then recomputed on its next read or flush.
 */
export async function rebuildTotals(db: Kysely<Database>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('blog_view_windows').execute();
    await trx.deleteFrom('post_view_totals').execute();
    await sql`insert into post_view_totals (post_id, blog_id, views, views_7d, views_30d)
      select post_id, min(blog_id), sum(views), 0, 0 from (
        select post_id, blog_id, views from post_views_daily
        union all select post_id, blog_id, views from post_views_monthly
      ) v group by post_id`.execute(trx);
  });
}
