/**
 * The dashboard's posts and pages lists, newest first (a draft by its last change): an index in the
 * order they are listed, so the first 25 of a blog's posts are read in order instead of every post of
 * the blog being read whole (bodies too) and sorted — the largest cost of the posts list and the
 * overview (docs/performance.md, "What a dashboard page costs"). The expression is the list's
 * `order by coalesce(published_at, updated_at) desc, id desc`, written the same on both databases.
 * Frozen in time: a migration never imports application code.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index posts_dashboard_order on posts (blog_id, kind, (coalesce(published_at, updated_at)), id)`.execute(db);
}
