/**
 * Indexes that read a page's few rows in the order the page lists them, so no page sorts all of a
 * blog's posts or comments to show the first few (a cost that grew with the blog: the scale bench and
 * test/storage/query-plans.test.ts):
 * - live posts newest first, ties by ID (home, feeds, older/newer links, the API): the index it replaces
 *   stopped at the time, so keyset pages after a post read every newer post and sorted them;
 * - a month's and a year's posts newest first (the archives sorted the whole month or year);
 * - the pages menu in the owner's order; the primary blog (every request to the bare domain sorted all blogs);
 * - a blog's comments newest first, ties by ID (the comment feed);
 * - a blog's posts by ID and its comments by post: SQLite's statistics are averages over all blogs, and
 *   with one blog of 100,000 posts among 10,000 small ones an index led by blog_id alone looked like a
 *   few rows, so `blog_id = ? and id in (…)` read the whole big blog (0.4 s); led by blog_id and then the
 *   post, every index that can answer starts with blog_id, and the one that goes on with the post wins.
 * Frozen in time: a migration never imports application code.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('posts_feed').execute();
  await db.schema.createIndex('posts_feed').on('posts').columns(['blog_id', 'kind', 'status', 'published_at', 'id']).execute();
  await db.schema
    .createIndex('posts_month')
    .on('posts')
    .columns(['blog_id', 'kind', 'status', 'path_year', 'path_month', 'published_at', 'id'])
    .execute();
  await db.schema.createIndex('posts_year').on('posts').columns(['blog_id', 'kind', 'status', 'path_year', 'published_at', 'id']).execute();
  await db.schema.createIndex('posts_menu').on('posts').columns(['blog_id', 'kind', 'status', 'menu_order', 'title']).execute();
  await db.schema.createIndex('blogs_primary').on('blogs').columns(['is_primary', 'created_at']).execute();
  await db.schema.createIndex('blogs_created').on('blogs').column('created_at').execute();
  await db.schema.createIndex('posts_blog_id').on('posts').columns(['blog_id', 'id']).unique().execute();
  await db.schema.createIndex('comments_blog_post').on('comments').columns(['blog_id', 'post_id', 'status', 'created_at', 'id']).execute();
  await db.schema.dropIndex('comments_blog').execute();
  await db.schema.createIndex('comments_blog').on('comments').columns(['blog_id', 'status', 'created_at', 'id']).execute();
}
