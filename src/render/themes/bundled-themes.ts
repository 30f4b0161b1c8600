/**
 * The themes that ship with Dastan, each a folder of `themes/`: their names and descriptions, their
 * files (the defaults a blog's own copies replace), and one shared compiled engine per theme, used by
 * every blog that has not changed its templates.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ThemeCatalog } from '../../domain/themes/theme.service.js';
import { loadTheme, THEMES_DIR, type Theme } from '../theme.js';

export interface BundledThemeInfo {
  name: string;
  title: string;
  description: string;
}

export const BUNDLED_THEMES: readonly BundledThemeInfo[] = [
  {
    name: 'default',
    title: 'Classic',
    description: "A header, the posts, and a sidebar of gadgets beside them, like Blogger's classic layouts.",
  },
  {
    name: 'minimal',
    title: 'Minimal',
    description: 'One calm column of large, readable text; the gadgets follow the posts at the foot of the page.',
  },
  {
    name: 'magazine',
    title: 'Magazine',
    description: 'A featured post and the rest as picture cards in a grid; made for blogs with cover images.',
  },
];

/** The templates a page is rendered from: every bundled theme has them, and so has every blog's copy. */
export const PAGE_TEMPLATES = ['home', 'post', 'label', 'archive', 'search', '404', 'sidebar'] as const;

interface LoadedTheme {
  info: BundledThemeInfo;
  theme: Theme;
  /** File name → content, in name order, `theme.css` included. */
  files: ReadonlyMap<string, string>;
}

export class BundledThemes implements ThemeCatalog {
  private readonly loaded = new Map<string, LoadedTheme>();

  /** `given` replaces a bundled theme's engine (tests hand in the one they made). */
  constructor(dir = THEMES_DIR, given: Partial<Record<string, Theme>> = {}) {
    for (const info of BUNDLED_THEMES) {
      const root = path.join(dir, info.name);
      const names = readdirSync(root)
        .filter((f) => /^[a-z0-9][a-z0-9-]*\.liquid$/.test(f) || f === 'theme.css')
        .sort();
      const files = new Map(names.map((f) => [f, readFileSync(path.join(root, f), 'utf8')]));
      this.loaded.set(info.name, { info, theme: given[info.name] ?? loadTheme(info.name, dir), files });
    }
  }

  list(): readonly BundledThemeInfo[] {
    return BUNDLED_THEMES;
  }

  has(theme: string): boolean {
    return this.loaded.has(theme);
  }

  /** The theme's own record; an unknown name (a theme removed since) falls back to the default. */
  get(theme: string): LoadedTheme {
    return this.loaded.get(theme) ?? this.loaded.get('default')!;
  }

  files(theme: string): readonly string[] {
    return [...(this.loaded.get(theme)?.files.keys() ?? [])];
  }
}
