/**
 * The links around a post that the themes show: the next newer and next older live post (Blogger's
 * "Newer Post" / "Older Post") and the blog's live pages for the pages menu. Each reads only the few
 * columns a link needs, through an index on (blog_id, kind, status, published_at, id).
 */
import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Database, PostRow } from '../schema.js';
import { preparedQuery } from '../prepared-query.js';
import { beyondPost } from '../keyset.js';

/** What a link to a post needs. */
export type PostLinkRow = Pick<PostRow, 'id' | 'kind' | 'title' | 'slug' | 'path_year' | 'path_month'>;

const LINK_COLUMNS = ['id', 'kind', 'title', 'slug', 'path_year', 'path_month'] as const;

type PostsEb = ExpressionBuilder<Database, 'posts'>;
const isLive = (eb: PostsEb) => eb.and([eb('posts.status', '=', 'live'), eb('posts.trashed_at', 'is', null)]);

export class PostNavigationRepository {
  private readonly newerQuery;
  private readonly olderQuery;

  constructor(private readonly db: Kysely<Database>) {
    const base = (blogId: string) =>
      db.selectFrom('posts').select(LINK_COLUMNS).where('blog_id', '=', blogId).where('kind', '=', 'post').where(isLive);
    this.newerQuery = preparedQuery(db, (a: { blogId: string; publishedAt: number; id: string }) =>
      base(a.blogId)
        .where((eb) => beyondPost(eb, '>', a.publishedAt, a.id))
        .orderBy('published_at', 'asc')
        .orderBy('id', 'asc')
        .limit(1),
    );
    this.olderQuery = preparedQuery(db, (a: { blogId: string; publishedAt: number; id: string }) =>
      base(a.blogId)
        .where((eb) => beyondPost(eb, '<', a.publishedAt, a.id))
        .orderBy('published_at', 'desc')
        .orderBy('id', 'desc')
        .limit(1),
    );
  }

  /** The live posts published just after and just before `post` (in the home page's order). */
  async neighbours(
    blogId: string,
    post: { id: string; published_at: number | null },
  ): Promise<{ newer?: PostLinkRow; older?: PostLinkRow }> {
    const args = { blogId, publishedAt: post.published_at ?? 0, id: post.id };
    const [newer, older] = await Promise.all([this.newerQuery(args), this.olderQuery(args)]);
    return { newer: newer[0], older: older[0] };
  }

  /** The blog's live pages in menu order (the owner's order, then by title). */
  menuPages(blogId: string): Promise<PostLinkRow[]> {
    return this.db
      .selectFrom('posts')
      .select(LINK_COLUMNS)
      .where('blog_id', '=', blogId)
      .where('kind', '=', 'page')
      .where(isLive)
      .orderBy('menu_order', 'asc')
      .orderBy('title', 'asc')
      .limit(50)
      .execute();
  }
}
