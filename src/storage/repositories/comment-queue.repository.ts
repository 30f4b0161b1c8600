/**
 * Comments as moderators and the pipeline see them: the queue by status, status changes scoped to one
 * blog, the flood check's recent comments, and who wants to hear about replies.
 */
import type { Kysely } from 'kysely';
import type { CommentRow, CommentStatus, Database } from '../schema.js';

export interface QueuedComment extends CommentRow {
  post_title: string;
  post_slug: string;
  post_kind: string;
  post_status: string;
  post_path_year: number | null;
  post_path_month: number | null;
  post_author_id: string | null;
  /** The comment it answers (a reply), or nulls. */
  parent_author_name: string | null;
  parent_body_html: string | null;
}

export class CommentQueueRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * A page of the blog's comments with `status`, newest first, with their posts' titles and paths and,
   * for a reply, the writer and text of the comment it answers.
   */
  list(blogId: string, status: CommentStatus, limit: number, offset: number): Promise<QueuedComment[]> {
    return this.db
      .selectFrom('comments as c')
      .innerJoin('posts as p', 'p.id', 'c.post_id')
      .leftJoin('comments as parent', (join) => join.onRef('parent.id', '=', 'c.parent_id').onRef('parent.blog_id', '=', 'c.blog_id'))
      .selectAll('c')
      .select([
        'p.title as post_title',
        'p.slug as post_slug',
        'p.kind as post_kind',
        'p.status as post_status',
        'p.path_year as post_path_year',
        'p.path_month as post_path_month',
        'p.author_id as post_author_id',
        'parent.author_name as parent_author_name',
        'parent.body_html as parent_body_html',
      ])
      .where('c.blog_id', '=', blogId)
      .where('c.status', '=', status)
      .orderBy('c.created_at', 'desc')
      .orderBy('c.id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute();
  }

  /** How many of the blog's comments have each status. */
  async counts(blogId: string): Promise<Record<CommentStatus, number>> {
    const rows = await this.db
      .selectFrom('comments')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('blog_id', '=', blogId)
      .groupBy('status')
      .execute();
    const counts: Record<CommentStatus, number> = { pending: 0, live: 0, spam: 0, deleted: 0 };
    for (const r of rows) counts[r.status] = Number(r.n);
    return counts;
  }

  async countPending(blogId: string): Promise<number> {
    const row = await this.db
      .selectFrom('comments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('blog_id', '=', blogId)
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** The blog's comments with these IDs (IDs of other blogs are simply not found). */
  findMany(blogId: string, ids: readonly string[]): Promise<CommentRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db.selectFrom('comments').selectAll().where('blog_id', '=', blogId).where('id', 'in', ids).execute();
  }

  /** Sets the status of the blog's comments with these IDs; returns how many changed. */
  async setStatus(blogId: string, ids: readonly string[], status: CommentStatus, now: number): Promise<number> {
    if (ids.length === 0) return 0;
    const result = await this.db
      .updateTable('comments')
      .set({ status, updated_at: now })
      .where('blog_id', '=', blogId)
      .where('id', 'in', ids)
      .where('status', '!=', status)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /**
   * A writer's edit: the new body, and the status and reasons the screens gave it (an edit they would
   * hold goes back to the queue). Only a comment that is not deleted changes; returns whether it did.
   */
  async setOwnEdit(blogId: string, id: string, change: { bodyHtml: string; status: CommentStatus; reasons: string }, now: number) {
    const result = await this.db
      .updateTable('comments')
      .set({ body_html: change.bodyHtml, status: change.status, reasons: change.reasons, updated_at: now })
      .where('blog_id', '=', blogId)
      .where('id', '=', id)
      .where('status', '!=', 'deleted')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /**
   * The live comments `userId` wrote on the blog since `since`: the ones they may still change. A range
   * of the (blog, status, time) index, so only the last few minutes' comments are read.
   */
  recentLiveBy(blogId: string, userId: string, since: number): Promise<Pick<CommentRow, 'id' | 'post_id' | 'created_at'>[]> {
    return this.db
      .selectFrom('comments')
      .select(['id', 'post_id', 'created_at'])
      .where('blog_id', '=', blogId)
      .where('status', '=', 'live')
      .where('created_at', '>=', since)
      .where('author_user_id', '=', userId)
      .execute();
  }

  /** The newest comment time from this address or e-mail hash since `since` (any blog: floods cross blogs). */
  async latestFrom(addressHash: string, emailHash: string | null, since: number): Promise<number | null> {
    let query = this.db
      .selectFrom('comments')
      .select((eb) => eb.fn.max<number>('created_at').as('latest'))
      .where('created_at', '>', since);
    query = query.where((eb) =>
      emailHash ? eb.or([eb('address_hash', '=', addressHash), eb('email_hash', '=', emailHash)]) : eb('address_hash', '=', addressHash),
    );
    const row = await query.executeTakeFirst();
    return row?.latest == null ? null : Number(row.latest);
  }

  /** Stops reply mails for a comment's writer. */
  async unsubscribe(blogId: string, id: string): Promise<void> {
    await this.db.updateTable('comments').set({ notify_replies: 0 }).where('blog_id', '=', blogId).where('id', '=', id).execute();
  }
}
