/**
 * A Markdown site — Jekyll, Hugo or Eleventy — as an export: a folder, or a zip or tar of one. Each
 * content file with front matter becomes a post or a page (by the generator's rules: generators.ts),
 * its Markdown rendered and sanitized as the editor's is; its title, date, draft state, tags and
 * categories (as labels), slug, description and cover image come across; its old address and its
 * `aliases` (Hugo) or `redirect_from` (Jekyll) answer 301; Hugo's tag and category pages lead to the
 * labels. The images the posts show that the site carries are copied into the blog's uploads.
 *
 * A file that cannot be read — no front matter, broken YAML or TOML, a path or link that leads outside
 * the folder — is left out and named in the report; the rest of the site is imported.
 */
import { slugify, isValidSlug } from '../../domain/text/slug.js';
import { msToZonedInput } from '../../domain/text/zoned-time.js';
import { pathOf } from '../common.js';
import { ImportRefusedError } from '../import-errors.js';
import type { ImportedPost, ImportItem, OldAddress, ParserInput, ZipArchive } from '../import-model.js';
import { rewriteImageLinks, writeOutTemplates, type BodyContext } from './bodies.js';
import { listOf, splitFrontMatter, textOf, type FrontMatter } from './front-matter.js';
import { rulesFor, type Candidate, type GeneratorRules, type Reading } from './generators.js';
import { findMarkdownSite, type MarkdownSite } from './site.js';
import { readSiteConfig } from './site-config.js';

interface Doc {
  candidate: Candidate;
  data: FrontMatter;
  body: string;
  reading: Reading;
}

const leavesFolder = (name: string) => name.startsWith('/') || /^[A-Za-z]:/.test(name) || name.split(/[/\\]/).includes('..');

/** The title of a file without one: its first heading, else its name. */
function titleOf(data: FrontMatter, body: string, fileSlug: string): string {
  return textOf(data.title) ?? /^#{1,2}\s+(.+?)\s*#*\s*$/m.exec(body)?.[1] ?? fileSlug.replace(/[-_]+/g, ' ');
}

/** The cover image a front matter names (jekyll-seo-tag's `image`, Hugo's `images` and themes' `cover`). */
function coverOf(data: FrontMatter): { src: string; alt: string } | undefined {
  for (const key of ['cover', 'image', 'images', 'featured_image', 'featuredImage', 'header']) {
    const value = data[key];
    const first = Array.isArray(value) ? value[0] : value;
    const src =
      textOf(first) ??
      (first && typeof first === 'object'
        ? textOf((first as FrontMatter).image ?? (first as FrontMatter).path ?? (first as FrontMatter).src)
        : undefined);
    if (src) return { src, alt: (first && typeof first === 'object' ? textOf((first as FrontMatter).alt) : undefined) ?? '' };
  }
  return undefined;
}

/** Reads every content file's front matter: the documents, and the items for files left out. */
function readDocs(zip: ZipArchive, rules: GeneratorRules): { docs: Doc[]; left: ImportItem[] } {
  const docs: Doc[] = [];
  const left: ImportItem[] = [];
  for (const problem of zip.problems ?? []) left.push({ type: 'skip', reason: problem.reason, entry: problem.name });
  for (const name of zip.names) {
    if (leavesFolder(name)) {
      left.push({ type: 'skip', reason: 'a file whose path leads outside the folder (not read)', entry: name });
      continue;
    }
    const candidate = rules.candidate(name);
    if (!candidate) continue;
    if ('skip' in candidate) {
      left.push({ type: 'skip', reason: candidate.skip, entry: name });
      continue;
    }
    let split;
    try {
      split = splitFrontMatter(zip.read(name).toString('utf8'));
    } catch (error) {
      if (!(error instanceof ImportRefusedError)) throw error;
      left.push({ type: 'skip', reason: 'a file that cannot be read', entry: `${name}: ${error.reason}` });
      continue;
    }
    if (!split) {
      left.push({
        type: 'skip',
        reason: 'a Markdown file without front matter (--- lines at its top), which the site does not publish as a post',
        entry: name,
      });
      continue;
    }
    if (!split.ok) {
      left.push({
        type: 'skip',
        reason: 'a file whose front matter cannot be read',
        entry: `${name}${split.line ? ` (line ${split.line})` : ''}: ${split.reason}`,
      });
      continue;
    }
    const title = titleOf(split.data, split.body, candidate.fileSlug);
    docs.push({ candidate, data: split.data, body: split.body, reading: rules.read(candidate, split.data, title) });
  }
  return { docs, left };
}

