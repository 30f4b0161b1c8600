/**
 * The blog's sitemap (https://www.sitemaps.org/protocol.html), written with the `sitemap` package: the
 * home page and every live post and page, each with its last change. Past SITEMAP_URL_LIMIT URLs
 * `/sitemap.xml` becomes a sitemap index of `/sitemap.xml?page=N`, as Blogger does.
 */
import { Readable } from 'node:stream';
import type { IndexItem, SitemapItemLoose } from 'sitemap';
import { InvalidInputError } from '../domain/errors.js';
import type { SiteContext } from '../render/presenters/site.js';
import { postPath } from '../domain/blogs/urls.js';
import type { MonthCount, PostRepository, SitemapEntry } from '../storage/repositories/post.repository.js';
import type { Query } from './feed-query.js';

/**
 * URLs in one sitemap. The protocol allows 50,000, but a page of 50,000 took 1.4 s to write (a search
 * engine, or anyone, asking for it stalls a core): 1,000 a page keeps every sitemap document's cost that
 * of a small blog's whole sitemap, and an index of up to 50,000 pages still lists 50 million URLs.
 */
export const SITEMAP_URL_LIMIT = 1_000;

export const SITEMAP_CONTENT_TYPE = 'application/xml; charset=utf-8';

/** A sitemap listing nothing (a private blog's). */
const EMPTY_URLSET = '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>';

/** No image, video, news or xhtml extensions: just the 0.9 namespace. */
const PLAIN_NAMESPACES = { news: false, video: false, image: false, xhtml: false };

/** `?page=N` of a sitemap index; undefined without one. */
export function parseSitemapPage(query: Query): number | undefined {
  const raw = Array.isArray(query.page) ? query.page[0] : query.page;
  if (raw === undefined) return undefined;
  if (!/^[1-9]\d{0,5}$/.test(raw)) throw new InvalidInputError('page must be a whole number from 1 to 999,999.', 'page');
  return Number(raw);
}

export class Sitemaps {
  /** @param urlLimit URLs per sitemap; smaller only in tests, to reach the index without 50,000 posts. */
  constructor(
    private readonly posts: PostRepository,
    private readonly urlLimit = SITEMAP_URL_LIMIT,
  ) {}

  /**
   * The sitemap (or the index, when the blog has too many URLs for one), or with `page` that page of
   * the URLs. Undefined for a page past the last.
   */
  async build(site: SiteContext, page?: number): Promise<string | undefined> {
    const { blog } = site;
    // A private blog shows search engines nothing: an empty list (robots.txt also shuts them out).
    if (blog.visibility === 'private') return page === undefined || page === 1 ? EMPTY_URLSET : undefined;
    // The posts of each month are kept counts: a page finds its first month without counting posts.
    const [months, { pages }] = await Promise.all([this.posts.monthCounts(blog.id), this.posts.liveCounts(blog.id)]);
    const posts = months.reduce((sum, m) => sum + m.count, 0);
    // The home page is the first URL of the first page.
    const pageCount = Math.max(1, Math.ceil((1 + posts + pages) / this.urlLimit));
    if (page === undefined) return pageCount === 1 ? this.urlset(site, 1, months, posts) : this.index(site, pageCount);
    return page <= pageCount ? this.urlset(site, page, months, posts) : undefined;
  }

  /** Page `page` of the list: the home page, the posts newest month first, then the pages. */
  private async urlset(
    { blog, origin }: SiteContext,
    page: number,
    months: readonly MonthCount[],
    postCount: number,
  ): Promise<string | undefined> {
    const first = (page - 1) * this.urlLimit;
    const items: SitemapItemLoose[] = page === 1 ? [{ url: `${origin}/`, lastmod: isoDate(blog.updated_at) }] : [];
    // Index 0 of the whole list is the home page, so posts start one later, and pages after the posts.
    const start = Math.max(0, first - 1);
    const room = this.urlLimit - items.length;
    const entries = start < postCount ? await this.postsFrom(blog.id, months, start, room) : [];
    if (entries.length < room)
      entries.push(...(await this.posts.sitemap.entries(blog.id, 'page', room - entries.length, Math.max(0, start - postCount))));
    for (const entry of entries) items.push({ url: `${origin}${postPath(entry)}`, lastmod: isoDate(entry.updated_at) });
    // Posts unpublished since the counts were read can leave a last page empty: nothing to list.
    if (items.length === 0) return undefined;
    return write('urlset', items);
  }

  /** `limit` posts from the `start`th (newest month first): read from the month and the day that hold it. */
  private async postsFrom(blogId: string, months: readonly MonthCount[], start: number, limit: number): Promise<SitemapEntry[]> {
    let before = 0;
    for (const m of months) {
      if (start < before + m.count) {
        const found = await this.posts.sitemap.startInMonth(blogId, m.year, m.month, start - before);
        return this.posts.sitemap.entries(blogId, 'post', limit, found.offset, found.start);
      }
      before += m.count;
    }
    return [];
  }

  private async index({ blog, origin }: SiteContext, pageCount: number): Promise<string> {
    const items: IndexItem[] = [];
    // Any change to the blog can shift URLs between pages, so each page changed when the blog last did.
    for (let n = 1; n <= pageCount; n++) items.push({ url: `${origin}/sitemap.xml?page=${n}`, lastmod: isoDate(blog.updated_at) });
    return write('index', items);
  }
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString();
}

async function write(kind: 'urlset' | 'index', items: readonly (SitemapItemLoose | IndexItem)[]): Promise<string> {
  // Loaded on the first sitemap asked for: the library (with its XML parser) is not needed before.
  const { ErrorLevel, SitemapIndexStream, SitemapStream, streamToPromise } = await import('sitemap');
  const stream =
    kind === 'urlset'
      ? new SitemapStream({ xmlns: PLAIN_NAMESPACES, level: ErrorLevel.THROW })
      : new SitemapIndexStream({ level: ErrorLevel.THROW });
  return (await streamToPromise(Readable.from(items).pipe(stream))).toString('utf8');
}
