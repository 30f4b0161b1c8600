/** Small readings shared by the parsers: dates, URLs to paths, Blogger-style permalinks. */
import { decode } from 'html-entities';
import { htmlToText } from '../domain/text/plain-text.js';

/** Milliseconds of an ISO 8601 / RFC 822 date; undefined when absent or not a date. */
export function parseDate(value: string | number | null | undefined): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  const text = value.trim();
  if (/^\d{10,13}$/.test(text)) return Number(text.length === 10 ? `${text}000` : text);
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * The path (with query) of `url` relative to a site whose home is at `basePath` (`/blog/` for a site
 * in a folder): `https://example.com/blog/2019/05/hi/` → `/2019/05/hi/`. Undefined for a URL that
 * cannot be read.
 */
export function pathOf(url: string, basePath = '/'): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url.trim(), 'http://base.invalid');
  } catch {
    return undefined;
  }
  let path = parsed.pathname;
  const base = basePath.endsWith('/') ? basePath : `${basePath}/`;
  if (base !== '/' && (path + '/').startsWith(base)) path = path.slice(base.length - 1) || '/';
  return path + parsed.search;
}

/** The path part of a home URL, for `pathOf`: `https://example.com/blog` → `/blog/`. */
export function basePathOf(homeUrl: string | undefined): string {
  if (!homeUrl) return '/';
  try {
    const path = new URL(homeUrl.trim()).pathname;
    return path.endsWith('/') ? path : `${path}/`;
  } catch {
    return '/';
  }
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment).normalize('NFC');
  } catch {
    return segment;
  }
}

/** The Blogger permalink a path spells, if any: `/2014/02/slug.html` (a post) or `/p/slug.html` (a page). */
export function bloggerPermalink(path: string | undefined): { slug: string; year?: number; month?: number; path: string } | undefined {
  if (!path) return undefined;
  const bare = path.replace(/[?#].*$/, '');
  const post = /^\/(\d{4})\/(\d{2})\/([^/]+)\.html$/.exec(bare);
  if (post) {
    const month = Number(post[2]);
    if (month < 1 || month > 12) return undefined;
    return { year: Number(post[1]), month, slug: decodeSegment(post[3]!), path: bare };
  }
  const page = /^\/p\/([^/]+)\.html$/.exec(bare);
  return page ? { slug: decodeSegment(page[1]!), path: bare } : undefined;
}

/**
 * Text of a title: HTML (Atom `type="html"`) as text, or plain text with its HTML entities decoded
 * (Blogger keeps titles HTML-escaped even where it says `type="text"`).
 */
export function titleText(title: string, isHtml: boolean): string {
  return (isHtml ? htmlToText(title) : decodeEntities(title)).replace(/\s+/g, ' ').trim();
}

/**
 * Decodes, once, the HTML entities of a plain-text field an export writes HTML-escaped (WordPress's
 * titles, names and terms; Blogger's titles, labels and names): `&amp;lt;` → `&lt;`, never `<`. Only
 * entities with their semicolon count, so "&copy 2020" written by a person stays as written.
 */
export function decodeEntities(text: string): string {
  return decode(text, { scope: 'strict' });
}

/** The first `max` UTF-16 units of `text` (how Dastan's limits count), never half of a surrogate pair. */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  return text.slice(0, /[\uD800-\uDBFF]/.test(text[max - 1]!) ? max - 1 : max);
}

/** Escapes plain text as HTML (for Atom `type="text"` content). */
export function textToHtml(text: string): string {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return escaped
    .split(/\n{2,}/)
    .map((p) => `<p>${p.replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

/** True for an http(s) URL a comment may link to. */
export function isWebUrl(url: string | undefined): url is string {
  return !!url && /^https?:\/\/[^\s]+$/i.test(url.trim());
}
