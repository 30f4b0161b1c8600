/**
 * Feeds of comments: every comment readers can see on the blog, or those on one post, newest first.
 * A comment shows here exactly when it shows on its post's page: live, on a live post of this blog
 * whose comments are not hidden.
 */
import { htmlToText, snippet } from '../domain/text/plain-text.js';
import type { SiteContext } from '../render/presenters/site.js';
import { postPath } from '../domain/blogs/urls.js';
import { isId } from '../storage/ids.js';
import type { CommentRepository, FeedComment } from '../storage/repositories/comment.repository.js';
import type { PostRepository } from '../storage/repositories/post.repository.js';
import type { PostRow } from '../storage/schema.js';
import { safeHttpUrl, tagUri, type FeedDocument, type FeedEntry } from './feed-document.js';
import { feedPageUrl, type FeedFormat, type FeedPaging, type Projection } from './feed-query.js';
import { SUMMARY_LENGTH } from './post-feeds.js';

/** Characters of comment text used as its entry's title (Blogger titles comment entries this way). */
const TITLE_LENGTH = 80;

export interface CommentFeedRequest {
  /** Only this post's comments. */
  postId?: string;
  paging: FeedPaging;
  projection: Projection;
  format: FeedFormat;
  path: string;
}

export class CommentFeeds {
  constructor(
    private readonly comments: CommentRepository,
    private readonly posts: PostRepository,
  ) {}

  /** The feed, or undefined when the post asked for is not a live post of this blog. */
  async build(site: SiteContext, request: CommentFeedRequest): Promise<FeedDocument | undefined> {
    const { blog } = site;
    let post: PostRow | undefined;
    if (request.postId !== undefined) {
      const row = isId(request.postId) ? await this.posts.findById(blog.id, request.postId) : undefined;
      if (!row || row.status !== 'live' || row.trashed_at !== null) return undefined;
      post = row;
    }
    const rows = await this.comments.listVisibleForFeed(blog.id, request.paging.limit + 1, request.paging.offset, post?.id);
    return this.document(site, request, post, rows);
  }

  /**
   * The feed of `rows` (the newest visible comments from the page's offset on, one more than the page
   * holds when a next page exists), of the blog or of one live `post`. Static copies hand in rows read
   * for all posts at once.
   */
  document(site: SiteContext, request: CommentFeedRequest, postRow: PostRow | undefined, rows: readonly FeedComment[]): FeedDocument {
    const { blog, origin } = site;
    const { limit, offset } = request.paging;
    const post = postRow && { id: postRow.id, title: postRow.title, url: `${origin}${postPath(postRow)}` };
    return {
      id: tagUri(origin, blog.id, post ? `post-${post.id}.comments` : 'comments'),
      title: post ? `Comments on ${blog.title}: ${post.title}` : `Comments on ${blog.title}`,
      description: blog.description,
      language: blog.language,
      homeUrl: post?.url ?? `${origin}/`,
      selfUrl: feedPageUrl(origin, request.path, request.paging, request.format),
      nextUrl: rows.length > limit ? feedPageUrl(origin, request.path, { limit, offset: offset + limit }, request.format) : undefined,
      updated: blog.updated_at,
      entries: rows.slice(0, limit).map((comment) => this.entry(site, comment, request.projection)),
    };
  }

  private entry({ blog, origin }: SiteContext, comment: FeedComment, projection: Projection): FeedEntry {
    const text = htmlToText(comment.body_html);
    const postUrl = `${origin}${postPath({
      kind: comment.post_kind,
      slug: comment.post_slug,
      path_year: comment.post_path_year,
      path_month: comment.post_path_month,
    })}`;
    return {
      id: tagUri(origin, blog.id, `comment-${comment.id}`),
      title: snippet(text, TITLE_LENGTH) || `Comment by ${comment.author_name}`,
      // The anchor the post page gives each comment.
      url: `${postUrl}#c${comment.id}`,
      published: comment.created_at,
      updated: comment.updated_at,
      author: { name: comment.author_name, url: safeHttpUrl(comment.author_url) },
      categories: [],
      contentHtml: projection === 'default' ? comment.body_html : undefined,
      summary: snippet(text, SUMMARY_LENGTH),
    };
  }
}
