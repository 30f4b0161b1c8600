/**
 * What each generator makes of a file: whether it is a post, a page or no content at all, its slug,
 * date, labels, draft state and old address — Jekyll, Hugo and Eleventy each by their own rules (see
 * addresses.ts for the addresses).
 */
import path from 'node:path';
import type { ZipArchive } from '../import-model.js';
import {
  eleventyAddress,
  eleventyPermalink,
  hugoAddress,
  jekyllPageAddress,
  jekyllPostAddress,
  urlize,
  type AddressInput,
} from './addresses.js';
import { isFalse, isTrue, listOf, siteDate, textOf, type FrontMatter } from './front-matter.js';
import { configValue, type MarkdownSite } from './site.js';

/** A content file as the generator sees it, before its front matter is read. */
export interface Candidate {
  file: string;
  /** Its path under the content folder. */
  rel: string;
  kind: 'post' | 'page';
  fileSlug: string;
  /** The date of its name (`2023-01-05-…`), in the site's time zone. */
  nameDate?: number;
  draftFolder?: boolean;
  /** Labels it takes from where it is (Jekyll's category folders, Eleventy's folder data). */
  folderLabels: string[];
}

/** What the front matter adds. */
export interface Reading {
  title: string;
  date?: number;
  draft: boolean;
  labels: string[];
  slug?: string;
  oldPath?: string;
  /** Old addresses of the taxonomies' pages: label → paths. */
  labelPaths: [string, string][];
  /** What a relative alias is resolved against (Hugo: the page's own address, so `old.html` beside it). */
  aliasBase?: string;
}

export interface GeneratorRules {
  /** Folders (in the archive) root-relative addresses are looked up in. */
  roots: string[];
  base: string;
  timeZone: string;
  /** The content file `name` is, or a reason it is no content of the site (undefined: not content, silently). */
  candidate(name: string): Candidate | { skip: string } | undefined;
  read(c: Candidate, data: FrontMatter, title: string): Reading;
}

const MARKDOWN = /\.(md|markdown)$/i;
const DATED = /^(\d{4})-(\d{2})-(\d{2})-(.+)$/;
const COLLECTION_TAGS = new Set(['post', 'posts', 'all', 'nav', 'page', 'pages']);

const stemOf = (name: string) => path.posix.basename(name).replace(/\.(md|markdown|html)$/i, '');
const dedupe = (list: string[]) => [...new Set(list.map((l) => l.trim()).filter(Boolean))];

function baseOf(url: unknown, basePath?: unknown): string {
  const home = `${textOf(url) ?? ''}${textOf(basePath) ?? ''}`.trim();
  try {
    const parsed = new URL(home);
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return parsed.href.endsWith('/') ? parsed.href : `${parsed.href}/`;
  } catch {
    // no address of the old site: images get a stand-in one until they are copied
  }
  return 'https://old-site.invalid/';
}

function nameDate(stem: string, timeZone: string): number | undefined {
  const m = DATED.exec(stem);
  return m ? siteDate(`${m[1]}-${m[2]}-${m[3]}`, timeZone) : undefined;
}

function jekyll(site: MarkdownSite, config: FrontMatter): GeneratorRules {
  const { root } = site;
  const timeZone = textOf(config.timezone) ?? 'UTC';
  const pattern = textOf(config.permalink);
  const excluded = listOf(config.exclude).map((e) => e.replace(/^\/|\/$/g, ''));
  const input = (c: Candidate, data: FrontMatter, title: string, date?: number): AddressInput => ({
    path: c.rel,
    fileSlug: c.fileSlug,
    title,
    slug: textOf(data.slug),
    date,
    categories: dedupe([...c.folderLabels, ...listOf(data.categories, true), ...listOf(data.category)]),
    timeZone,
  });
  return {
    roots: [root],
    base: baseOf(config.url, config.baseurl),
    timeZone,
    candidate(name) {
      const rel = name.slice(root.length);
      const parts = rel.split('/');
      const posts = parts.indexOf('_posts');
      const drafts = parts.indexOf('_drafts');
      if (excluded.some((e) => rel === e || rel.startsWith(`${e}/`))) return undefined;
      const at = posts >= 0 ? posts : drafts;
      if (parts.slice(0, at < 0 ? -1 : at).some((p) => p.startsWith('_') || p.startsWith('.') || p === 'vendor')) return undefined;
      const stem = stemOf(rel);
      if (at >= 0) {
        if (!/\.(md|markdown|html)$/i.test(rel)) return undefined;
        const dated = DATED.exec(stem);
        if (posts >= 0 && !dated) return { skip: 'a file in _posts/ whose name is not YYYY-MM-DD-title.md (Jekyll does not publish it)' };
        return {
          file: name,
          rel,
          kind: 'post',
          fileSlug: dated ? dated[4]! : stem,
          nameDate: nameDate(stem, timeZone),
          draftFolder: drafts >= 0,
          folderLabels: parts.slice(0, at),
        };
      }
      if (!MARKDOWN.test(rel)) return undefined;
      if (/^(index|404)$/i.test(stem) && parts.length === 1) return { skip: "the site's home or error page (Dastan makes its own)" };
      return { file: name, rel, kind: 'page', fileSlug: stem, folderLabels: [] };
    },
    read(c, data, title) {
      const date = siteDate(data.date, timeZone) ?? c.nameDate;
      const address = input(c, data, title, date);
      const own = textOf(data.permalink);
      const labels = dedupe([...address.categories, ...listOf(data.tags, true), ...listOf(data.tag)]);
      return {
        title,
        date,
        draft: c.draftFolder === true || isFalse(data.published),
        labels,
        slug: address.slug ?? c.fileSlug,
        oldPath:
          c.kind === 'page'
            ? (own ?? jekyllPageAddress(c.rel, pattern))
            : date === undefined
              ? undefined
              : jekyllPostAddress(address, own ?? pattern),
        labelPaths: [],
      };
    },
  };
}

