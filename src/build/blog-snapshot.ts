/**
 * All of a blog a static build shows, read in a few queries instead of the several a request makes for
 * each page: the live posts and pages in the home page's order, their labels, their live comments and
 * the comments their feeds show. From it come the same PostView and PostList values the reader's
 * per-page queries return (the byte-for-byte tests compare the two), so the renderer is handed the
 * same data either way.
 */
import { buildThreads } from '../domain/comments/comment.service.js';
import type { ListedPost, PostList, PostView } from '../domain/reader/blog-reader.js';
import type { Services } from '../services.js';
import type { FeedComment } from '../storage/repositories/comment.repository.js';
import type { ShownComment } from '../storage/repositories/comment.repository.js';
import type { PostLinkRow } from '../storage/repositories/post-navigation.repository.js';
import type { BlogRow, PostRow } from '../storage/schema.js';

/** Posts read at a time while walking the whole blog. */
const WALK_PAGE = 1000;

const linkOf = (post: PostRow | undefined): PostLinkRow | undefined =>
  post && { id: post.id, kind: post.kind, title: post.title, slug: post.slug, path_year: post.path_year, path_month: post.path_month };

export class BlogSnapshot {
  private constructor(
    /** Live posts, newest first (published time, then ID, as every list orders them). */
    readonly posts: readonly PostRow[],
    /** Live pages. */
    readonly pages: readonly PostRow[],
    private readonly labels: ReadonlyMap<string, string[]>,
    private readonly comments: ReadonlyMap<string, ShownComment[]>,
    private readonly feedComments: ReadonlyMap<string, FeedComment[]>,
    /** Every visible comment for the blog's comment feed, newest first. */
    readonly allFeedComments: readonly FeedComment[],
    private readonly perPage: number,
  ) {}

  static async read(services: Services, blog: BlogRow): Promise<BlogSnapshot> {
    const { posts: postRepo, comments: commentRepo } = services.repositories;
    const walk = async (kind: 'post' | 'page') => {
      const all: PostRow[] = [];
      for (let offset = 0; ; offset += WALK_PAGE) {
        const rows = await postRepo.newestLive(blog.id, WALK_PAGE, offset, kind);
        all.push(...rows);
        if (rows.length < WALK_PAGE) return all;
      }
    };
    const [posts, pages] = [await walk('post'), await walk('page')];
    const labels = new Map<string, string[]>();
    const ids = [...posts, ...pages].map((p) => p.id);
    for (let i = 0; i < ids.length; i += WALK_PAGE)
      for (const [id, names] of await postRepo.labelsOf(ids.slice(i, i + WALK_PAGE))) labels.set(id, names);
    const comments = groupBy(await commentRepo.listLiveForBlog(blog.id), (c) => c.post_id);
    const feedRows = await commentRepo.listVisibleForFeed(blog.id, Number.MAX_SAFE_INTEGER, 0);
    return new BlogSnapshot(
      posts,
      pages,
      labels,
      comments,
      groupBy(feedRows, (c) => c.post_id),
      feedRows,
      blog.posts_per_page,
    );
  }

  /** What `reader.post` / `reader.page` return for this post or page. */
  view(post: PostRow, index: number): PostView {
    const shown = post.comments_setting === 'closed-hide' ? [] : (this.comments.get(post.id) ?? []);
    const view: PostView = { post, labels: this.labels.get(post.id) ?? [], threads: buildThreads(shown), commentCount: shown.length };
    if (post.kind === 'post') {
      view.newer = linkOf(this.posts[index - 1]);
      view.older = linkOf(this.posts[index + 1]);
    }
    return view;
  }

  /** The comments a post's feed shows, newest first. */
  feedCommentsOf(postId: string): readonly FeedComment[] {
    return this.feedComments.get(postId) ?? [];
  }

  /** The pages of a list of posts (newest first), as `reader.listPosts` returns them page after page. */
  *listPages(posts: readonly PostRow[]): Generator<PostList> {
    const size = this.perPage;
    for (let start = 0; start === 0 || start < posts.length; start += size) {
      yield {
        posts: posts.slice(start, start + size).map((post): ListedPost => this.listed(post)),
        hasOlder: start + size < posts.length,
        hasNewer: start > 0,
      };
    }
  }

  private listed(post: PostRow): ListedPost {
    return { post, labels: this.labels.get(post.id) ?? [], commentCount: this.comments.get(post.id)?.length ?? 0 };
  }

  /** Live posts carrying the label `name`. */
  withLabel(name: string): PostRow[] {
    return this.posts.filter((p) => this.labels.get(p.id)?.includes(name));
  }
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}
