/**
 * The documents of a static copy beside its pages: every feed (Atom and RSS of posts, of each label, of
 * comments and of each post's comments; JSON Feed), the sitemap (and its pages past 50,000 URLs),
 * robots.txt, the stylesheet, the share script, the favicon and the blog's uploaded images. Built by the
 * same code the feed and SEO routes use, with the parameters a request without a query has.
 */
import { copyFileSync, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { CommentFeeds } from '../feeds/comment-feeds.js';
import { renderFeed } from '../feeds/feed-formats.js';
import { parsePaging, type Projection } from '../feeds/feed-query.js';
import type { PostFeeds } from '../feeds/post-feeds.js';
import { robotsTxtOf } from '../feeds/robots.js';
import { Sitemaps } from '../feeds/sitemap.js';
import type { FeedDocument } from '../feeds/feed-document.js';
import { labelFeedPath } from '../domain/blogs/urls.js';
import { parseUploadPath } from '../domain/media/image-variants.js';
import { BlogIcons } from '../domain/blogs/blog-icon.js';
import type { Sidebar } from '../domain/reader/blog-reader.js';
import { SHARE_SCRIPT } from '../render/pages.js';
import { SHARE_SCRIPT_SOURCE } from '../render/share-script.js';
import type { SiteContext } from '../render/presenters/site.js';
import type { BlogTheme } from '../render/themes/theme-registry.js';
import type { Services } from '../services.js';
import type { BlogSnapshot } from './blog-snapshot.js';
import { feedFileOf, pageFileOf } from './output-paths.js';
import type { OutputDir } from './output-dir.js';
import type { Warn } from './build-pages.js';

/** What a request without a query gets: the first page of a feed. */
const FIRST_PAGE = parsePaging({});

export interface DocumentBuildParts {
  services: Services;
  site: SiteContext;
  out: OutputDir;
  warn: Warn;
  /** URLs per sitemap before the index takes over; only tests set it lower. */
  sitemapUrlLimit?: number;
}

export class DocumentBuilder {
  private readonly postFeeds: PostFeeds;
  private readonly commentFeeds: CommentFeeds;

  constructor(private readonly parts: DocumentBuildParts) {
    this.postFeeds = parts.services.feeds.posts;
    this.commentFeeds = parts.services.feeds.comments;
  }

  /** Writes a feed document in Atom and RSS at the files its address maps to. */
  private writeXmlFeeds(urlPath: string, build: (format: 'atom' | 'rss') => Promise<FeedDocument | undefined>): Promise<void> {
    return Promise.all(
      (['atom', 'rss'] as const).map(async (format) => {
        const file = feedFileOf(urlPath, format);
        if (!file) return this.parts.warn(`skipped ${urlPath}: no file name can hold this address`);
        const doc = await build(format);
        if (doc) this.parts.out.write(file, Buffer.from(renderFeed(doc, format).body));
      }),
    ).then(() => undefined);
  }

  async postFeedsOf(sidebar: Sidebar): Promise<void> {
    const { site, out } = this.parts;
    for (const projection of ['default', 'summary'] as Projection[]) {
      const feedPath = `/feeds/posts/${projection}`;
      await this.writeXmlFeeds(feedPath, (format) =>
        this.postFeeds.build(site, { projection, format, paging: FIRST_PAGE, path: feedPath }),
      );
    }
    const json = await this.postFeeds.build(site, { projection: 'default', format: 'json', paging: FIRST_PAGE, path: '/feed.json' });
    out.write('feed.json', Buffer.from(renderFeed(json, 'json').body));
    for (const { name } of sidebar.labels) {
      const labelNames = [name];
      const feedPath = labelFeedPath(labelNames);
      await this.writeXmlFeeds(feedPath, (format) =>
        this.postFeeds.build(site, { projection: 'default', format, labelNames, paging: FIRST_PAGE, path: feedPath }),
      );
    }
  }

  /** The blog's comment feed and each live post's and page's, from comments read once for all. */
  async commentFeedsOf(snapshot: BlogSnapshot): Promise<void> {
    const { site } = this.parts;
    const limit = FIRST_PAGE.limit + 1;
    const all = '/feeds/comments/default';
    await this.writeXmlFeeds(all, async (format) =>
      this.commentFeeds.document(
        site,
        { projection: 'default', format, paging: FIRST_PAGE, path: all },
        undefined,
        snapshot.allFeedComments.slice(0, limit),
      ),
    );
    for (const post of [...snapshot.posts, ...snapshot.pages]) {
      const feedPath = `/feeds/${encodeURIComponent(post.id)}/comments/default`;
      const rows = snapshot.feedCommentsOf(post.id).slice(0, limit);
      await this.writeXmlFeeds(feedPath, async (format) =>
        this.commentFeeds.document(
          site,
          { postId: post.id, projection: 'default', format, paging: FIRST_PAGE, path: feedPath },
          post,
          rows,
        ),
      );
    }
  }

  /** sitemap.xml (an index past the limit, with its pages as `sitemap-N.xml`) and robots.txt; returns the page count. */
  async seo(): Promise<number> {
    const { services, site, out } = this.parts;
    const limit = this.parts.sitemapUrlLimit;
    const sitemaps = limit === undefined ? services.sitemaps : new Sitemaps(services.repositories.posts, limit);
    out.write('sitemap.xml', Buffer.from((await sitemaps.build(site))!));
    let pages = 0;
    // Past the limit sitemap.xml is an index of `?page=N`, which `_redirects` maps to these files.
    const hasIndex = (await sitemaps.build(site, 2)) !== undefined;
    for (let n = 1; hasIndex; n++) {
      const body = await sitemaps.build(site, n);
      if (body === undefined) break;
      out.write(`sitemap-${n}.xml`, Buffer.from(body));
      pages = n;
    }
    out.write('robots.txt', Buffer.from(robotsTxtOf(site)));
    return pages;
  }

  /** The stylesheet and share script at the paths pages link them (their `?v=` is ignored by a static host), and the favicon. */
  async assets(theme: BlogTheme): Promise<void> {
    const { services, site, out } = this.parts;
    const cssFile = pageFileOf(new URL(theme.cssPath, 'http://x').pathname);
    if (cssFile) out.write(cssFile, Buffer.from(theme.css));
    out.write(pageFileOf(SHARE_SCRIPT)!, Buffer.from(SHARE_SCRIPT_SOURCE));
    out.write('favicon.ico', await new BlogIcons(services.uploadsDir).favicon(site.blog));
  }

  /**
   * The blog's uploaded images (`/uploads/BLOG/…`), copied when new or changed in size, after making the
   * smaller copies the pages name that no reader has asked a server for yet. Recorded in the
   * manifest by size and time, not read and hashed: a blog's images can be gigabytes.
   */
  async uploads(): Promise<void> {
    const { services, site, out, warn } = this.parts;
    const source = path.join(services.uploadsDir, site.blog.id);
    // The copies the pages name (a <picture>'s AVIF and WebP widths) are made now: no server will make them later.
    for (const copy of out.uploadCopies) {
      const ref = parseUploadPath(copy.replace(/\.avif$/, '.webp'));
      if (!ref || ref.blogId !== site.blog.id || existsSync(path.join(services.uploadsDir, copy.slice('/uploads/'.length)))) continue;
      const format = copy.endsWith('.avif') ? 'avif' : 'webp';
      const made = await services.images.variants.ensure(ref.blogId, ref.imageId, ref.width, format).catch(() => false);
      if (!made) warn(`${copy}: this copy of the picture could not be made`);
    }
    if (!existsSync(source)) return;
    for (const folder of readdirSync(source, { withFileTypes: true })) {
      if (!folder.isDirectory()) continue;
      for (const entry of readdirSync(path.join(source, folder.name), { withFileTypes: true })) {
        if (!entry.isFile()) continue;
        const relative = `uploads/${site.blog.id}/${folder.name}/${entry.name}`;
        const from = path.join(source, folder.name, entry.name);
        out.copy(relative, from, (target) => copyFileSync(from, target));
      }
    }
  }
}
