/**
 * The allow-list sanitizer: the only code that marks HTML as safe to output unescaped.
 * Post bodies may carry formatting, links, images and tables; never script, event handlers,
 * `javascript:` or `data:` URLs, styles or forms.
 */
import { encode } from 'html-entities';
import sanitizeHtml from 'sanitize-html';
import { HIGHLIGHT_END, HIGHLIGHT_START } from '../../storage/dialects/dialect.js';

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

/**
 * An image uploaded here (`/uploads/BLOG/IMAGE/WIDTH.jpg`) gets a `srcset` of its WebP copies (made at
 * 480, 960 and 1600 pixels below its largest width, see image.service) and lazy loading.
 */
/**
 * Trims a URL of every kind of Unicode space, not only the ASCII ones sanitize-html trims, so that
 * `\u2028javascript:…` is seen (and dropped) as the javascript: URL it tries to hide.
 */
function trimmedUrl(value: string | undefined): string | undefined {
  return value?.replace(/^[\s\p{Cc}\p{Cf}\p{Z}]+|[\s\p{Cc}\p{Cf}\p{Z}]+$/gu, '');
}

function withTrimmedHref(tagName: string, attribs: sanitizeHtml.Attributes): sanitizeHtml.Tag {
  return { tagName, attribs: attribs.href === undefined ? attribs : { ...attribs, href: trimmedUrl(attribs.href)! } };
}

function withUploadSrcset(tagName: string, rawAttribs: sanitizeHtml.Attributes): sanitizeHtml.Tag {
  const attribs = rawAttribs.src === undefined ? rawAttribs : { ...rawAttribs, src: trimmedUrl(rawAttribs.src)! };
  const m = UPLOADED.exec(attribs.src ?? '');
  if (!m) return { tagName, attribs };
  const [, blog, image, largest] = m;
  const widths = [...UPLOAD_WIDTHS.filter((w) => w < Number(largest)), Number(largest)];
  return {
    tagName,
    attribs: {
      ...attribs,
      srcset: widths.map((w) => `/uploads/${blog}/${image}/${w}.webp ${w}w`).join(', '),
      sizes: '(max-width: 50rem) 100vw, 50rem',
      loading: 'lazy',
    },
  };
}

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
    a: ['href', 'title', 'name', 'id', 'rel'],
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
  // A post's own heading is the page's one <h1>: headings inside the body start at <h2>.
  transformTags: { h1: 'h2', img: withUploadSrcset, a: withTrimmedHref },
  nonTextTags: ['style', 'script', 'textarea', 'option', 'noscript', 'title', 'iframe', 'object', 'embed', 'template'],
};

/** Sanitizes a post's or page's body with the post allow-list. */
export function sanitizePostHtml(html: string): SafeHtml {
  return SafeHtml.fromSanitized(sanitizeHtml(html, POST_OPTIONS));
}

const COMMENT_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'b', 'strong', 'i', 'em', 'a', 'blockquote', 'code'],
  allowedAttributes: { a: ['href', 'rel'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  disallowedTagsMode: 'discard',
  nonTextTags: ['style', 'script', 'textarea', 'option', 'noscript', 'title', 'iframe', 'object', 'embed', 'template'],
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'nofollow ugc noopener' } }),
  },
};

/** Sanitizes a comment's body with the strict comment allow-list. */
export function sanitizeCommentHtml(html: string): SafeHtml {
  return SafeHtml.fromSanitized(sanitizeHtml(html, COMMENT_OPTIONS));
}

/**
 * Marks HTML read back from the database as safe. Everything stored in a body column went through one of
 * the sanitizers above on its way in (see post.service and comment.service), so it is re-marked, not re-run.
 */
export function storedHtml(html: string): SafeHtml {
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

/** A post body's part before Blogger's jump break (`<a name="more"></a>`), re-sanitized so every tag closes. */
export function beforeJumpBreak(html: string): SafeHtml | undefined {
  const at = html.search(/<a name="more"><\/a>/);
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
