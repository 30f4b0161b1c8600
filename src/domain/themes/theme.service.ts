/**
 * A blog's theme as its admins change it: which bundled theme, its colour and font settings, and the
 * blog's own copies of the theme's files. Every change moves the theme's version on (compiled
 * templates and the stylesheet URL follow it) and marks the blog's content changed (cached pages go).
 * Templates are checked by the render layer (they must compile and render) before they reach here.
 */
import { InvalidInputError, NotFoundError } from '../errors.js';
import type { ThemeImageColumn, ThemeRepository } from '../../storage/repositories/theme.repository.js';
import type { BlogRow, ThemeFileRow } from '../../storage/schema.js';
import { checkCustomCss } from './custom-css.js';
import { parseThemeSettings } from './theme-settings.js';

/** The bundled themes, as the domain needs to know them: their names and the files a blog may replace. */
export interface ThemeCatalog {
  has(theme: string): boolean;
  /** The theme's file names (`home.liquid`, …, `theme.css`). */
  files(theme: string): readonly string[];
}

/** The pictures a blog shows in its theme: the logo before its title, the header image behind it, the icon (favicon). */
export const THEME_IMAGES = { logo: 'logo_url', header: 'header_image_url', icon: 'icon_url' } as const satisfies Record<
  string,
  ThemeImageColumn
>;
export type ThemeImage = keyof typeof THEME_IMAGES;

/** The picture named in a dashboard address (`logo`, `header`, `icon`); otherwise a 404. */
export function themeImageOf(name: string): ThemeImage {
  if (!Object.hasOwn(THEME_IMAGES, name)) throw new NotFoundError('A theme has no picture by that name.');
  return name as ThemeImage;
}

/** The largest template a blog may store. */
export const TEMPLATE_MAX = 100_000;

export class ThemeService {
  constructor(
    private readonly themes: ThemeRepository,
    private readonly catalog: ThemeCatalog,
    private readonly contentChanged: (blogId: string) => Promise<void>,
    private readonly now: () => number = Date.now,
  ) {}

  async chooseTheme(blog: BlogRow, theme: string): Promise<void> {
    if (!this.catalog.has(theme)) throw new InvalidInputError('Please choose one of the themes in the list.', 'theme');
    await this.themes.setTheme(blog.id, theme, blog.theme_settings);
    await this.contentChanged(blog.id);
  }

  /** Validates and stores the colour and font settings (see parseThemeSettings). */
  async saveSettings(blog: BlogRow, form: Record<string, string | undefined>): Promise<void> {
    const settings = parseThemeSettings(form);
    await this.themes.setTheme(blog.id, blog.theme, JSON.stringify(settings));
    await this.contentChanged(blog.id);
  }

  /** Stores the blog's own wording of theme messages (JSON made by parseTextOverrides); cached pages go. */
  async saveTextOverrides(blog: BlogRow, overridesJson: string): Promise<void> {
    await this.themes.setTextOverrides(blog.id, overridesJson);
    await this.contentChanged(blog.id);
  }

  /** Sets (an upload's path, checked by the image service) or removes ('') one of the blog's theme pictures; cached pages go. */
  async setImage(blog: BlogRow, image: ThemeImage, uploadPath: string): Promise<void> {
    await this.themes.setImage(blog.id, THEME_IMAGES[image], uploadPath);
    await this.contentChanged(blog.id);
  }

  /** The file name, if the blog's theme has a file by that name; otherwise a 404. */
  fileOf(blog: BlogRow, file: string): string {
    if (!this.catalog.files(blog.theme).includes(file)) throw new NotFoundError('The theme has no file by that name.');
    return file;
  }

  /** The blog's own copies of its theme's files. */
  ownFiles(blog: BlogRow): Promise<ThemeFileRow[]> {
    return this.themes.files(blog.id, blog.theme);
  }

  /** Stores the blog's copy of one file of its theme. A stylesheet is checked here; templates before. */
  async saveFile(blog: BlogRow, file: string, content: string, userId: string | null): Promise<void> {
    this.fileOf(blog, file);
    if (file.endsWith('.css')) checkCustomCss(content);
    else if (content.length > TEMPLATE_MAX)
      throw new InvalidInputError(`A template is at most ${TEMPLATE_MAX.toLocaleString('en')} characters.`, 'content');
    await this.themes.saveFile({ blog_id: blog.id, theme: blog.theme, file, content, updated_by: userId, updated_at: this.now() });
    await this.contentChanged(blog.id);
  }

  /** Back to the bundled file; false when the blog had no copy of it. */
  async resetFile(blog: BlogRow, file: string): Promise<boolean> {
    this.fileOf(blog, file);
    const removed = await this.themes.deleteFile(blog.id, blog.theme, file);
    if (removed) await this.contentChanged(blog.id);
    return removed;
  }
}
