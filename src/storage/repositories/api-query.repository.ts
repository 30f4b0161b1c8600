/**
 * The Blogger API's lists: a blog's posts or pages by status, labels and time, and its comments by
 * status, each in keyset pages (a page token names the last row's sort value and ID, so pages stay right
 * while posts are published). Every query takes the blog's ID.
 */
import { sql, type Kysely } from 'kysely';
import type { CommentRow, CommentStatus, Database, PostKind, PostRow } from '../schema.js';
import { beyondPost } from '../keyset.js';

/** How the API names a post's state: live, draft (drafts and submitted ones), scheduled, or in the trash. */
export type ApiPostState = 'live' | 'draft' | 'scheduled' | 'soft_trashed';

/** Where a keyset page starts: after the row with this sort value and ID. */
export interface Keyset {
  value: number;
  id: string;
}

export interface ApiPostQuery {
  blogId: string;
  kind: PostKind;
  states: readonly ApiPostState[];
  /** Only posts that carry every one of these labels. */
  labels?: readonly string[];
  /** Only this author's posts (a contributor sees their own drafts only). */
  authorId?: string;
  orderBy: 'published' | 'updated';
  ascending: boolean;
  startDate?: number;
  endDate?: number;
  after?: Keyset;
}

export interface ApiCommentQuery {
  blogId: string;
  postId?: string;
  statuses: readonly CommentStatus[];
  startDate?: number;
  endDate?: number;
  after?: Keyset;
}

export class ApiQueryRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Up to `limit` posts or pages; `sortValue` is the time the order is by (published time falls back to the last change). */
  async listPosts(query: ApiPostQuery, limit: number): Promise<{ post: PostRow; sortValue: number }[]> {
    if (query.states.length === 0) return [];
    // Live posts always have a published time: sorted by it alone, they come off the posts' index in order.
    const liveOnly = query.states.length === 1 && query.states[0] === 'live';
    const sortExpr =
      query.orderBy === 'updated'
        ? sql<number>`posts.updated_at`
        : liveOnly
          ? sql<number>`posts.published_at`
          : sql<number>`coalesce(posts.published_at, posts.updated_at)`;
    let q = this.db
      .selectFrom('posts')
      .selectAll('posts')
      .select(sortExpr.as('sort_value'))
      .where('posts.blog_id', '=', query.blogId)
      .where('posts.kind', '=', query.kind)
      .where((eb) =>
        eb.or(
          query.states.map((state) =>
            state === 'soft_trashed'
              ? eb('posts.trashed_at', 'is not', null)
              : eb.and([
                  eb('posts.trashed_at', 'is', null),
                  state === 'draft' ? eb('posts.status', 'in', ['draft', 'pending']) : eb('posts.status', '=', state),
                ]),
          ),
        ),
      );
    if (query.authorId !== undefined) q = q.where('posts.author_id', '=', query.authorId);
    if (query.startDate !== undefined) q = q.where(sortExpr, '>=', query.startDate);
    if (query.endDate !== undefined) q = q.where(sortExpr, '<', query.endDate);
    for (const label of query.labels ?? []) {
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('post_labels')
            .innerJoin('labels', 'labels.id', 'post_labels.label_id')
            .select('post_labels.post_id')
            .whereRef('post_labels.post_id', '=', 'posts.id')
            .where('labels.blog_id', '=', query.blogId)
            .where('labels.name', '=', label),
        ),
      );
    }
    const after = query.after;
    if (after) {
      const op = query.ascending ? '>' : '<';
      q =
        liveOnly && query.orderBy === 'published'
          ? q.where((eb) => beyondPost(eb, op, after.value, after.id))
          : q.where((eb) => eb.or([eb(sortExpr, op, after.value), eb.and([eb(sortExpr, '=', after.value), eb('posts.id', op, after.id)])]));
    }
    const direction = query.ascending ? 'asc' : 'desc';
    const rows = await q.orderBy(sortExpr, direction).orderBy('posts.id', direction).limit(limit).execute();
    return rows.map(({ sort_value, ...post }) => ({ post: post, sortValue: Number(sort_value) }));
  }

  /** Up to `limit` of the blog's (or one post's) comments with these statuses, newest first. */
  listComments(query: ApiCommentQuery, limit: number): Promise<CommentRow[]> {
    if (query.statuses.length === 0) return Promise.resolve([]);
    let q = this.db
      .selectFrom('comments')
      .selectAll()
      .where('blog_id', '=', query.blogId)
      .where('status', 'in', [...query.statuses]);
    if (query.postId !== undefined) q = q.where('post_id', '=', query.postId);
    if (query.startDate !== undefined) q = q.where('created_at', '>=', query.startDate);
    if (query.endDate !== undefined) q = q.where('created_at', '<', query.endDate);
    const after = query.after;
    if (after)
      q = q.where((eb) =>
        eb.or([eb('created_at', '<', after.value), eb.and([eb('created_at', '=', after.value), eb('id', '<', after.id)])]),
      );
    return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  }

  /** How many of the blog's posts and pages are live, for the blog resource. */
  async liveCounts(blogId: string): Promise<{ posts: number; pages: number }> {
    const rows = await this.db
      .selectFrom('posts')
      .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
      .where('blog_id', '=', blogId)
      .where('status', '=', 'live')
      .where('trashed_at', 'is', null)
      .groupBy('kind')
      .execute();
    const count = (kind: PostKind) => Number(rows.find((r) => r.kind === kind)?.n ?? 0);
    return { posts: count('post'), pages: count('page') };
  }

  /** Live comments per post, for `replies.totalItems`. */
  async liveCommentCounts(blogId: string, postIds: readonly string[]): Promise<Map<string, number>> {
    if (postIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('comments')
      .select(['post_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('blog_id', '=', blogId)
      .where('post_id', 'in', [...postIds])
      .where('status', '=', 'live')
      .groupBy('post_id')
      .execute();
    return new Map(rows.map((r) => [r.post_id, Number(r.n)]));
  }

  /** A blog's views over the last 7 and 30 days and all time, from the kept per-post totals. */
  async viewTotals(blogId: string): Promise<{ week: number; month: number; all: number }> {
    const row = await this.db
      .selectFrom('post_view_totals')
      .select([
        (eb) => eb.fn.coalesce(eb.fn.sum<number>('views_7d'), sql<number>`0`).as('week'),
        (eb) => eb.fn.coalesce(eb.fn.sum<number>('views_30d'), sql<number>`0`).as('month'),
        (eb) => eb.fn.coalesce(eb.fn.sum<number>('views'), sql<number>`0`).as('all'),
      ])
      .where('blog_id', '=', blogId)
      .executeTakeFirst();
    return { week: Number(row?.week ?? 0), month: Number(row?.month ?? 0), all: Number(row?.all ?? 0) };
  }
}
