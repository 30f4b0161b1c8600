/**
 * The allow-list sanitizer: the only code that marks HTML as safe to output unescaped.
 * Post bodies may carry formatting, links, images, tables and allowed embeds (html-rules.ts); never
 * script, event handlers, `javascript:` or `data:` URLs, styles or forms.
 */
import { createRequire } from 'node:module';
import { encode } from 'html-entities';
import type sanitizeHtml from 'sanitize-html';
import { HIGHLIGHT_END, HIGHLIGHT_START } from '../../storage/dialects/dialect.js';
import { dropUnsafeUrls, OPERATOR_RULES, postOptions, WEB_SCHEMES, type PostHtmlRules } from './html-rules.js';

export { isAllowedUrl } from './html-rules.js';

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

/**
 * sanitize-html, loaded on first use: it brings PostCSS and some 80 modules that a server only reading
 * posts (most requests) never needs, and that slowed every start.
 */
let sanitizer: typeof sanitizeHtml | undefined;
export function sanitize(html: string, options: sanitizeHtml.IOptions): string {
  sanitizer ??= createRequire(import.meta.url)('sanitize-html') as typeof sanitizeHtml;
  return sanitizer(html, options);
}

/**
 * Sanitizes a post's or page's body with the allow-list of the saver's tier and the blog's embed
 * providers (see html-rules.ts); without rules, the operator's (the command line, imports).
 */
export function sanitizePostHtml(html: string, rules: PostHtmlRules = OPERATOR_RULES): SafeHtml {
  return SafeHtml.fromSanitized(sanitize(withoutNul(html), postOptions(rules)));
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

/** Stored bodies' iframes were checked against the blog's providers on save: re-checking asks for https. */
const STORED_RULES: PostHtmlRules = { tier: 'full', embeds: 'any-https' };

/**
 * A post body's part before the jump break (`<a id="more"></a>`), re-sanitized so every tag closes. The
 * body was sanitized when it was saved, so the widest list applies, and any https embed it kept stays.
 */
export function beforeJumpBreak(html: string): SafeHtml | undefined {
  const at = html.search(/<a id="more"><\/a>/);
  return at < 0 ? undefined : SafeHtml.fromSanitized(sanitize(html.slice(0, at), postOptions(STORED_RULES)));
}

/** Escapes a search excerpt (plain text) and turns the search's highlight marks into <mark>. */
export function highlightExcerpt(excerpt: string): SafeHtml {
  const escaped = encode(excerpt.replace(/[\u0000\u0001\u0004-\u001F]/g, ''));
  const html = escaped
    .replace(new RegExp(`${HIGHLIGHT_START}([^${HIGHLIGHT_START}${HIGHLIGHT_END}]*)${HIGHLIGHT_END}`, 'g'), '<mark>$1</mark>')
    .replace(new RegExp(`[${HIGHLIGHT_START}${HIGHLIGHT_END}]`, 'g'), '');
  return SafeHtml.fromSanitized(html);
}
