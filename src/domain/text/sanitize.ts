/**
 * The allow-list sanitizer: the only code that marks HTML as safe to output unescaped.
 * Post bodies may carry formatting, links, images and tables; never script, event handlers,
 * `javascript:` or `data:` URLs, styles or forms.
 */
import { createRequire } from 'node:module';
import { encode } from 'html-entities';
import type sanitizeHtml from 'sanitize-html';
import { HIGHLIGHT_END, HIGHLIGHT_START } from '../../storage/dialects/dialect.js';

/** NUL is never text (HTML parsers drop it) and PostgreSQL refuses it in text columns. */
function withoutNul(text: string): string {
  return text.replace(/\u0000/g, '');
}

/** HTML that has been through the sanitizer. Templates output it as it is; everything else is escaped. */
export class SafeHtml {
  /** Only the functions in this module create SafeHtml. */
  private constructor(readonly html: string) {}

  /** @internal */
  static fromSanitized(html: string): SafeHtml {
    return new SafeHtml(html);
  }

  toString(): string {
    return this.html;
  }
}

const UPLOAD_WIDTHS = [480, 960, 1600];
const UPLOADED = /^\/uploads\/(\d{1,19})\/(\d{1,19})\/(\d{1,5})\.(jpg|png)$/;

/** Trims a URL of every kind of Unicode space and invisible character, not only the ASCII ones. */
function trimmedUrl(value: string): string {
  return value.replace(/^[\s\p{Cc}\p{Cf}\p{Z}]+|[\s\p{Cc}\p{Cf}\p{Z}]+$/gu, '');
}

/**
 * An image uploaded here (`/uploads/BLOG/IMAGE/WIDTH.jpg`) gets a `srcset` of its WebP copies (made at
 * 480, 960 and 1600 pixels below its largest width, see image.service) and lazy loading.
 */
function withUploadSrcset(attribs: sanitizeHtml.Attributes): sanitizeHtml.Attributes {
  const m = UPLOADED.exec(attribs.src ?? '');
  if (!m) return attribs;
  const [, blog, image, largest] = m;
  const widths = [...UPLOAD_WIDTHS.filter((w) => w < Number(largest)), Number(largest)];
  return {
    ...attribs,
    srcset: widths.map((w) => `/uploads/${blog}/${image}/${w}.webp ${w}w`).join(', '),
    sizes: '(max-width: 50rem) 100vw, 50rem',
    loading: 'lazy',
  };
}

// Everything a browser, old or new, might skip or strip before reading a URL's scheme.
const URL_NOISE = /[\u0000-\u0020\u007F-\u00A0\u1680\u180E\u2000-\u200F\u2028\u2029\u202F\u205F\u3000\uFEFF]/g;

/** True when `url` is relative or uses one of `schemes`, read the way the most lenient browser would. */
export function isAllowedUrl(url: string, schemes: readonly string[]): boolean {
  const cleaned = url.replace(URL_NOISE, '');
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(cleaned)?.[1];
  // Attribute values reach here with entities already decoded, so `javascript&colon;` is seen as `javascript:`.
  return scheme === undefined || schemes.includes(scheme.toLowerCase());
}

/** Drops URL attributes whose scheme is not allowed (sanitize-html's own check misses some spellings). */
function dropUnsafeUrls(attribs: sanitizeHtml.Attributes, schemes: readonly string[]): sanitizeHtml.Attributes {
  const safe: sanitizeHtml.Attributes = {};
  for (const [name, raw] of Object.entries(attribs)) {
    const value = name === 'href' || name === 'src' ? trimmedUrl(raw) : raw;
    if (name === 'href' || name === 'src') {
      if (!isAllowedUrl(value, schemes)) continue;
    } else if (name === 'srcset') {
      if (!value.split(',').every((candidate) => isAllowedUrl(candidate.trim().split(/\s+/)[0] ?? '', schemes))) continue;
    }
    safe[name] = value;
  }
  return safe;
}

/**
 * Blogger's jump break (`<a name="more"></a>`) is the one anchor a body may name; it is kept as
 * `id="more"` (valid HTML). Any other id or name could clash with the page's own (`main`, `comments`).
 */
function jumpBreakOnly(attribs: sanitizeHtml.Attributes): sanitizeHtml.Attributes {
  const { name, id, ...rest } = attribs;
  return name === 'more' || id === 'more' ? { ...rest, id: 'more' } : rest;
}

const WEB_SCHEMES = ['http', 'https', 'mailto'];
const IMAGE_SCHEMES = ['http', 'https'];

