/**
 * Which compiled theme renders a blog's pages, and its stylesheet. A blog that never changed its theme
 * (version 0) or has no copies of files and no settings uses the bundled theme's shared engine and
 * stylesheet, with no database read. Otherwise the blog's templates are compiled once per theme version
 * and kept (a bounded map), so no request recompiles them; a theme change moves the version on.
 */
import { createHash } from 'node:crypto';
import { readThemeSettings, themeSettingsCss } from '../../domain/themes/theme-settings.js';
import { ThemeRenderError } from '../../domain/themes/template-error.js';
import type { BlogRow, ThemeFileRow } from '../../storage/schema.js';
import { sourceRenderer, type Theme } from '../theme.js';
import { textGlobals } from '../i18n/liquid-filter.js';
import type { BundledThemes } from './bundled-themes.js';
import { memoryLiquid, reasonOf, templateErrorOf } from './memory-templates.js';

/** A blog's theme, ready to render: the engine, the stylesheet and the stylesheet's URL. */
export interface BlogTheme {
  theme: Theme;
  css: string;
  cssPath: string;
}

/** Where the page renderer gets a blog's theme. */
export interface ThemeSource {
  forBlog(blog: BlogRow): Promise<BlogTheme>;
}

/** The URL of a blog's own stylesheet (served from the blog's own address), busted by its content. */
export const BLOG_CSS_PATH = '/static/blog-theme.css';
/** How long a page whose template hit a limit is answered with the error without rendering again. */
const BREAKER_MS = 30_000;

const hashOf = (text: string) => createHash('sha1').update(text).digest('hex').slice(0, 12);

/** The URL of a bundled theme's stylesheet (`/static/theme.css` for the default, as before). */
export function bundledCssPath(name: string, css: string): string {
  return `${name === 'default' ? '/static/theme.css' : `/static/themes/${name}.css`}?v=${hashOf(css).slice(0, 10)}`;
}

/**
 * A Theme over a blog's own set of files. `onError` turns a failed render into the error to throw:
 * for readers a ThemeRenderError (a clear 503 page), for the editor's checks a TemplateError with the
 * line. A template that hit a limit is not run again for a while: one runaway template must not keep
 * the server busy on every request.
 */
export function memoryTheme(files: ReadonlyMap<string, string>, css: string, forReaders: boolean, now: () => number = Date.now): Theme {
  const engine = memoryLiquid(files);
  const renderSource = sourceRenderer(engine);
  const broken = new Map<string, { until: number; error: Error }>();
  const guarded = (key: string, file: string, render: () => string): string => {
    const known = broken.get(key);
    if (known && known.until > now()) throw known.error;
    try {
      return render();
    } catch (error) {
      if (!forReaders) throw templateErrorOf(error, file);
      const failure = new ThemeRenderError(reasonOf((error as { originalError?: Error }).originalError?.message ?? String(error)));
      if (/limit exceeded|call stack/.test(String((error as Error).message)))
        broken.set(key, { until: now() + BREAKER_MS, error: failure });
      throw failure;
    }
  };
  return {
    css,
    has: (template) => files.has(`${template}.liquid`),
    render: async (template, model, texts) =>
      guarded(
        template,
        `${template}.liquid`,
        () => engine.renderFileSync(template, model, texts ? { globals: textGlobals(texts) } : undefined) as string,
      ),
    // A fallback page's own source is fixed; what can fail in it is the blog's layout it is put in.
    renderSource: async (source, model, texts) => guarded(`\u0000${source}`, 'layout.liquid', () => renderSource(source, model, texts)),
  };
}

/** Where a blog's own copies of its theme's files come from (the domain's ThemeService). */
export interface OwnThemeFiles {
  ownFiles(blog: BlogRow): Promise<ThemeFileRow[]>;
}

export class ThemeRegistry implements ThemeSource {
  private readonly shared = new Map<string, BlogTheme>();
  private readonly blogs = new Map<string, { key: string; theme: Promise<BlogTheme> }>();

  constructor(
    readonly bundled: BundledThemes,
    private readonly own: OwnThemeFiles,
    private readonly maxBlogs = 500,
  ) {
    for (const { name } of bundled.list()) {
      const { theme } = bundled.get(name);
      this.shared.set(name, { theme, css: theme.css, cssPath: bundledCssPath(name, theme.css) });
    }
  }

  /** The bundled theme `name` as every unchanged blog shares it. */
  sharedTheme(name: string): BlogTheme {
    return this.shared.get(name) ?? this.shared.get('default')!;
  }

  forBlog(blog: BlogRow): Promise<BlogTheme> {
    if (!blog.theme_version) return Promise.resolve(this.sharedTheme(blog.theme));
    const key = `${blog.theme}|${blog.theme_version}`;
    const known = this.blogs.get(blog.id);
    if (known && known.key === key) return known.theme;
    const theme = this.build(blog);
    if (this.blogs.size >= this.maxBlogs && !known) {
      const oldest = this.blogs.keys().next().value;
      if (oldest !== undefined) this.blogs.delete(oldest);
    }
    this.blogs.set(blog.id, { key, theme });
    // A failed build (the database was away) is tried again on the next request, not remembered.
    theme.catch(() => {
      if (this.blogs.get(blog.id)?.theme === theme) this.blogs.delete(blog.id);
    });
    return theme;
  }

  /** The blog's theme with `edits` (file → content) over its stored files, for previews and checks. */
  async candidate(blog: BlogRow, edits: ReadonlyMap<string, string>): Promise<BlogTheme> {
    const files = await this.filesOf(blog);
    for (const [file, content] of edits) files.set(file, content);
    return this.assemble(blog, files, false);
  }

  /** The blog's theme files: the bundled ones with the blog's own copies over them. */
  async filesOf(blog: BlogRow): Promise<Map<string, string>> {
    const files = new Map(this.bundled.get(blog.theme).files);
    for (const row of await this.own.ownFiles(blog)) if (files.has(row.file)) files.set(row.file, row.content);
    return files;
  }

  private async build(blog: BlogRow): Promise<BlogTheme> {
    return this.assemble(blog, await this.filesOf(blog), true);
  }

  private assemble(blog: BlogRow, files: Map<string, string>, forReaders: boolean): BlogTheme {
    const bundled = this.bundled.get(blog.theme);
    const shared = this.sharedTheme(bundled.info.name);
    const css = (files.get('theme.css') ?? '') + '\n' + themeSettingsCss(readThemeSettings(blog.theme_settings));
    const sameTemplates = [...files].every(([file, content]) => file === 'theme.css' || bundled.files.get(file) === content);
    const sameCss = files.get('theme.css') === bundled.files.get('theme.css') && css.trim() === shared.css.trim();
    const theme = sameTemplates && forReaders ? shared.theme : memoryTheme(files, css, forReaders);
    return { theme, css, cssPath: sameCss ? shared.cssPath : `${BLOG_CSS_PATH}?v=${hashOf(css)}` };
  }
}
