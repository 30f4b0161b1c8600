/**
 * The HTML pages of a static copy: home and its older pages, every post and page, every label and
 * archive (with their older pages), the search page and the 404 page. Each is rendered by the server's
 * own PageRenderer from the server's own reader queries, so its bytes are the bytes the live site sends
 * for that address; what cannot be static is left out (the comment form, the view beacon) or given
 * static paths (the older pages of a list).
 */
import { SEARCH_PAGE_SIZE, type PostList, type Sidebar } from '../domain/reader/blog-reader.js';
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

/** Posts read at a time while walking the whole blog. */
const WALK_PAGE = 500;

/** Every live post (or page) of the blog, newest first, read a page at a time. */
export async function* livePosts(services: Services, blogId: string, kind: 'post' | 'page'): AsyncGenerator<PostRow> {
  for (let offset = 0; ; offset += WALK_PAGE) {
    const rows = await services.repositories.posts.newestLive(blogId, WALK_PAGE, offset, kind);
    yield* rows;
    if (rows.length < WALK_PAGE) return;
  }
}

export class PageBuilder {
  constructor(private readonly parts: PageBuildParts) {}

  private write(urlPath: string, html: string): void {
    const file = pageFileOf(urlPath);
    if (!file) return this.parts.warn(`skipped ${urlPath}: no file name can hold this address`);
    this.parts.out.write(file, Buffer.from(html));
  }

  /**
   * Every page of one list (home, a label, an archive), following "Older posts" as a reader would: the
   * same keyset queries the server answers `?updated-max=` with.
   */
  private async list(
    base: string,
    read: (older?: { publishedAt: number; id: string }) => Promise<PostList | undefined>,
    render: (list: PostList, path: string, n: number) => Promise<string>,
  ): Promise<void> {
    let older: { publishedAt: number; id: string } | undefined;
    for (let n = 1; ; n++) {
      const list = await read(older);
      if (!list) return;
      const path = listPagePath(base, n);
      this.write(path, await render(list, path, n));
      const last = list.posts.at(-1)?.post;
      if (!list.hasOlder || !last) return;
      older = { publishedAt: last.published_at ?? 0, id: last.id };
    }
  }

  async home(sidebar: Sidebar): Promise<void> {
    const { services, pages, site } = this.parts;
    await this.list(
      '/',
      (older) => services.reader.listPosts(site.blog, { older }),
      (list, path, n) => pages.home(site, list, sidebar, staticPagerLinks('/', n, list), path),
    );
  }

  async labels(sidebar: Sidebar): Promise<void> {
    const { services, pages, site } = this.parts;
    for (const { name } of sidebar.labels) {
      const base = labelPath([name]);
      await this.list(
        base,
        (older) => services.reader.listPosts(site.blog, { labelNames: [name], older }),
        (list, path, n) => pages.label(site, [name], list, sidebar, staticPagerLinks(base, n, list), path),
      );
    }
  }

  async archives(sidebar: Sidebar): Promise<void> {
    const { services, pages, site } = this.parts;
    const years = [...new Set(sidebar.months.map((m) => m.year))];
    const periods = [...years.map((year) => ({ year, month: undefined })), ...sidebar.months.map(({ year, month }) => ({ year, month }))];
    for (const { year, month } of periods) {
      const base = archivePath(year, month);
      await this.list(
        base,
        (older) => services.reader.listPosts(site.blog, { year, month, older }),
        (list, path, n) => pages.archive(site, year, month, list, sidebar, staticPagerLinks(base, n, list), path),
      );
    }
  }

  /** Every live post and page, each with its comments (as of the build) and no comment form. */
  async posts(sidebar: Sidebar): Promise<PostRow[]> {
    const { services, pages, site } = this.parts;
    const all: PostRow[] = [];
    for (const kind of ['post', 'page'] as const) {
      for await (const row of livePosts(services, site.blog.id, kind)) {
        all.push(row);
        const view =
          kind === 'post'
            ? await services.reader.post(site.blog, row.path_year ?? 0, row.path_month ?? 0, row.slug)
            : await services.reader.page(site.blog, row.slug);
        if (!view) continue;
        this.write(postPath(row), await pages.post(site, view, sidebar));
      }
    }
    return all;
  }

  /** The search page as the live site shows it before a search (its form), and the 404 page. */
  async searchAndMissing(sidebar: Sidebar): Promise<string> {
    const { services, pages, site, out } = this.parts;
    const search = await pages.search(site, '', 1, { results: [], total: 0 }, SEARCH_PAGE_SIZE, sidebar);
    out.write('404.html', Buffer.from(await pages.notFound(site, await services.reader.newest(site.blog, 5))));
    return search;
  }
}
