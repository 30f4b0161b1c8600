/**
 * An index of each blog's comments in ID order. The spam trainer (after every import) reads a blog's
 * comments a page at a time after the last ID seen; without it, each page read and sorted all of the
 * blog's comments again, so training on 50,000 imported comments read some 5 million rows.
 * Frozen in time: a migration never imports application code.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('comments_blog_id').on('comments').columns(['blog_id', 'id']).execute();
}
