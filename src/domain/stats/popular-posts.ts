/**
 * "Popular posts from this blog": the blog's live posts ranked by page views over the owner's window
 * (7 days, 30 days or all time), each with a plain-text snippet. Cached per blog for a short while.
 */
import type { PostRepository } from '../../storage/repositories/post.repository.js';
import type { ViewRepository } from '../../storage/repositories/view.repository.js';
import type { BlogRow, PopularWindow, PostRow } from '../../storage/schema.js';
import { snippet } from '../text/plain-text.js';
import { utcDay } from '../text/time.js';

export interface PopularPost {
  post: PostRow;
  views: number;
  snippet: string;
}

const DAY_MS = 86_400_000;

/** The first UTC day inside the window, or null for all time. */
export function windowStart(window: PopularWindow, now: number): string | null {
  switch (window) {
    case '7d':
      return utcDay(now - 6 * DAY_MS);
    case '30d':
      return utcDay(now - 29 * DAY_MS);
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

  async forBlog(blog: BlogRow): Promise<PopularPost[]> {
    const now = this.now();
    const key = `${blog.updated_at}|${blog.popular_window}|${blog.popular_count}|${blog.snippet_length}`;
    const cached = this.cache.get(blog.id);
    if (cached && cached.until > now && cached.key === key) return cached.value;
    const ranked = await this.views.mostViewed(blog.id, windowStart(blog.popular_window, now), blog.popular_count);
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
