/**
 * A sitemap page deep in a big blog skips the earlier posts of its first month (up to a month's posts),
 * reading only their IDs. With the trash state at the end of `posts_month` that skip reads the index
 * alone (PostgreSQL: an index-only scan; SQLite: a covering index), not each post's row: the last page
 * of a million-post blog went from a read of a month's rows to a read of a month's index entries
 * (docs/performance.md "Scale"). The order of the index is as before, so every query it served it serves.
 * Frozen in time: a migration never imports application code.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('posts_month').execute();
  await db.schema
    .createIndex('posts_month')
    .on('posts')
    .columns(['blog_id', 'kind', 'status', 'path_year', 'path_month', 'published_at', 'id', 'trashed_at'])
    .execute();
}
