/**
 * One transaction's worth of an import: the rows of a few hundred entries, prepared by the post and
 * comment services (checked and sanitized as always), stored together at the end in a few multi-row
 * inserts. Which imported IDs and permalinks are taken is asked once for the batch's entries, and the
 * batch's own rows, not inserted yet, count as taken: each answer is the one storing entry by entry gave.
 */
import type { CommentLookups } from '../../domain/comments/comment.service.js';
import { NotFoundError } from '../../domain/errors.js';
import { postTitle } from '../../domain/posts/post-content.js';
import { titleSlug, type PostKeys, type PreparedPost } from '../../domain/posts/post.service.js';
import { isId } from '../../storage/ids.js';
import type { BlogRow, CommentRow, NewRedirectRow, PostKind } from '../../storage/schema.js';
import type { ImportedPost, ImportItem } from '../import-model.js';
import type { ImportWriteServices } from './write-services.js';
import type { KnownComment, Permalink } from '../../storage/repositories/import-batch.repository.js';

/** What a permalink is unique by; none for a post without a month (a draft), which never clashes. */
function permalinkKey(kind: PostKind, year: number | null, month: number | null, slug: string): string | undefined {
  if (kind === 'page') return `page ${slug}`;
  return year === null || month === null ? undefined : `post ${year} ${month} ${slug}`;
}

/** What the batch asked the database before its entries were prepared. */
interface Asked {
  postIds: Set<string>;
  takenPostIds: Set<string>;
  commentIds: Set<string>;
  takenCommentIds: Set<string>;
  slugs: Set<string>;
  takenPermalinks: Set<string>;
  /** The blog's own posts and comments the entries name by Dastan ID (its own export, imported again). */
  ownPosts: Map<string, Permalink>;
  ownComments: Map<string, KnownComment>;
  /** The blog's posts by permalink key, for entries known by address and publication time. */
  postsAt: Map<string, Permalink>;
}

/** Redirects stored together; `stored` gets the old addresses that were new to the blog. */
interface RedirectGroup {
  rows: NewRedirectRow[];
  stored: (from: string[]) => void;
}

export class WriteBatch {
  private readonly posts: PreparedPost[] = [];
  private readonly comments = new Map<string, CommentRow>();
  private readonly redirects: RedirectGroup[] = [];
  private readonly postIds = new Set<string>();
  private readonly permalinks = new Set<string>();

  private constructor(
    readonly services: ImportWriteServices,
    readonly blog: BlogRow,
    private readonly asked: Asked,
  ) {}

  /** A batch for `items` (the entries not stored yet) of an import into the blog; asks what they may need. */
  static async open(services: ImportWriteServices, blogId: string, items: readonly ImportItem[]): Promise<WriteBatch> {
    const blog = await services.store.blogs.findById(blogId);
    if (!blog) throw new NotFoundError('That blog does not exist.');
    const postIds = new Set<string>();
    const commentIds = new Set<string>();
    const slugs = new Set<string>();
    for (const item of items) {
      if (item.type === 'post') {
        if (item.keepId && isId(item.keepId)) postIds.add(item.keepId);
        const custom = item.permalink?.slug
          .trim()
          .replace(/\.html$/, '')
          .normalize('NFC');
        if (custom) slugs.add(custom);
        slugs.add(titleSlug(postTitle(item.title), item.kind));
      } else if (item.type === 'comment' && item.keepId && isId(item.keepId)) {
        commentIds.add(item.keepId);
      }
    }
    const bulk = services.store.batch;
    const takenPermalinks = new Set<string>();
    const postsAt = new Map<string, Permalink>();
    if (slugs.size > 0) {
      for (const p of await bulk.permalinksWithSlugs(blogId, [...slugs])) {
        const key = permalinkKey(p.kind, p.path_year, p.path_month, p.slug);
        if (key) takenPermalinks.add(key);
        if (key && p.status !== 'draft') postsAt.set(key, p);
      }
    }
    const ownPosts = postIds.size > 0 ? await bulk.postsOfBlog(blogId, [...postIds]) : [];
    const ownComments = commentIds.size > 0 ? await bulk.commentsOfBlog(blogId, [...commentIds]) : [];
    return new WriteBatch(services, blog, {
      postIds,
      takenPostIds: postIds.size > 0 ? await bulk.takenPostIds([...postIds]) : new Set(),
      commentIds,
      takenCommentIds: commentIds.size > 0 ? await bulk.takenCommentIds([...commentIds]) : new Set(),
      slugs,
      takenPermalinks,
      ownPosts: new Map(ownPosts.map((p) => [p.id, p])),
      ownComments: new Map(ownComments.map((c) => [c.id, c])),
      postsAt,
    });
  }

