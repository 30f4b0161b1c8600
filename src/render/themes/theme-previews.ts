/**
 * Trying a blog's edited theme before it goes live: the blog's home page and its newest post (or a
 * sample post when it has none) rendered with the edited files over the stored ones. Saving an edit
 * runs these renders (and the search and not-found pages) first, so a template that does not compile, names a template the theme does
 * not have, or runs too long is refused with its line and reason, and the live theme stays as it was.
 * An edited stylesheet is kept here for a few minutes under a random token, so the preview page can
 * link it from the dashboard's own address (no inline styles under the Content-Security-Policy).
 */
import { randomBytes } from 'node:crypto';
import { SEARCH_PAGE_SIZE, type BlogReader, type PostView } from '../../domain/reader/blog-reader.js';
import type { BlogRow } from '../../storage/schema.js';
import { PageRenderer, pagerLinks } from '../pages.js';
import type { SiteContext } from '../presenters/site.js';
import { checkTemplates, memoryLiquid } from './memory-templates.js';
import type { BlogTheme, ThemeRegistry } from './theme-registry.js';

export type PreviewPage = 'home' | 'post';

const CSS_TTL_MS = 10 * 60_000;
const CSS_KEPT = 200;

/** A post to preview the post template with, on a blog that has none yet. */
function samplePost(blog: BlogRow, now: number): PostView {
  const date = new Date(now);
  return {
    post: {
      id: '0',
      blog_id: blog.id,
      kind: 'post',
      status: 'live',
      title: 'A sample post',
      slug: 'a-sample-post',
      path_year: date.getUTCFullYear(),
      path_month: date.getUTCMonth() + 1,
      body_html: '<p>This blog has no posts yet: this sample shows how a post will look.</p>',
      body_text: 'This blog has no posts yet: this sample shows how a post will look.',
      search_description: '',
      comments_setting: 'allow',
      author_id: null,
      author_name: 'Dastan',
      published_at: now,
      created_at: now,
      updated_at: now,
      trashed_at: null,
      source_id: null,
    },
    labels: [],
    threads: [],
    commentCount: 0,
  };
}

export class ThemePreviews {
  private readonly styles = new Map<string, { blogId: string; css: string; until: number }>();

  constructor(
    private readonly registry: ThemeRegistry,
    private readonly reader: BlogReader,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Compiles every template of the edited set and renders the blog's home and a post with it; throws
   * TemplateError (file, line, reason) at the first failure.
   */
  async check(site: SiteContext, edits: ReadonlyMap<string, string>): Promise<void> {
    const candidate = await this.registry.candidate(site.blog, edits);
    checkTemplates(memoryLiquid(new Map()), await this.editedFiles(site.blog, edits));
    for (const page of ['home', 'post', 'search', '404'] as const) await this.renderWith(candidate, site, page);
  }

  /** The page rendered with the edited set (checked first), its stylesheet linked under a token. */
  async render(site: SiteContext, edits: ReadonlyMap<string, string>, page: PreviewPage, cssBase: string): Promise<string> {
    const candidate = await this.registry.candidate(site.blog, edits);
    checkTemplates(memoryLiquid(new Map()), await this.editedFiles(site.blog, edits));
    const token = this.keepCss(site.blog.id, candidate.css);
    return this.renderWith({ ...candidate, cssPath: `${cssBase}?t=${token}` }, site, page);
  }

  /** A previewed stylesheet, if `token` is one of this blog's and still fresh. */
  previewCss(blogId: string, token: string): string | undefined {
    const kept = this.styles.get(token);
    return kept && kept.blogId === blogId && kept.until > this.now() ? kept.css : undefined;
  }

  private async editedFiles(blog: BlogRow, edits: ReadonlyMap<string, string>): Promise<Map<string, string>> {
    const files = await this.registry.filesOf(blog);
    for (const [file, content] of edits) files.set(file, content);
    return files;
  }

  private keepCss(blogId: string, css: string): string {
    const now = this.now();
    for (const [token, kept] of this.styles) if (kept.until <= now || this.styles.size >= CSS_KEPT) this.styles.delete(token);
    const token = randomBytes(18).toString('base64url');
    this.styles.set(token, { blogId, css, until: now + CSS_TTL_MS });
    return token;
  }

  private async renderWith(candidate: BlogTheme, site: SiteContext, page: PreviewPage | 'search' | '404'): Promise<string> {
    const pages = new PageRenderer({ forBlog: async () => candidate });
    const sidebar = await this.reader.sidebar(site.blog);
    if (page === 'search') return pages.search(site, '', 1, { results: [], total: 0 }, SEARCH_PAGE_SIZE, sidebar);
    if (page === '404') return pages.notFound(site, await this.reader.newest(site.blog, 5));
    if (page === 'home') {
      const list = (await this.reader.listPosts(site.blog))!;
      return pages.home(site, list, sidebar, pagerLinks('/search', list), '/');
    }
    const [newest] = await this.reader.newest(site.blog, 1);
    const view =
      (newest && newest.path_year !== null && (await this.reader.post(site.blog, newest.path_year, newest.path_month!, newest.slug))) ||
      samplePost(site.blog, this.now());
    return pages.post(site, view, sidebar);
  }
}
