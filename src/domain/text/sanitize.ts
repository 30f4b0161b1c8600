/**
 * The allow-list sanitizer: the only code that marks HTML as safe to output unescaped.
 * Post bodies may carry formatting, links, images and tables; never script, event handlers,
 * `javascript:` or `data:` URLs, styles or forms.
 */
import sanitizeHtml from 'sanitize-html';

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

const POST_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'br', 'hr', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'code', 'kbd', 'samp', 'var',
    'b', 'strong', 'i', 'em', 'u', 's', 'strike', 'del', 'ins', 'mark', 'small', 'sub', 'sup', 'abbr', 'cite', 'q',
    'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'a', 'img', 'figure', 'figcaption', 'picture', 'source',
    'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption', 'colgroup', 'col', 'span', 'div', 'time', 'details', 'summary',
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
  transformTags: { h1: 'h2' },
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
