/**
 * Recognising a Markdown site (a folder, or a zip or tar of one) by its configuration file: a
 * Jekyll site by its `_config.yml`, a Hugo site by `hugo.toml` (or `config.toml` beside `content/`),
 * an Eleventy site by `.eleventy.js` / `eleventy.config.*` or an `@11ty/eleventy` dependency — beside
 * Markdown files. The site may sit one folder down (a zip of the folder).
 */
import type { ZipArchive } from '../import-model.js';

export type Generator = 'jekyll' | 'hugo' | 'eleventy';

export interface MarkdownSite {
  generator: Generator;
  /** The site's folder in the archive: '' or `name/`. */
  root: string;
  /** The configuration file (its path in the archive), if any: read by site-config.ts. */
  configFile?: string;
}

const CONFIGS: [Generator, RegExp][] = [
  ['jekyll', /^_config\.(ya?ml|toml)$/],
  ['hugo', /^(hugo\.(toml|ya?ml|json)|config\/_default\/(hugo|config)\.(toml|ya?ml|json))$/],
  ['eleventy', /^(\.eleventy\.c?js|eleventy\.config\.(c?js|mjs|ts))$/],
  // `config.toml` is Hugo's older name; it counts only beside a `content/` folder.
  ['hugo', /^config\.(toml|ya?ml|json)$/],
];

const MARKDOWN = /\.(md|markdown)$/i;

/** The site in the archive, if it is one; undefined otherwise. */
export function findMarkdownSite(zip: Pick<ZipArchive, 'names' | 'read'>): MarkdownSite | undefined {
  const names = zip.names;
  for (const depth of [0, 1]) {
    for (const [generator, pattern] of CONFIGS) {
      for (const name of names) {
        const parts = name.split('/');
        if (parts.length < 1 + depth) continue;
        const root = depth === 0 ? '' : `${parts[0]}/`;
        const local = name.slice(root.length);
        if (!pattern.test(local)) continue;
        if (local.startsWith('config.') && !names.some((n) => n.startsWith(`${root}content/`))) continue;
        if (!names.some((n) => n.startsWith(root) && MARKDOWN.test(n))) continue;
        return { generator, root, configFile: name };
      }
    }
    // Eleventy needs no configuration file: its dependency in package.json says it.
    for (const name of names.filter((n) => (depth === 0 ? n === 'package.json' : /^[^/]+\/package\.json$/.test(n)))) {
      const root = name.slice(0, -'package.json'.length);
      if (!/"@11ty\/eleventy"/.test(zip.read(name).toString('utf8'))) continue;
      if (names.some((n) => n.startsWith(root) && MARKDOWN.test(n))) return { generator: 'eleventy', root };
    }
  }
  return undefined;
}

/** A configuration value by its name, whatever its case (Hugo's keys are case-insensitive). */
export function configValue(config: Record<string, unknown>, ...names: string[]): unknown {
  for (const name of names) {
    const key = Object.keys(config).find((k) => k.toLowerCase() === name.toLowerCase());
    if (key !== undefined) return config[key];
  }
  return undefined;
}

/** A person-readable name of each generator's site. */
export const GENERATOR_NAMES: Record<Generator, string> = {
  jekyll: 'Jekyll site (Markdown)',
  hugo: 'Hugo site (Markdown)',
  eleventy: 'Eleventy site (Markdown)',
};
