/**
 * Deleting a blog and everything it holds, in one transaction. Every table is named here on purpose
 * instead of trusting `on delete cascade`: a table added later without a cascade (or on a database
 * where foreign keys were off) would otherwise keep rows of a deleted blog — or refuse the delete.
 * `test/storage/blog-deletion.test.ts` reads both databases' schemas and fails when a table with a
 * `blog_id` or `post_id` column is missing from these lists.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** Tables whose rows belong to a post, deleted by the posts' IDs (before the posts themselves). */
export const POST_OWNED_TABLES = ['post_labels'] as const satisfies readonly (keyof Database)[];

/** Tables with a `blog_id` column, in the order their rows are deleted (children before parents). */
export const BLOG_OWNED_TABLES = [
  'spam_learned_comments',
  'spam_tokens',
  'spam_corpora',
  'comment_settings',
  'post_views_monthly',
  'post_view_totals',
  'blog_view_windows',
  'blog_views_hourly',
  'blog_views_minutely',
  'view_facets_daily',
  'view_facets_monthly',
  'theme_files',
  'blog_list_feeds',
  'import_jobs',
  'jobs',
  'subscriber_mails',
  'subscriber_digests',
  'webhook_deliveries',
  'webhooks',
  'contact_messages',
  'media',
  'subscribers',
  'imported_media',
  'post_revisions',
  'post_views_daily',
  'redirects',
  'comments',
  'labels',
  'posts',
  // Emptied by the posts' own triggers as they go; its rows go after them.
  'post_counts',
  'post_months',
  'post_days',
  'label_counts',
  'reader_feed_keys',
  'memberships',
  'auth_tokens',
] as const satisfies readonly (keyof Database)[];

/** Rows deleted per table (and the blog itself), for the record. */
export type DeletedCounts = Record<string, number>;

export class BlogDeletionRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Deletes the blog and every row of it in one transaction; undefined when there was no such blog. */
  async deleteBlog(blogId: string): Promise<DeletedCounts | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const exists = await trx.selectFrom('blogs').select('id').where('id', '=', blogId).executeTakeFirst();
      if (!exists) return undefined;
      const counts: DeletedCounts = {};
      const postIds = trx.selectFrom('posts').select('id').where('blog_id', '=', blogId);
      for (const table of POST_OWNED_TABLES) {
        const result = await trx.deleteFrom(table).where('post_id', 'in', postIds).executeTakeFirst();
        counts[table] = Number(result.numDeletedRows);
      }
      // Replies point at their parents: cut those links first, so no order of deletion trips a foreign key.
      await trx.updateTable('comments').set({ parent_id: null }).where('blog_id', '=', blogId).execute();
      for (const table of BLOG_OWNED_TABLES) {
        const result = await trx.deleteFrom(table).where('blog_id', '=', blogId).executeTakeFirst();
        counts[table] = Number(result.numDeletedRows);
      }
      await trx.deleteFrom('blogs').where('id', '=', blogId).execute();
      return counts;
    });
  }
}
