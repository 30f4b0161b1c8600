/**
 * Trying a blog's edited theme before it goes live: the blog's home page and its newest post (or a
 * sample post when it has none) rendered with the edited files over the stored ones. Saving an edit
 * runs these renders (and the search and not-found pages) first, so a template that does not compile, names a template the theme does
 * not have, or runs too long is refused with its line and reason, and the live theme stays as it was.
 * The edited stylesheet is linked as a `data:` URL (the preview's response allows that, and only that,
 * beyond the usual policy), so nothing is kept between requests and any app process can answer.
 */
import { SEARCH_PAGE_SIZE, type BlogReader, type PostView } from '../../domain/reader/blog-reader.js';
import type { BlogRow } from '../../storage/schema.js';
import { PageRenderer, pagerLinks } from '../pages.js';
import type { SiteContext } from '../presenters/site.js';
import { checkTemplates, memoryLiquid } from './memory-templates.js';
import type { BlogTheme, ThemeRegistry } from './theme-registry.js';

export type PreviewPage = 'home' | 'post';

/** A post to preview the post template with, on a blog that has none yet. */
function samplePost(blog: BlogRow, now: number): PostView {
  const date = new Date(now);
  return {
    post: {
      id: '0',
      blog_id: blog.id,
      kind: 'post',
      status: 'live',
      mail_mode: 'blog-and-mail',
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
      cover_image_url: '',
      cover_image_alt: '',
      menu_order: 0,
    },
    labels: [],
    threads: [],
    commentCount: 0,
  };
}

/** The theme with its stylesheet linked as a `data:` URL, so a preview needs nothing kept on the server. */
function withDataStylesheet(theme: BlogTheme): BlogTheme {
  return { ...theme, cssPath: `data:text/css;base64,${Buffer.from(theme.css, 'utf8').toString('base64')}` };
}

export class ThemePreviews {
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

  /** The page rendered with the edited set (checked first), its stylesheet linked as a `data:` URL. */
  async render(site: SiteContext, edits: ReadonlyMap<string, string>, page: PreviewPage): Promise<string> {
    const candidate = await this.registry.candidate(site.blog, edits);
    checkTemplates(memoryLiquid(new Map()), await this.editedFiles(site.blog, edits));
    return this.renderWith(withDataStylesheet(candidate), site, page);
  }

  /**
   * The blog's own page in another look before it is chosen: bundled theme `theme` (with the blog's own
   * copies of that theme's files, if any) and the colour and font settings `settingsJson` (validated).
   * Nothing is stored; the stylesheet is linked as a `data:` URL.
   */
  async look(site: SiteContext, look: { theme: string; settingsJson: string }, page: PreviewPage): Promise<string> {
    const blog: BlogRow = { ...site.blog, theme: look.theme, theme_settings: look.settingsJson };
    const candidate = await this.registry.candidate(blog, new Map());
    return this.renderWith(withDataStylesheet(candidate), { ...site, blog }, page);
  }

  private async editedFiles(blog: BlogRow, edits: ReadonlyMap<string, string>): Promise<Map<string, string>> {
    const files = await this.registry.filesOf(blog);
    for (const [file, content] of edits) files.set(file, content);
    return files;
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
