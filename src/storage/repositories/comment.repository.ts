/** Comments on posts; reader queries see only live ones. */
import type { Kysely } from 'kysely';
import type { CommentRow, Database, NewCommentRow, PostKind } from '../schema.js';
import { preparedQuery } from '../prepared-query.js';

/** What a post page shows of a comment, and threads by: the columns its query reads. */
export const SHOWN_COMMENT_COLUMNS = ['id', 'parent_id', 'author_name', 'author_url', 'body_html', 'created_at'] as const;
export type ShownComment = Pick<CommentRow, (typeof SHOWN_COMMENT_COLUMNS)[number]>;

export interface CommentWithPost extends CommentRow {
  post_title: string;
  post_slug: string;
  post_path_year: number | null;
  post_path_month: number | null;
}

/** A comment with what a feed needs of its post (the post's kind too: comments on pages link to `/p/…`). */
export interface FeedComment extends CommentWithPost {
  post_kind: PostKind;
}

export class CommentRepository {
  // The reads behind every public page, compiled once (see prepared-query.ts).
  private readonly liveForPost;
  private readonly liveCounts;
  // And the ones an import makes for every comment it writes.
  private readonly byId;
  private readonly idTaken;
  private readonly insertRow;

  constructor(private readonly db: Kysely<Database>) {
    this.byId = preparedQuery(db, (a: { blogId: string; id: string }) =>
      db.selectFrom('comments').selectAll().where('blog_id', '=', a.blogId).where('id', '=', a.id),
    );
    this.idTaken = preparedQuery(db, (a: { id: string }) => db.selectFrom('comments').select('id').where('id', '=', a.id));
    this.insertRow = preparedQuery(db, (a: { row: NewCommentRow }) => db.insertInto('comments').values(a.row));
    this.liveForPost = preparedQuery(db, (a: { blogId: string; postId: string }) =>
      db
        .selectFrom('comments')
        .select(SHOWN_COMMENT_COLUMNS)
        .where('blog_id', '=', a.blogId)
        .where('post_id', '=', a.postId)
        .where('status', '=', 'live')
        .orderBy('created_at', 'asc')
        .orderBy('id', 'asc'),
    );
    this.liveCounts = preparedQuery(db, (a: { blogId: string; postIds: readonly string[] }) =>
      db
        .selectFrom('comments')
        .select(['post_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('blog_id', '=', a.blogId)
        .where('post_id', 'in', a.postIds)
        .where('status', '=', 'live')
        .groupBy('post_id'),
    );
  }

  async insert(row: NewCommentRow): Promise<void> {
    await this.insertRow({ row });
  }

  /** True when any blog has a comment with this ID (an imported ID is kept only when free). */
  async isIdTaken(id: string): Promise<boolean> {
    return (await this.idTaken({ id })).length > 0;
  }

  /**
   * The blog's imported comments by source ID, with their post and whether they answer another comment,
   * read a page at a time: a blog may hold millions.
   */
  async *sourceIds(blogId: string, pageSize = 5000): AsyncGenerator<{ sourceId: string; id: string; postId: string; hasParent: boolean }> {
    let after: { sourceId: string; id: string } | undefined;
    for (;;) {
      let query = this.db
        .selectFrom('comments')
        .select(['id', 'source_id', 'post_id', 'parent_id'])
        .where('blog_id', '=', blogId)
        .where('source_id', 'is not', null);
      if (after) {
        const { sourceId, id } = after;
        query = query.where((eb) => eb.or([eb('source_id', '>', sourceId), eb.and([eb('source_id', '=', sourceId), eb('id', '>', id)])]));
      }
      const rows = await query.orderBy('source_id').orderBy('id').limit(pageSize).execute();
      for (const r of rows) yield { sourceId: r.source_id!, id: r.id, postId: r.post_id, hasParent: r.parent_id !== null };
      if (rows.length < pageSize) return;
      after = { sourceId: rows.at(-1)!.source_id!, id: rows.at(-1)!.id };
    }
  }

  /** Changes what a comment says, who wrote it and its status (an import run with `--update`). */
  async refresh(
    blogId: string,
    id: string,
    patch: Partial<Pick<CommentRow, 'body_html' | 'status' | 'author_name' | 'author_url' | 'updated_at'>>,
  ): Promise<void> {
    await this.db.updateTable('comments').set(patch).where('blog_id', '=', blogId).where('id', '=', id).execute();
  }

  /** Makes a comment a reply to another comment on the same post (an import links replies once both are in). */
  async setParent(blogId: string, id: string, parentId: string): Promise<void> {
    await this.db.updateTable('comments').set({ parent_id: parentId }).where('blog_id', '=', blogId).where('id', '=', id).execute();
  }

  /** Comments of these posts in every status but deleted, oldest first (for exports). */
  listForPosts(blogId: string, postIds: readonly string[]): Promise<CommentRow[]> {
    if (postIds.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('comments')
      .selectAll()
      .where('blog_id', '=', blogId)
      .where('post_id', 'in', postIds)
      .where('status', '!=', 'deleted')
      .orderBy('created_at', 'asc')
      .orderBy('id', 'asc')
      .execute();
  }

  async findById(blogId: string, id: string): Promise<CommentRow | undefined> {
    return (await this.byId({ blogId, id }))[0];
  }

  /** Live comments of one post, oldest first, with the columns a post page shows (the fewer, the quicker). */
  listLiveForPost(blogId: string, postId: string): Promise<ShownComment[]> {
    return this.liveForPost({ blogId, postId });
  }

  /** Every live comment of the blog with its post, oldest first (as each post page lists them): for static copies. */
  listLiveForBlog(blogId: string): Promise<(ShownComment & { post_id: string })[]> {
    return this.db
      .selectFrom('comments')
      .select([...SHOWN_COMMENT_COLUMNS, 'post_id'])
      .where('blog_id', '=', blogId)
      .where('status', '=', 'live')
      .orderBy('created_at', 'asc')
      .orderBy('id', 'asc')
      .execute();
  }

  /** Number of live comments on each of these posts. */
  async countLive(blogId: string, postIds: readonly string[]): Promise<Map<string, number>> {
    const counts = new Map<string, number>(postIds.map((id) => [id, 0]));
    if (postIds.length === 0) return counts;
    for (const r of await this.liveCounts({ blogId, postIds })) counts.set(r.post_id, Number(r.n));
    return counts;
  }

  /**
   * Newest live comments the blog shows readers (or one post's), for comment feeds: only on live posts
   * of this blog, and none from posts whose comments are hidden ('closed-hide'), as on the post page.
   * The post is asked of each comment (`exists`), read newest first, and the listed comments' posts are
   * read after: as a join, SQLite's planner (its statistics are averages over all blogs, a few posts
   * each) chose to build a Bloom filter or an index over the blog's posts on every request — 100 ms at
   * 100,000 posts — once ANALYZE had read the tables whole.
   */
  async listVisibleForFeed(blogId: string, limit: number, offset: number, postId?: string): Promise<FeedComment[]> {
    let query = this.db
      .selectFrom('comments as c')
      .selectAll('c')
      .where('c.blog_id', '=', blogId)
      .where('c.status', '=', 'live')
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('posts as p')
            .select('p.id')
            .whereRef('p.id', '=', 'c.post_id')
            .whereRef('p.blog_id', '=', 'c.blog_id')
            .where('p.status', '=', 'live')
            .where('p.trashed_at', 'is', null)
            .where('p.comments_setting', '!=', 'closed-hide'),
        ),
      );
    if (postId !== undefined) query = query.where('c.post_id', '=', postId);
    const comments = await query.orderBy('c.created_at', 'desc').orderBy('c.id', 'desc').limit(limit).offset(offset).execute();
    if (comments.length === 0) return [];
    const posts = await this.db
      .selectFrom('posts')
      .select(['id', 'title', 'slug', 'kind', 'path_year', 'path_month'])
      .where('blog_id', '=', blogId)
      .where('id', 'in', [...new Set(comments.map((c) => c.post_id))])
      .execute();
    const byId = new Map(posts.map((p) => [p.id, p]));
    return comments.flatMap((c) => {
      const post = byId.get(c.post_id);
      // A post deleted between the two reads takes its comments out of the feed.
      if (!post) return [];
      return [
        {
          ...c,
          post_title: post.title,
          post_slug: post.slug,
          post_kind: post.kind,
          post_path_year: post.path_year,
          post_path_month: post.path_month,
        },
      ];
    });
  }
}
