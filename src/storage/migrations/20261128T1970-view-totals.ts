/**
 * Per-post view totals kept ready for "Popular posts", so the ranking is an index range scan instead of
 * a sum over daily rows: each post's all-time views and its sums over the 7 and 30 days ending on its
 * blog's window day (`blog_view_windows.day`). Filled here from the rows already counted.
 * Frozen in time: a migration never imports application code.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('post_view_totals')
    .addColumn('post_id', 'text', (c) => c.primaryKey().references('posts.id').onDelete('cascade'))
    .addColumn('blog_id', 'text', (c) => c.notNull().references('blogs.id').onDelete('cascade'))
    .addColumn('views', 'integer', (c) => c.notNull())
    .addColumn('views_7d', 'integer', (c) => c.notNull())
    .addColumn('views_30d', 'integer', (c) => c.notNull())
    .execute();
  // One index per window: the top N of a blog is read backwards from the end of its range.
  for (const column of ['views', 'views_7d', 'views_30d'])
    await db.schema.createIndex(`post_view_totals_${column}`).on('post_view_totals').columns(['blog_id', column, 'post_id']).execute();

  // The day the blog's 7- and 30-day sums end on (`YYYY-MM-DD`, the blog's day): recomputed when it is past.
  await db.schema
    .createTable('blog_view_windows')
    .addColumn('blog_id', 'text', (c) => c.primaryKey().references('blogs.id').onDelete('cascade'))
    .addColumn('day', 'text', (c) => c.notNull())
    .execute();

  // All-time totals from what is stored; the window sums start at 0 with no window day, so the first
  // read or flush of each blog computes them for its day.
  await sql`insert into post_view_totals (post_id, blog_id, views, views_7d, views_30d)
    select post_id, min(blog_id), sum(views), 0, 0 from (
      select post_id, blog_id, views from post_views_daily
      union all select post_id, blog_id, views from post_views_monthly
    ) v group by post_id`.execute(db);
}