const POST_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'hr',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'blockquote',
    'pre',
    'code',
    'kbd',
    'samp',
    'var',
    'b',
    'strong',
    'i',
    'em',
    'u',
    's',
    'strike',
    'del',
    'ins',
    'mark',
    'small',
    'sub',
    'sup',
    'abbr',
    'cite',
    'q',
    'ul',
    'ol',
    'li',
    'dl',
    'dt',
    'dd',
    'a',
    'img',
    'figure',
    'figcaption',
    'picture',
    'source',
    'table',
    'thead',
    'tbody',
    'tfoot',
    'tr',
    'th',
    'td',
    'caption',
    'colgroup',
    'col',
    'span',
    'div',
    'time',
    'details',
    'summary',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'id', 'rel'],
    img: ['src', 'srcset', 'sizes', 'alt', 'title', 'width', 'height', 'loading'],
    source: ['srcset', 'type', 'media', 'sizes'],
    td: ['colspan', 'rowspan'],
    th: ['colspan', 'rowspan', 'scope'],
    ol: ['start', 'reversed', 'type'],
    time: ['datetime'],
    abbr: ['title'],
    '*': ['dir', 'lang'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: true,
  disallowedTagsMode: 'discard',
  transformTags: {
    // A post's own heading is the page's one <h1>: headings inside the body start at <h2>.
    h1: 'h2',
    a: (tagName, attribs) => ({ tagName, attribs: jumpBreakOnly(dropUnsafeUrls(attribs, WEB_SCHEMES)) }),
    img: (tagName, attribs) => ({ tagName, attribs: withUploadSrcset(dropUnsafeUrls(attribs, IMAGE_SCHEMES)) }),
    source: (tagName, attribs) => ({ tagName, attribs: dropUnsafeUrls(attribs, IMAGE_SCHEMES) }),
  },
  nonTextTags: ['style', 'script', 'textarea', 'option', 'noscript', 'title', 'iframe', 'object', 'embed', 'template'],
};

/**
 * sanitize-html, loaded on first use: it brings PostCSS and some 80 modules that a server only reading
 * posts (most requests) never needs, and that slowed every start.
 */
let sanitizer: typeof sanitizeHtml | undefined;
function sanitize(html: string, options: sanitizeHtml.IOptions): string {
  sanitizer ??= createRequire(import.meta.url)('sanitize-html') as typeof sanitizeHtml;
  return sanitizer(html, options);
}

/** Sanitizes a post's or page's body with the post allow-list. */
export function sanitizePostHtml(html: string): SafeHtml {
  return SafeHtml.fromSanitized(sanitize(withoutNul(html), POST_OPTIONS));
}

const COMMENT_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'b', 'strong', 'i', 'em', 'a', 'blockquote', 'code'],
  allowedAttributes: { a: ['href', 'rel'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  disallowedTagsMode: 'discard',
  nonTextTags: ['style', 'script', 'textarea', 'option', 'noscript', 'title', 'iframe', 'object', 'embed', 'template'],
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { ...dropUnsafeUrls(attribs, WEB_SCHEMES), rel: 'nofollow ugc noopener' } }),
  },
};

/** Sanitizes a comment's body with the strict comment allow-list. */
export function sanitizeCommentHtml(html: string): SafeHtml {
  return SafeHtml.fromSanitized(sanitize(withoutNul(html), COMMENT_OPTIONS));
}

/**
 * Marks HTML read back from the database as safe. Everything stored in a body column went through one of
 * the sanitizers above on its way in (see post.service and comment.service), so it is re-marked, not re-run.
 */
export function storedHtml(html: string): SafeHtml {
  return SafeHtml.fromSanitized(html);
}

/**
 * Output of the theme engine, which escapes every value it prints unless it is already SafeHtml; so a
 * rendered partial (the sidebar, rendered once per blog state) may be placed into another page as it is.
 */
export function renderedTemplate(html: string): SafeHtml {
  return SafeHtml.fromSanitized(html);
}

/**
 * JSON for inside a `<script type="application/ld+json">` element: `<`, `>`, `&` and the line
 * separators are written as \u escapes, so no value can close the element or start markup.
 */
export function jsonForScript(value: unknown): SafeHtml {
  const json = JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return SafeHtml.fromSanitized(json);
}

/** A post body's part before the jump break (`<a id="more"></a>`), re-sanitized so every tag closes. */
export function beforeJumpBreak(html: string): SafeHtml | undefined {
  const at = html.search(/<a id="more"><\/a>/);
  return at < 0 ? undefined : sanitizePostHtml(html.slice(0, at));
}

/** Escapes a search excerpt (plain text) and turns the search's highlight marks into <mark>. */
export function highlightExcerpt(excerpt: string): SafeHtml {
  const escaped = encode(excerpt.replace(/[\u0000\u0001\u0004-\u001F]/g, ''));
  const html = escaped
    .replace(new RegExp(`${HIGHLIGHT_START}([^${HIGHLIGHT_START}${HIGHLIGHT_END}]*)${HIGHLIGHT_END}`, 'g'), '<mark>$1</mark>')
    .replace(new RegExp(`[${HIGHLIGHT_START}${HIGHLIGHT_END}]`, 'g'), '');
  return SafeHtml.fromSanitized(html);
}
