/**
 * What a reader can see of one blog: the queries behind every public page, each scoped to the blog.
 * Returns domain data; presenters turn it into what templates show.
 */
import { SEARCH_MAX_PAGE, SearchGate } from './search-gate.js';
import { PerBlogVersion } from './per-version.js';
import { InvalidInputError } from '../errors.js';
import type { CommentRepository } from '../../storage/repositories/comment.repository.js';
import type { LabelCount, LabelRepository } from '../../storage/repositories/label.repository.js';
import type { Cursor, MonthCount, PostRepository, PostTitle } from '../../storage/repositories/post.repository.js';
import type { PostLinkRow, PostNavigationRepository } from '../../storage/repositories/post-navigation.repository.js';
import type { SearchRepository } from '../../storage/repositories/search.repository.js';
import type { BlogRow, PostRow } from '../../storage/schema.js';
import { buildThreads, type CommentThread } from '../comments/comment.service.js';
import type { PopularPost, PopularPosts } from '../stats/popular-posts.js';
import type { GadgetData } from '../layout/layout.service.js';

export interface ListedPost {
  post: PostRow;
  labels: string[];
  commentCount: number;
}

export interface PostList {
  posts: ListedPost[];
  hasOlder: boolean;
  hasNewer: boolean;
}

export interface PostView {
  post: PostRow;
  labels: string[];
  threads: CommentThread[];
  commentCount: number;
  /** The next newer and older live posts (a post's "Newer Post" / "Older Post" links; none for pages). */
  newer?: PostLinkRow;
  older?: PostLinkRow;
}

export interface SearchPage {
  results: { post: PostRow; excerpt: string }[];
  /** Matches counted, up to SEARCH_MATCH_LIMIT; `more`: there were more than that. */
  total: number;
  more?: boolean;
}

export interface Sidebar {
  /** The most viewed posts, one more than the gadget shows (a post page leaves itself out). */
  popular: PopularPost[];
  labels: LabelCount[];
  months: MonthCount[];
  /**
   * Titles of the newest month's posts, shown inside the archive tree (as Blogger's archive gadget does),
   * at most ARCHIVE_TITLES: the month's link and count lead to the rest.
   */
  newestMonthTitles: PostTitle[];
  /** The blog's live pages in the owner's menu order. */
  pages: PostLinkRow[];
  /** The blog's layout and what its other gadgets show (featured posts, members, fetched feeds). */
  gadgets: GadgetData;
}

export type { Cursor } from '../../storage/repositories/post.repository.js';

export const SEARCH_PAGE_SIZE = 10;
/**
 * At most this many titles under the newest month in the archive gadget. Without a bound a blog that
 * posts 5,000 times a month carried 5,000 titles (540 KB) in the sidebar of every page.
 */
export const ARCHIVE_TITLES = 50;
/** How many posts' newer/older links a blog keeps before starting afresh (a bound, not an eviction policy). */
const NEIGHBOURS_KEPT = 5000;
/** How many posts' labels and comments a blog keeps (a busy post's comments are tens of kilobytes). */
const DETAILS_KEPT = 300;

export class BlogReader {
  private sidebarCache = new Map<string, { key: string; value: Omit<Sidebar, 'popular'>; whole?: Sidebar }>();
  /** Newer and older links by post (they change only when a post is published, unpublished or deleted). */
  private readonly neighbourCache = new PerBlogVersion<{ newer?: PostLinkRow; older?: PostLinkRow }>(NEIGHBOURS_KEPT);
  /** A post's labels and live comments by post version (a comment moves the blog's version). */
  private readonly details = new PerBlogVersion<Omit<PostView, 'post'>>(DETAILS_KEPT);

  constructor(
    private readonly searches: SearchRepository,
    private readonly posts: PostRepository,
    private readonly labels: LabelRepository,
    private readonly comments: CommentRepository,
    private readonly popular: PopularPosts,
    private readonly navigation: PostNavigationRepository,
    private readonly now: () => number = Date.now,
    private readonly gadgets: (blog: BlogRow) => Promise<GadgetData>,
  ) {}

  async listPosts(
    blog: BlogRow,
    options: { older?: Cursor; newer?: Cursor; labelNames?: string[]; year?: number; month?: number } = {},
  ): Promise<PostList | undefined> {
    let labelIds: string[] | undefined;
    if (options.labelNames) {
      const found = await this.labels.findByNames(blog.id, options.labelNames);
      if (found.length !== new Set(options.labelNames).size) return undefined;
      labelIds = found.map((l) => l.id);
    }
    const page = await this.posts.listLive({ blogId: blog.id, labelIds, year: options.year, month: options.month }, blog.posts_per_page, {
      older: options.older,
      newer: options.newer,
    });
    return { ...page, posts: await this.withDetails(blog, page.posts) };
  }

