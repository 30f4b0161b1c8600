/**
 * Comment indexes that read in the order wanted:
 * - each blog's comments in ID order: the spam trainer (after every import) reads a blog's comments a
 *   page at a time after the last ID seen; without it, each page read and sorted all of the blog's
 *   comments again (training on 50,000 imported comments read some 5 million rows);
 * - a post's comments by status, time and then ID, the order a post page lists them in: the index it
 *   replaces stopped at the time, so every post page sorted its comments again.
 * Frozen in time: a migration never imports application code.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('comments_blog_id').on('comments').columns(['blog_id', 'id']).execute();
  await db.schema.dropIndex('comments_post').execute();
  await db.schema.createIndex('comments_post').on('comments').columns(['post_id', 'status', 'created_at', 'id']).execute();
}
