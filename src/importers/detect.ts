/**
 * Which export a file is, from its content (never its name): the root element and namespaces of an XML
 * file, the shape of a JSON one. An XML file is recognised from its first 64 KB; a JSON file is parsed
 * whole here (the parsed document is handed to its parser, so it is read once).
 */
import { unpack, zipEntrySource } from './archive.js';
import { ImportRefusedError } from './import-errors.js';
import type { ImportSource, ReadProgress, SourceFormat, ZipArchive } from './import-model.js';
import { jsonErrorIndex } from './json-error.js';
import { readAllText, readText } from './source.js';
import { isMediumZip } from './medium.parser.js';
import { isSubstackZip } from './substack.parser.js';
import { isWriteFreely } from './writefreely.parser.js';
import { findMarkdownSite, GENERATOR_NAMES } from './markdown/site.js';

export interface DetectedFormat {
  format: SourceFormat;
  /** The parsed document, for JSON formats. */
  document?: unknown;
  /** What to read: the source itself, its content if it is gzipped, or the export inside a zip. */
  source: ImportSource;
  /** The files of a zip (or tar, or folder) that is the export itself (Medium, Substack, a Markdown site). */
  zip?: ZipArchive;
}

/** The largest JSON export read (it is parsed in memory). */
export const MAX_JSON_BYTES = 512 * 1024 * 1024;

const HEAD_CHARS = 64 * 1024;
const ATOM_NS = 'http://www.w3.org/2005/Atom';

/** A person-readable name of each format, for reports. */
export const FORMAT_NAMES: Record<SourceFormat, string> = {
  'blogger-atom': 'Blogger backup (Atom)',
  'blogger-2018': 'Blogger backup (2018 format)',
  'blogger-api': 'Blogger API posts (JSON)',
  wxr: 'WordPress export (WXR)',
  ghost: 'Ghost export (JSON)',
  'dastan-json': 'Dastan export (JSON)',
  writefreely: 'WriteFreely export (JSON)',
  medium: 'Medium export (zip of HTML)',
  substack: 'Substack export (zip: posts.csv and HTML)',
  ...GENERATOR_NAMES,
};

async function head(source: ImportSource): Promise<string> {
  let text = '';
  for await (const chunk of readText(source)) {
    text += chunk;
    if (text.length >= HEAD_CHARS) break;
  }
  return text.replace(/^\uFEFF/, '');
}

/** Line and column (1-based) of a character position. */
export function positionOf(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let at = text.indexOf('\n'); at >= 0 && at < index; at = text.indexOf('\n', at + 1)) {
    line++;
    lineStart = at + 1;
  }
  return { line, column: index - lineStart + 1 };
}