  async post(blog: BlogRow, year: number, month: number, slug: string): Promise<PostView | undefined> {
    const post = await this.posts.findLivePost(blog.id, year, month, slug);
    if (!post) return undefined;
    const [view, around] = await Promise.all([this.postView(blog, post), this.neighbours(blog, post)]);
    return { ...view, ...around };
  }

  /**
   * The newer and older post around `post`, read once per content version of the blog: they change only
   * when a post is published, unpublished or deleted, which moves the version (two queries saved a page).
   */
  private neighbours(blog: BlogRow, post: PostRow): Promise<{ newer?: PostLinkRow; older?: PostLinkRow }> {
    return this.neighbourCache.get(blog, post.id, () => this.navigation.neighbours(blog.id, post));
  }

  async page(blog: BlogRow, slug: string): Promise<PostView | undefined> {
    const page = await this.posts.findLivePage(blog.id, slug);
    return page ? this.postView(blog, page) : undefined;
  }

  /** Bounds the searches this process runs at once (see search-gate.ts). */
  readonly searchGate = new SearchGate();

  /** `gone`: aborted when the reader leaves, so a search still waiting for the gate gives its place up. */
  async search(blog: BlogRow, text: string, pageNumber: number, gone?: AbortSignal): Promise<SearchPage> {
    if (pageNumber > SEARCH_MAX_PAGE) {
      throw new InvalidInputError(`Search results go up to page ${SEARCH_MAX_PAGE}; please search with more words.`, 'page');
    }
    const found = await this.searchGate.run(
      () =>
        this.searches.searchLive(
          {
            blogId: blog.id,
            text,
            limit: SEARCH_PAGE_SIZE,
            offset: (pageNumber - 1) * SEARCH_PAGE_SIZE,
            postsHint: blog.live_posts + blog.live_pages,
          },
          this.now(),
        ),
      gone,
    );
    const rows = new Map(
      (
        await this.posts.findLiveByIds(
          blog.id,
          found.hits.map((h) => h.postId),
        )
      ).map((p) => [p.id, p]),
    );
    return {
      total: found.total,
      more: found.more,
      results: found.hits.flatMap((h) => {
        const post = rows.get(h.postId);
        return post ? [{ post, excerpt: h.excerpt }] : [];
      }),
    };
  }

  /** Whether the blog has this post (or page) live now. */
  async isLive(blogId: string, postId: string): Promise<boolean> {
    return (await this.posts.findLiveByIds(blogId, [postId])).length === 1;
  }

  newest(blog: BlogRow, limit: number): Promise<PostRow[]> {
    return this.posts.newestLive(blog.id, limit);
  }

  /**
   * The sidebar's gadgets. Labels and archive are cached until the blog's content changes; while neither
   * they nor the popular posts change, the same object is returned, so presenters can reuse their work.
   */
  async sidebar(blog: BlogRow): Promise<Sidebar> {
    const key = String(blog.updated_at);
    let cached = this.sidebarCache.get(blog.id);
    if (!cached || cached.key !== key) {
      const [labels, months, pages, gadgets] = await Promise.all([
        this.labels.countsForBlog(blog.id),
        this.posts.monthCounts(blog.id),
        this.navigation.menuPages(blog.id),
        this.gadgets(blog),
      ]);
      const newest = months[0];
      const newestMonthTitles =
        newest === undefined ? [] : await this.posts.titlesOfMonth(blog.id, newest.year, newest.month, ARCHIVE_TITLES);
      cached = { key, value: { labels, months, newestMonthTitles, pages, gadgets } };
      this.sidebarCache.set(blog.id, cached);
    }
    const popular = await this.popular.forBlog(blog, 1);
    if (cached.whole?.popular !== popular) cached.whole = { ...cached.value, popular };
    return cached.whole;
  }

  /** The post with its labels and comments, read once per version of the blog and of the post (the view is shared: never changed). */
  private async postView(blog: BlogRow, post: PostRow): Promise<PostView> {
    const key = `${post.id}|${post.updated_at}|${post.comments_setting}`;
    return { post, ...(await this.details.get(blog, key, () => this.readDetails(blog, post))) };
  }

  private async readDetails(blog: BlogRow, post: PostRow): Promise<Omit<PostView, 'post'>> {
    const [labels, comments] = await Promise.all([
      this.posts.labelsOf([post.id]),
      post.comments_setting === 'closed-hide' ? Promise.resolve([]) : this.comments.listLiveForPost(blog.id, post.id),
    ]);
    return { labels: labels.get(post.id) ?? [], threads: buildThreads(comments), commentCount: comments.length };
  }

  private async withDetails(blog: BlogRow, posts: PostRow[]): Promise<ListedPost[]> {
    const ids = posts.map((p) => p.id);
    const [labels, counts] = await Promise.all([this.posts.labelsOf(ids), this.comments.countLive(blog.id, ids)]);
    return posts.map((post) => ({ post, labels: labels.get(post.id) ?? [], commentCount: counts.get(post.id) ?? 0 }));
  }
}