  /** For the post service: the batch's own rows, then what the batch asked, else the database. */
  readonly postKeys: PostKeys = {
    isIdTaken: async (id) => {
      if (this.postIds.has(id)) return true;
      if (this.asked.postIds.has(id)) return this.asked.takenPostIds.has(id);
      return this.services.store.posts.isIdTaken(id);
    },
    isPermalinkTaken: async (blogId, kind, year, month, slug) => {
      const key = permalinkKey(kind, year, month, slug);
      if (key === undefined) return false;
      if (blogId !== this.blog.id) return this.services.store.posts.isPermalinkTaken(blogId, kind, year, month, slug);
      if (this.permalinks.has(key)) return true;
      if (this.asked.slugs.has(slug)) return this.asked.takenPermalinks.has(key);
      return this.services.store.posts.isPermalinkTaken(blogId, kind, year, month, slug);
    },
  };

  /**
   * For the comment service: `parent` is the comment a reply answers as the writer holds it (stored by
   * this import or an earlier one), so it is not read again; IDs as for posts.
   */
  commentLookups(parent?: { id: string; postId: string }): CommentLookups {
    return {
      findById: async (blogId, id) => {
        if (parent && id === parent.id) return { post_id: parent.postId };
        const own = this.comments.get(id);
        if (own && own.blog_id === blogId) return own;
        return this.services.store.comments.findById(blogId, id);
      },
      isIdTaken: async (id) => {
        if (this.comments.has(id)) return true;
        if (this.asked.commentIds.has(id)) return this.asked.takenCommentIds.has(id);
        return this.services.store.comments.isIdTaken(id);
      },
    };
  }

  /**
   * The post of the blog an entry already is: the one with its Dastan ID (the blog's own export), or
   * the public one at its permalink with the same publication time (to the second).
   */
  existingPost(item: ImportedPost): Permalink | undefined {
    const own = item.keepId ? this.asked.ownPosts.get(item.keepId) : undefined;
    if (own && own.kind === item.kind) return own;
    const p = item.permalink;
    if (item.status === 'draft' || !p || item.publishedAt === undefined) return undefined;
    const key = permalinkKey(item.kind, p.year ?? null, p.month ?? null, p.slug.replace(/\.html$/, '').normalize('NFC'));
    const at = key ? this.asked.postsAt.get(key) : undefined;
    const second = (ms: number) => Math.floor(ms / 1000);
    return at && at.published_at !== null && second(Number(at.published_at)) === second(item.publishedAt) ? at : undefined;
  }

  /** The comment of the blog an entry already is, by its Dastan ID. */
  ownComment(keepId: string | undefined): KnownComment | undefined {
    return keepId ? this.asked.ownComments.get(keepId) : undefined;
  }

  addPost(post: PreparedPost): void {
    const { row } = post;
    this.posts.push(post);
    this.postIds.add(row.id);
    const key = permalinkKey(row.kind, row.path_year, row.path_month, row.slug);
    if (key) this.permalinks.add(key);
  }

  /** A comment to store; a reply after the comment it answers. */
  addComment(row: CommentRow): void {
    this.comments.set(row.id, row);
  }

  /**
   * Redirects to store (each old address once). An old address the blog already has keeps its first
   * target — also one an earlier group of the batch claimed; `stored` gets those that were added.
   */
  addRedirects(rows: NewRedirectRow[], stored: (from: string[]) => void): void {
    this.redirects.push({ rows, stored });
  }

  /** Stores everything: the posts and their labels, then the redirects (they lead to posts), then the comments. */
  async store(): Promise<void> {
    const { batch, redirects } = this.services.store;
    if (this.posts.length > 0) await batch.insertPosts(this.posts);
    const claimed = new Set<string>();
    const rows: NewRedirectRow[] = [];
    const owned = this.redirects.map((group) => {
      const mine = group.rows.filter((row) => !claimed.has(row.from_path));
      for (const row of mine) claimed.add(row.from_path);
      rows.push(...mine);
      return mine;
    });
    const added = new Set(await redirects.insertMany(rows));
    this.redirects.forEach((group, i) => group.stored(owned[i]!.map((row) => row.from_path).filter((from) => added.has(from))));
    if (this.comments.size > 0) await batch.insertComments([...this.comments.values()]);
  }
}