/** The root element's start tag, past the XML declaration, comments, processing instructions and DOCTYPE. */
function rootStartTag(text: string): { tag: string; index: number } | undefined {
  const prolog = /^(?:\s+|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>[]*(?:\[[\s\S]*?\])?\s*>)*/i.exec(text);
  const at = prolog ? prolog[0].length : 0;
  const m = /^<([A-Za-z_][\w.:-]*)((?:\s+[^\s=>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*\/?>/.exec(text.slice(at));
  return m ? { tag: m[0], index: at } : undefined;
}

function classifyJson(document: unknown): SourceFormat | undefined {
  if (Array.isArray(document)) {
    return document.length > 0 &&
      document.every((d) => typeof d === 'object' && d !== null && /^blogger#/.test(String((d as { kind?: unknown }).kind)))
      ? 'blogger-api'
      : undefined;
  }
  if (typeof document !== 'object' || document === null) return undefined;
  const doc = document as Record<string, any>;
  if (doc.dastan && typeof doc.dastan === 'object' && doc.dastan.format === 'dastan-export') return 'dastan-json';
  const ghostDb = Array.isArray(doc.db) ? doc.db[0] : doc;
  if (ghostDb && typeof ghostDb === 'object' && ghostDb.data && typeof ghostDb.data === 'object' && Array.isArray(ghostDb.data.posts)) {
    return 'ghost';
  }
  if (typeof doc.kind === 'string' && /^blogger#\w+List$/.test(doc.kind)) return 'blogger-api';
  if (isWriteFreely(doc)) return 'writefreely';
  return undefined;
}

/** The export inside a zip (Blogger Takeout, WordPress.com, Ghost hand theirs out zipped). */
async function detectInZip(zip: ZipArchive, source: ImportSource, onRead?: ReadProgress): Promise<DetectedFormat> {
  const name = source.name;
  // Exports that are zips of many files.
  if (isMediumZip(zip.names, (file) => zip.read(file))) return { format: 'medium', source, zip };
  if (isSubstackZip(zip.names, (file) => zip.read(file))) return { format: 'substack', source, zip };
  const site = findMarkdownSite(zip);
  if (site) return { format: site.generator, source, zip };
  const found: DetectedFormat[] = [];
  // A file the zip cannot unpack (damaged, or larger than an import takes) is the reason when no export is found.
  let unreadable: ImportRefusedError | undefined;
  for (const file of zip.names.filter((n) => /\.(xml|atom|json)$/i.test(n))) {
    let entry: ImportSource;
    try {
      entry = zipEntrySource(zip, file);
    } catch (error) {
      if (!(error instanceof ImportRefusedError)) throw error;
      unreadable ??= error;
      continue;
    }
    try {
      found.push(await detectText(entry, onRead));
    } catch (error) {
      if (!(error instanceof ImportRefusedError)) throw error;
    }
  }
  if (found.length === 0 && unreadable) throw unreadable;
  if (found.length === 1) return found[0]!;
  if (found.length > 1) {
    throw new ImportRefusedError(
      `the zip file holds ${found.length} exports (${found.map((f) => f.source.name).join(', ')}): unzip it and import them one at a time`,
    );
  }
  const listed = zip.names.slice(0, 5).join(', ') + (zip.names.length > 5 ? ', …' : '');
  throw new ImportRefusedError(
    `the zip file holds no export Dastan reads (${zip.names.length} file${zip.names.length === 1 ? '' : 's'}${listed ? `: ${listed}` : ''}) — ${name}`,
  );
}

/** Recognises the export in `source`; refuses, naming what it saw, when it is none Dastan reads. */
export async function detectFormat(source: ImportSource, onRead?: ReadProgress): Promise<DetectedFormat> {
  if (source.folder) {
    const site = findMarkdownSite(source.folder);
    if (site) return { format: site.generator, source, zip: source.folder };
    throw new ImportRefusedError(
      `the folder is not a Jekyll, Hugo or Eleventy site (no _config.yml, hugo.toml or .eleventy.js beside Markdown files) — ${source.name}`,
    );
  }
  const unpacked = await unpack(source);
  if (unpacked.zip) return detectInZip(unpacked.zip, unpacked.source, onRead);
  return detectText(unpacked.source, onRead);
}

/** Recognises a text export (XML or JSON). */
async function detectText(source: ImportSource, onRead?: ReadProgress): Promise<DetectedFormat> {
  const text = await head(source);
  const start = text.search(/\S/);
  if (start < 0) throw new ImportRefusedError('the file is empty');
  const first = text[start];

  if (first === '{' || first === '[') {
    const whole = await readAllText(source, MAX_JSON_BYTES, onRead);
    let document: unknown;
    try {
      document = JSON.parse(whole);
    } catch (error) {
      const where = positionOf(whole, jsonErrorIndex(whole));
      const reason = (error as Error).message.replace(/,? (?:\.\.\.)?".*$/s, '').replace(/ in JSON at position \d+.*$/s, '');
      throw new ImportRefusedError(`${reason} — the file is not valid JSON`, where.line, where.column);
    }
    const format = classifyJson(document);
    if (!format) throw new ImportRefusedError('the file is JSON, but not a Ghost export, a Blogger API post list or a Dastan export', 1);
    return { format, document, source };
  }

  if (first === '<') {
    const root = rootStartTag(text);
    if (!root) {
      const where = positionOf(text, start);
      throw new ImportRefusedError('the file starts like XML, but no root element could be read', where.line, where.column);
    }
    const name = /^<([^\s/>]+)/.exec(root.tag)![1]!;
    const local = name.includes(':') ? name.slice(name.indexOf(':') + 1) : name;
    const line = positionOf(text, root.index).line;
    if (local === 'feed') {
      if (!root.tag.includes(ATOM_NS)) throw new ImportRefusedError('the file is a <feed>, but not an Atom feed', line);
      if (text.includes('http://schemas.google.com/blogger/2018')) return { format: 'blogger-2018', source };
      if (/tag:blogger\.com,1999:blog-|schemas\.google\.com\/blogger\/2008\/kind#/.test(text)) return { format: 'blogger-atom', source };
      throw new ImportRefusedError('the file is an Atom feed, but not a Blogger backup', line);
    }
    if (local === 'rss') {
      if (/wordpress\.org\/export\/\d/.test(text)) return { format: 'wxr', source };
      throw new ImportRefusedError('the file is an RSS feed, but not a WordPress export (WXR)', line);
    }
    throw new ImportRefusedError(
      `the file is XML with the root element <${name}>, not a Blogger backup (<feed>) or a WordPress export (<rss>)`,
      line,
    );
  }

  const where = positionOf(text, start);
  throw new ImportRefusedError(
    `the file is not a Blogger, WordPress or Ghost export: it starts with "${text.slice(start, start + 20).replace(/\s+/g, ' ')}"`,
    where.line,
    where.column,
  );
}