/** The old address of an alias (Hugo's may be relative to the page's folder). */
function aliasPath(alias: string, relativeTo: string, base: string): string | undefined {
  if (/^https?:\/\//i.test(alias)) return pathOf(alias, new URL(base).pathname);
  return alias.startsWith('/') ? alias : new URL(alias, `http://x${relativeTo}`).pathname;
}

type Context = BodyContext & { read(name: string): Buffer };

function postOf(site: MarkdownSite, rules: GeneratorRules, doc: Doc, ctx: Context): { post: ImportedPost; items: ImportItem[] } {
  const { candidate: c, data, reading: r } = doc;
  const items: ImportItem[] = [];
  const templates = writeOutTemplates(doc.body, ctx);
  if (templates.leftTags > 0) {
    items.push({ type: 'warning', message: 'Liquid tags and Hugo shortcodes Dastan does not run were kept as text (edit those posts)' });
  }
  const linked = rewriteImageLinks(templates.body, ctx);
  for (const outside of linked.outside) {
    items.push({
      type: 'warning',
      message: `an image link in ${c.file} leads outside the site's folder and was left as it is: ${outside}`,
    });
  }
  const cover = coverOf(data);
  let coverUrl: string | undefined;
  if (cover) {
    const found = rewriteImageLinks(`![](${cover.src})`, ctx);
    linked.images.push(...found.images);
    const src = /\]\(([^)]*)\)/.exec(found.body)?.[1] ?? cover.src;
    coverUrl = /^https?:\/\//i.test(src) ? src : undefined;
  }
  for (const image of linked.images) {
    items.push({
      type: 'media',
      sourceId: `${site.generator}:${image.file}`,
      url: image.url,
      title: image.file.split('/').at(-1)!,
      read: () => ctx.read(image.file),
    });
  }
  const status = r.draft ? 'draft' : r.date !== undefined && r.date > Date.now() ? 'scheduled' : 'live';
  const oldAddresses: OldAddress[] = [];
  if (r.oldPath) oldAddresses.push({ from: r.oldPath });
  for (const alias of [...listOf(data.aliases), ...listOf(data.redirect_from)]) {
    const from = aliasPath(alias, r.aliasBase ?? '/', rules.base);
    if (from) oldAddresses.push({ from });
  }
  // A page keeps the last part of its old address (`/about-me/` → about-me).
  const pageSlug =
    c.kind === 'page' && !textOf(data.slug)
      ? r.oldPath
          ?.split('/')
          .filter(Boolean)
          .at(-1)
          ?.replace(/\.html$/, '')
      : undefined;
  let slug = pageSlug ?? r.slug ?? c.fileSlug;
  if (!isValidSlug(slug)) slug = slugify(slug) || slugify(r.title);
  const [year, month] = r.date === undefined ? [] : msToZonedInput(r.date, rules.timeZone).split('-').map(Number);
  const html = /\.html$/i.test(c.file);
  const post: ImportedPost = {
    type: 'post',
    sourceId: `${site.generator}:${c.rel}`,
    kind: c.kind,
    status,
    title: r.title,
    body: linked.body,
    format: html ? 'html' : 'markdown',
    publishedAt: r.date,
    updatedAt: undefined,
    labels: r.labels,
    permalink: slug ? (c.kind === 'post' ? { slug, year, month } : { slug }) : undefined,
    author: textOf(data.author) ? { name: textOf(data.author)! } : undefined,
    searchDescription: textOf(data.description) ?? textOf(data.summary) ?? textOf(data.excerpt),
    cover: coverUrl ? { url: coverUrl, alt: cover?.alt ?? '' } : undefined,
    oldAddresses,
  };
  return { post, items };
}

/** Parses a Markdown site (a folder, zip or tar). */
export async function* parseMarkdownSite({ zip }: ParserInput): AsyncGenerator<ImportItem> {
  if (!zip) throw new ImportRefusedError('a Markdown site is a folder, or a zip or tar file of one');
  const site = findMarkdownSite(zip);
  if (!site)
    throw new ImportRefusedError(
      'no Jekyll, Hugo or Eleventy site was found (no _config.yml, hugo.toml or .eleventy.js beside Markdown files)',
    );
  const rules = rulesFor(site, readSiteConfig(zip, site), zip);
  const { docs, left } = readDocs(zip, rules);
  yield* left;
  if (docs.length === 0) throw new ImportRefusedError(`the ${site.generator} site has no posts or pages with front matter`);

  // `post_url`, `link`, `ref` and `relref` name other files: by their path, their name, or their name without extension.
  const byReference = new Map<string, string>();
  for (const doc of docs) {
    const path = doc.reading.oldPath;
    if (!path || doc.reading.draft) continue;
    const rel = doc.candidate.rel;
    const stem = rel.replace(/\.(md|markdown|html)$/i, '');
    const base = rel.split('/').at(-1)!;
    const keys = [rel, stem, doc.candidate.file.slice(site.root.length), doc.candidate.fileSlug, stem.replace(/\/index$/, '')];
    if (!/^index\./.test(base)) keys.push(base, base.replace(/\.(md|markdown|html)$/i, ''));
    for (const key of keys) byReference.set(key, path);
  }
  const seenMedia = new Set<string>();
  const labelPaths = new Map<string, string>();
  for (const doc of docs) {
    const oldPath = doc.reading.oldPath ?? '/';
    const ctx: Context = {
      file: doc.candidate.file,
      root: site.root,
      roots: rules.roots,
      base: rules.base,
      pageUrl: rules.base + oldPath.replace(/^\//, ''),
      exists: (name) => zipHas(zip, name),
      // The old address: it leads to the post once imported.
      addressOf: (reference) => byReference.get(reference.replace(/^\//, '')),
      read: (name) => zip.read(name),
    };
    const { post, items } = postOf(site, rules, doc, ctx);
    for (const item of items) {
      if (item.type === 'media') {
        if (seenMedia.has(item.url)) continue;
        seenMedia.add(item.url);
      }
      yield item;
    }
    yield post;
    if (!doc.reading.draft) for (const [label, path] of doc.reading.labelPaths) if (!labelPaths.has(path)) labelPaths.set(path, label);
  }
  for (const [from, label] of labelPaths) yield { type: 'redirect', from, to: { label } };
}

const nameSets = new WeakMap<ZipArchive, Set<string>>();
function zipHas(zip: ZipArchive, name: string): boolean {
  let names = nameSets.get(zip);
  if (!names) nameSets.set(zip, (names = new Set(zip.names)));
  return names.has(name);
}