function hugo(site: MarkdownSite, config: FrontMatter): GeneratorRules {
  const { root } = site;
  const timeZone = textOf(configValue(config, 'timeZone')) ?? 'UTC';
  const content = `${root}${(textOf(configValue(config, 'contentDir')) ?? 'content').replace(/^\.\/|\/$/g, '')}/`;
  const permalinks = (configValue(config, 'permalinks') ?? {}) as Record<string, unknown>;
  const pagePermalinks = (configValue(permalinks, 'page') ?? permalinks) as Record<string, unknown>;
  const params = (configValue(config, 'params') ?? {}) as Record<string, unknown>;
  const mainSections = listOf(configValue(params, 'mainSections') ?? configValue(config, 'mainSections'));
  const ugly = isTrue(configValue(config, 'uglyURLs'));
  const keepCase = isTrue(configValue(config, 'disablePathToLower'));
  return {
    roots: [`${root}static/`, content, root],
    base: baseOf(configValue(config, 'baseURL')),
    timeZone,
    candidate(name) {
      if (!name.startsWith(content) || !MARKDOWN.test(name)) return undefined;
      const rel = name.slice(content.length);
      const parts = rel.split('/');
      const stem = stemOf(rel);
      if (stem === '_index') return { skip: "a section's list page (_index.md), which Dastan makes itself" };
      const bundle = stem === 'index';
      const section = parts.length > (bundle ? 2 : 1) ? parts[0]! : undefined;
      const isPost = section !== undefined && (mainSections.length === 0 || mainSections.includes(section));
      return { file: name, rel, kind: isPost ? 'post' : 'page', fileSlug: bundle ? parts.at(-2)! : stem, folderLabels: [] };
    },
    read(c, data, title) {
      const date = siteDate(data.date ?? data.publishDate ?? data.pubdate ?? data.published, timeZone);
      const slug = textOf(data.slug);
      const section = c.rel.split('/')[0]!;
      const pattern = textOf(configValue(pagePermalinks, section));
      const tags = listOf(data.tags);
      const categories = listOf(data.categories);
      const address = { path: c.rel, fileSlug: c.fileSlug, title, slug, date, categories, timeZone };
      const oldPath = textOf(data.url) ?? hugoAddress(address, c.kind === 'post' ? pattern : undefined, ugly, keepCase);
      return {
        title,
        date,
        draft: isTrue(data.draft),
        labels: dedupe([...categories, ...tags]),
        slug: slug ?? c.fileSlug,
        oldPath,
        aliasBase: oldPath.replace(/\/$/, ''),
        labelPaths: [
          ...tags.map((t): [string, string] => [t, `/tags/${urlize(t)}/`]),
          ...categories.map((t): [string, string] => [t, `/categories/${urlize(t)}/`]),
        ],
      };
    },
  };
}

