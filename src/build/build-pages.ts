/**
 * The HTML pages of a static copy: home and its older pages, every post and page, every label and
 * archive (with their older pages), the search page and the 404 page. Each is rendered by the server's
 * own PageRenderer from the same data the reader's queries give, so its bytes are the bytes the live site sends
 * for that address; what cannot be static is left out (the comment form, the view beacon) or given
 * static paths (the older pages of a list). The data comes from one BlogSnapshot rather than a
 * request's queries per page.
 */
import { SEARCH_PAGE_SIZE, type PostList, type Sidebar } from '../domain/reader/blog-reader.js';
import type { BlogSnapshot } from './blog-snapshot.js';
import { archivePath, labelPath, postPath } from '../domain/blogs/urls.js';
import type { PageRenderer } from '../render/pages.js';
import type { SiteContext } from '../render/presenters/site.js';
import type { Services } from '../services.js';
import type { PostRow } from '../storage/schema.js';
import { listPagePath, pageFileOf, staticPagerLinks } from './output-paths.js';
import type { OutputDir } from './output-dir.js';

/** What the build tells the person running it, one line each: pages it could not give a file. */
export type Warn = (message: string) => void;

export interface PageBuildParts {
  services: Services;
  pages: PageRenderer;
  site: SiteContext;
  out: OutputDir;
  warn: Warn;
}

export class PageBuilder {
  constructor(
    private readonly parts: PageBuildParts,
    private readonly snapshot: BlogSnapshot,
  ) {}

  private write(urlPath: string, html: string): void {
    const file = pageFileOf(urlPath);
    if (!file) return this.parts.warn(`skipped ${urlPath}: no file name can hold this address`);
    this.parts.out.write(file, Buffer.from(html));
  }

  /** Every page of one list (home, a label, an archive): what "Older posts" leads a reader through. */
  private async list(
    base: string,
    posts: readonly PostRow[],
    render: (list: PostList, path: string, n: number) => Promise<string>,
  ): Promise<void> {
    let n = 0;
    for (const list of this.snapshot.listPages(posts)) {
      n++;
      const path = listPagePath(base, n);
      this.write(path, await render(list, path, n));
    }
  }

  async home(sidebar: Sidebar): Promise<void> {
    const { pages, site } = this.parts;
    await this.list('/', this.snapshot.posts, (list, path, n) => pages.home(site, list, sidebar, staticPagerLinks('/', n, list), path));
  }

  async labels(sidebar: Sidebar): Promise<void> {
    const { pages, site } = this.parts;
    for (const { name } of sidebar.labels) {
      const base = labelPath([name]);
      await this.list(base, this.snapshot.withLabel(name), (list, path, n) =>
        pages.label(site, [name], list, sidebar, staticPagerLinks(base, n, list), path),
      );
    }
  }

  async archives(sidebar: Sidebar): Promise<void> {
    const { pages, site } = this.parts;
    const years = [...new Set(sidebar.months.map((m) => m.year))];
    const periods = [...years.map((year) => ({ year, month: undefined })), ...sidebar.months.map(({ year, month }) => ({ year, month }))];
    for (const { year, month } of periods) {
      const base = archivePath(year, month);
      const posts = this.snapshot.posts.filter((p) => p.path_year === year && (month === undefined || p.path_month === month));
      await this.list(base, posts, (list, path, n) =>
        pages.archive(site, year, month, list, sidebar, staticPagerLinks(base, n, list), path),
      );
    }
  }

  /** Every live post and page, each with its comments (as of the build) and no comment form. */
  async posts(sidebar: Sidebar): Promise<void> {
    const { pages, site } = this.parts;
    for (const all of [this.snapshot.posts, this.snapshot.pages]) {
      for (const [i, post] of all.entries()) this.write(postPath(post), await pages.post(site, this.snapshot.view(post, i), sidebar));
    }
  }

  /** The search page as the live site shows it before a search (its form), and the 404 page. */
  async searchAndMissing(sidebar: Sidebar): Promise<string> {
    const { services, pages, site, out } = this.parts;
    const search = await pages.search(site, '', 1, { results: [], total: 0 }, SEARCH_PAGE_SIZE, sidebar);
    out.write('404.html', Buffer.from(await pages.notFound(site, await services.reader.newest(site.blog, 5))));
    return search;
  }
}
