/**
 * "Popular posts from this blog": the blog's live posts ranked by page views over the owner's window
 * (the 7 or 30 days ending today in the blog's time zone, or all time), each with a plain-text snippet.
 * Read from the per-post totals (view-totals.ts); cached per blog for a short while.
 */
import type { PostRepository } from '../../storage/repositories/post.repository.js';
import type { ViewRepository } from '../../storage/repositories/view.repository.js';
import type { BlogRow, PopularWindow, PostRow } from '../../storage/schema.js';
import { snippet } from '../text/plain-text.js';
import { addDays, dayIn } from '../text/zoned-time.js';

export interface PopularPost {
  post: PostRow;
  views: number;
  snippet: string;
}

/** The first day inside the window that ends on `today` (`YYYY-MM-DD`), or null for all time. */
export function windowStart(window: PopularWindow, today: string): string | null {
  switch (window) {
    case '7d':
      return addDays(today, -6);
    case '30d':
      return addDays(today, -29);
    case 'all':
      return null;
  }
}

export class PopularPosts {
  private cache = new Map<string, { until: number; key: string; value: PopularPost[] }>();

  constructor(
    private readonly views: ViewRepository,
    private readonly posts: PostRepository,
    private readonly cacheMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The blog's most viewed posts, `extra` more than its gadget shows: a post page leaves itself out of
   * the gadget and still shows the owner's count (see the sidebar presenter).
   */
  async forBlog(blog: BlogRow, extra = 0): Promise<PopularPost[]> {
    const now = this.now();
    const key = `${blog.updated_at}|${blog.popular_window}|${blog.popular_count}|${blog.snippet_length}|${extra}`;
    const cached = this.cache.get(blog.id);
    if (cached && cached.until > now && cached.key === key) return cached.value;
    const today = dayIn(now, blog.time_zone);
    const ranked = await this.views.mostViewed(blog.id, blog.popular_window, blog.popular_count + extra, today);
    const rows = new Map(
      (
        await this.posts.findLiveByIds(
          blog.id,
          ranked.map((r) => r.postId),
        )
      ).map((p) => [p.id, p]),
    );
    const value = ranked.flatMap((r) => {
      const post = rows.get(r.postId);
      return post ? [{ post, views: r.views, snippet: snippet(post.body_text, blog.snippet_length) }] : [];
    });
    this.cache.set(blog.id, { until: now + this.cacheMs, key, value });
    return value;
  }
}
