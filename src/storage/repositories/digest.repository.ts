/**
 * What the weekly digest reads and writes: the posts a blog published in a week, the blogs that have
 * weekly subscribers, and the ledger of digests sent (one row per blog, week and subscriber, which is
 * what keeps anyone from getting a week twice).
 */
import type { Kysely } from 'kysely';
import type { Database, PostRow } from '../schema.js';

export type DigestPost = Pick<PostRow, 'id' | 'kind' | 'title' | 'slug' | 'path_year' | 'path_month' | 'body_text' | 'published_at'>;

export class DigestRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Live posts published in [from, to), oldest first, leaving out those published "blog only". */
  async postsBetween(blogId: string, from: number, to: number, limit: number): Promise<DigestPost[]> {
    return this.db
      .selectFrom('posts')
      .select(['id', 'kind', 'title', 'slug', 'path_year', 'path_month', 'body_text', 'published_at'])
      .where('blog_id', '=', blogId)
      .where('kind', '=', 'post')
      .where('status', '=', 'live')
      .where('trashed_at', 'is', null)
      .where('mail_mode', '!=', 'blog-only')
      .where('published_at', '>=', from)
      .where('published_at', '<', to)
      .orderBy('published_at')
      .limit(limit)
      .execute();
  }

  /** Blogs with at least one active weekly subscriber. */
  async blogsWithWeeklySubscribers(): Promise<string[]> {
    const rows = await this.db
      .selectFrom('subscribers')
      .select('blog_id')
      .distinct()
      .where('status', '=', 'active')
      .where('frequency', '=', 'weekly')
      .execute();
    return rows.map((r) => r.blog_id);
  }

  async wasSent(blogId: string, week: string, subscriberId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('subscriber_digests')
      .select('status')
      .where('blog_id', '=', blogId)
      .where('week', '=', week)
      .where('subscriber_id', '=', subscriberId)
      .executeTakeFirst();
    return row !== undefined;
  }

  async record(row: {
    blogId: string;
    week: string;
    subscriberId: string;
    status: 'sent' | 'bounced';
    messageId: string;
    error: string | null;
    now: number;
  }): Promise<void> {
    await this.db
      .insertInto('subscriber_digests')
      .values({
        blog_id: row.blogId,
        week: row.week,
        subscriber_id: row.subscriberId,
        status: row.status,
        message_id: row.messageId,
        error: row.error,
        created_at: row.now,
      })
      .onConflict((oc) => oc.columns(['blog_id', 'week', 'subscriber_id']).doNothing())
      .execute();
  }
}
