/**
 * Audience statistics: monthly rollups of per-post views, per-hour and per-minute totals of a blog
 * (kept for a limited time), daily and monthly counts of referrer domains and device classes, the
 * batches of counts already written (so a batch retried after a crash is never added twice), and the
 * blog setting that counts views by a beacon instead of on the server.
 * Frozen in time: a migration never imports application code.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const time = dialect === 'postgres' ? 'bigint' : 'integer';
  await db.schema
    .alterTable('blogs')
    .addColumn('view_beacon', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('post_views_monthly')
    .addColumn('blog_id', 'text', (c) => c.notNull().references('blogs.id').onDelete('cascade'))
    .addColumn('post_id', 'text', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('views', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('post_views_monthly_pk', ['post_id', 'month'])
    .execute();
  await db.schema.createIndex('post_views_monthly_blog').on('post_views_monthly').columns(['blog_id', 'month']).execute();

  // The popular-posts query reads only this index (blog, day → post, views), never the table.
  await db.schema.createIndex('post_views_daily_ranking').on('post_views_daily').columns(['blog_id', 'day', 'post_id', 'views']).execute();
  await db.schema.dropIndex('post_views_daily_blog_day').execute();

  // `period`: an hour `YYYY-MM-DDTHH` (kept 8 days) or a minute `YYYY-MM-DDTHH:MM` (kept 2 hours), UTC.
  for (const table of ['blog_views_hourly', 'blog_views_minutely']) {
    await db.schema
      .createTable(table)
      .addColumn('blog_id', 'text', (c) => c.notNull().references('blogs.id').onDelete('cascade'))
      .addColumn('period', 'text', (c) => c.notNull())
      .addColumn('views', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint(`${table}_pk`, ['blog_id', 'period'])
      .execute();
  }

  // `kind`: 'referrer' (value: a normalized host) or 'device' (desktop, phone, tablet).
  // `period`: a UTC day `YYYY-MM-DD` in the daily table, a month `YYYY-MM` in the monthly one.
  for (const table of ['view_facets_daily', 'view_facets_monthly']) {
    await db.schema
      .createTable(table)
      .addColumn('blog_id', 'text', (c) => c.notNull().references('blogs.id').onDelete('cascade'))
      .addColumn('period', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('views', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint(`${table}_pk`, ['blog_id', 'period', 'kind', 'value'])
      .execute();
  }

  await db.schema
    .createTable('view_flush_batches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('flushed_at', time, (c) => c.notNull())
    .execute();
}
