/**
 * The sitemap's reads: a page of URLs found without stepping over the posts before it. A page starts in
 * the month (from the kept `post_months`) and the day (from the kept `post_days`) that hold its first post,
 * and steps over only that day's earlier posts, in the `posts_month` index alone.
 */
import { sql, type Kysely } from 'kysely';
import type { Database, PostKind } from '../schema.js';
import type { SitemapEntry } from './post-shapes.js';

const DAY_MS = 86_400_000;

/** Where a page's posts start: the path month, and (for a start inside it) posts published before `before`. */
export interface SitemapStart {
  year: number;
  month: number;
  /** Only posts published before this time (ms) in that month, and all of every older month. */
  before?: number;
}

export class SitemapQueries {
  constructor(private readonly db: Kysely<Database>) {}

  /** The live posts of each day of one path month, newest day first (days are whole days since 1970, UTC). */
  async dayCounts(blogId: string, year: number, month: number): Promise<{ day: number; count: number }[]> {
    const rows = await this.db
      .selectFrom('post_days')
      .select(['day', 'n'])
      .where('blog_id', '=', blogId)
      .where('year', '=', year)
      .where('month', '=', month)
      .where('n', '>', 0)
      .orderBy('day', 'desc')
      .execute();
    return rows.map((r) => ({ day: Number(r.day), count: Number(r.n) }));
  }

  /** Where the post `offset` posts into month `year`/`month` (newest first) starts: its day's start, and the offset left within that day. */
  async startInMonth(blogId: string, year: number, month: number, offset: number): Promise<{ start: SitemapStart; offset: number }> {
    if (offset === 0) return { start: { year, month }, offset };
    let before = 0;
    for (const { day, count } of await this.dayCounts(blogId, year, month)) {
      if (offset < before + count) return { start: { year, month, before: (day + 1) * DAY_MS }, offset: offset - before };
      before += count;
    }
    return { start: { year, month }, offset };
  }

  /**
   * URLs and last-change times for the sitemap. Posts: newest month first (by the post's address),
   * newest first within it, from `start`, stepping over `offset` posts in the index alone (the IDs first,
   * then their rows). Pages: newest first, from `offset`. Read in the posts' index order, not sorted.
   */
  async entries(blogId: string, kind: PostKind, limit: number, offset: number, start?: SitemapStart): Promise<SitemapEntry[]> {
    const columns = ['kind', 'slug', 'path_year', 'path_month', 'updated_at'] as const;
    const live = this.db
      .selectFrom('posts')
      .where('blog_id', '=', blogId)
      .where('kind', '=', kind)
      .where('status', '=', 'live')
      .where('trashed_at', 'is', null);
    if (kind === 'page')
      return live.select(columns).orderBy('published_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute();
    const from =
      start === undefined
        ? live
        : start.before === undefined
          ? live.where(sql<boolean>`(path_year, path_month) <= (${start.year}, ${start.month})`)
          : live.where(sql<boolean>`(path_year, path_month, published_at) < (${start.year}, ${start.month}, ${start.before})`);
    const ids = await from
      .select('id')
      .orderBy('path_year', 'desc')
      .orderBy('path_month', 'desc')
      .orderBy('published_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute();
    if (ids.length === 0) return [];
    const rows = await this.db
      .selectFrom('posts')
      .select(['id', ...columns])
      .where('blog_id', '=', blogId)
      .where(
        'id',
        'in',
        ids.map((r) => r.id),
      )
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((r) => byId.get(r.id) ?? []);
  }
}