/** Eleventy's folder data files (`posts/posts.json`, `posts/posts.11tydata.json`, or the `tags` a `.11tydata.js` names). */
function folderTags(zip: ZipArchive, dir: string): string[] {
  const name = path.posix.basename(dir);
  const tags: string[] = [];
  for (const file of [`${dir}/${name}.json`, `${dir}/${name}.11tydata.json`, `${dir}/${name}.11tydata.js`, `${dir}/${name}.11tydata.cjs`]) {
    if (!zip.names.includes(file)) continue;
    const text = zip.read(file).toString('utf8');
    try {
      if (file.endsWith('.json')) tags.push(...listOf((JSON.parse(text) as FrontMatter).tags));
      else tags.push(...(/\btags\s*:\s*\[?([^\]\n]*)/.exec(text)?.[1]?.match(/["'`]([^"'`]+)["'`]/g) ?? []).map((t) => t.slice(1, -1)));
    } catch {
      // a data file that cannot be read adds nothing
    }
  }
  return tags;
}

function eleventy(site: MarkdownSite, config: FrontMatter, zip: ZipArchive): GeneratorRules {
  const { root } = site;
  const inputDir = path.posix.normalize(textOf((config.dir as FrontMatter | undefined)?.input) ?? '.').replace(/^\.\/?|\/$/g, '');
  const input = inputDir ? `${root}${inputDir}/` : root;
  const ignore = zip.names.includes(`${root}.eleventyignore`)
    ? zip
        .read(`${root}.eleventyignore`)
        .toString('utf8')
        .split('\n')
        .map((l) =>
          l
            .trim()
            .replace(/^\.\//, '')
            .replace(/\/?\*\*?$|\/$/g, ''),
        )
        .filter((l) => l && !l.startsWith('#'))
    : [];
  const tagsByFolder = new Map<string, string[]>();
  const folderTagsOf = (rel: string) => {
    const all: string[] = [];
    const parts = rel.split('/').slice(0, -1);
    for (let i = 1; i <= parts.length; i++) {
      const dir = input + parts.slice(0, i).join('/');
      if (!tagsByFolder.has(dir)) tagsByFolder.set(dir, folderTags(zip, dir));
      all.push(...tagsByFolder.get(dir)!);
    }
    return all;
  };
  let siteUrl: unknown;
  for (const file of ['metadata', 'site'].flatMap((data) => [`${input}_data/${data}.json`, `${root}_data/${data}.json`])) {
    try {
      if (!siteUrl && zip.names.includes(file)) siteUrl = (JSON.parse(zip.read(file).toString('utf8')) as FrontMatter).url;
    } catch {
      // a data file that cannot be read names no address
    }
  }
  return {
    roots: [input, root],
    base: baseOf(siteUrl),
    timeZone: 'UTC',
    candidate(name) {
      if (!name.startsWith(input) || !MARKDOWN.test(name)) return undefined;
      const rel = name.slice(input.length);
      const local = name.slice(root.length);
      if (ignore.some((i) => local === i || local.startsWith(`${i}/`))) return undefined;
      const parts = rel.split('/');
      if (parts.slice(0, -1).some((p) => p.startsWith('_') || p.startsWith('.'))) return undefined;
      const stem = stemOf(rel);
      const folderLabels = folderTagsOf(rel);
      const isPost = folderLabels.some((t) => /^posts?$/.test(t)) || parts.slice(0, -1).some((p) => /^(posts|blog)$/i.test(p));
      const fileSlug = stem === 'index' && parts.length > 1 ? parts.at(-2)! : (DATED.exec(stem)?.[4] ?? stem);
      return { file: name, rel, kind: isPost ? 'post' : 'page', fileSlug, nameDate: nameDate(stem, 'UTC'), folderLabels };
    },
    read(c, data, title) {
      const date = siteDate(data.date, 'UTC') ?? c.nameDate;
      const tags = dedupe([...c.folderLabels, ...listOf(data.tags)]);
      const kind = tags.some((t) => /^posts?$/.test(t)) ? 'post' : c.kind;
      c.kind = kind;
      const slug = textOf(data.slug);
      const permalink = data.permalink;
      const own =
        typeof permalink === 'string'
          ? eleventyPermalink(permalink, { path: c.rel, fileSlug: c.fileSlug, title, slug, date, categories: [], timeZone: 'UTC' })
          : undefined;
      return {
        title,
        date,
        draft: isTrue(data.draft) || permalink === false,
        labels: tags.filter((t) => !COLLECTION_TAGS.has(t.toLowerCase())),
        slug: slug ?? c.fileSlug,
        oldPath: permalink === false ? undefined : (own ?? eleventyAddress(c.rel)),
        labelPaths: [],
      };
    },
  };
}

/** The rules of the site's generator, with its configuration (site-config.ts). */
export function rulesFor(site: MarkdownSite, config: FrontMatter, zip: ZipArchive): GeneratorRules {
  if (site.generator === 'jekyll') return jekyll(site, config);
  if (site.generator === 'hugo') return hugo(site, config);
  return eleventy(site, config, zip);
}
