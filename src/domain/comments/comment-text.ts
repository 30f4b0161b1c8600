/**
 * What a reader types into the comment box, made into a comment's HTML: paragraphs at blank lines, line
 * breaks kept, bare web addresses turned into links, then the comment allow-list (b, i, a, blockquote,
 * code; links get rel="nofollow ugc noopener"). Also the checks that refuse input no person types:
 * control characters, broken UTF-8 and lone surrogates. And the way back, for the writer's edit box.
 */
import { decode } from 'html-entities';
import { InvalidInputError } from '../errors.js';
import { sanitizeCommentHtml } from '../text/sanitize.js';

/** A comment's body is at most this many bytes as sent. */
export const MAX_BODY_BYTES = 64 * 1024;

const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"']+/gi;

/**
 * Refuses text a person could not have typed: control characters (tabs and line breaks are fine in a
 * comment's body only), U+FFFD (what broken UTF-8 decodes to) and lone surrogates.
 */
export function checkTypedText(value: string, label: string, multiline = false): void {
  const control = multiline ? CONTROL : /[\u0000-\u001F\u007F]/;
  if (control.test(value)) throw new InvalidInputError(`${label} contains control characters.`, label);
  if (value.includes('\uFFFD') || LONE_SURROGATE.test(value))
    throw new InvalidInputError(`${label} is not valid UTF-8 text. Please type it again.`, label);
}

/** Turns bare http(s) addresses in text (outside tags and outside links) into links. */
function linkAddresses(text: string): string {
  let insideLink = 0;
  return text
    .split(/(<[^>]*>)/)
    .map((part) => {
      if (part.startsWith('<')) {
        if (/^<a[\s>]/i.test(part)) insideLink++;
        else if (/^<\/a\s*>/i.test(part)) insideLink = Math.max(0, insideLink - 1);
        return part;
      }
      if (insideLink > 0) return part;
      return part.replace(URL_IN_TEXT, (url) => {
        // Punctuation that ends a sentence is not part of the address.
        const trail = /[.,;:!?)\]]+$/.exec(url)?.[0] ?? '';
        const bare = url.slice(0, url.length - trail.length);
        return `<a href="${bare.replace(/"/g, '%22')}">${bare}</a>${trail}`;
      });
    })
    .join('');
}

/** The comment's HTML from what was typed: paragraphs, line breaks, links, and the allow-list. */
export function commentHtmlFromText(text: string): string {
  const paragraphs = text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  const html = paragraphs.map((p) => `<p>${linkAddresses(p).replace(/\n/g, '<br>\n')}</p>`).join('\n');
  return sanitizeCommentHtml(html).html;
}

/** The number of links in a comment's HTML. */
export function countLinks(html: string): number {
  return (html.match(/<a\s/gi) ?? []).length;
}

const LINK_REL = / rel="nofollow ugc noopener"/g;
/** An address the form linked by itself: `<a href="X">X</a>`. */
const AUTO_LINK = /<a href="([^"]*)">([^<]*)<\/a>/g;

/** The stored HTML with the form's own additions undone: paragraphs, line breaks, rel, auto-links. */
function typedShape(html: string): string {
  return html
    .replace(LINK_REL, '')
    .replace(AUTO_LINK, (whole, href: string, text: string) => (href === text ? text : whole))
    .replace(/<\/p>\n<p>/g, '\n\n')
    .replace(/<br \/>\n?/g, '\n')
    .replace(/<\/?p>/g, '');
}

/**
 * What the writer would type to get `html` (a stored comment) again: the text for the edit box. Saved
 * unchanged, it gives the same stored HTML: entities are decoded (`a &lt; b` reads `a < b`) only when the
 * text still turns into the same HTML; otherwise (`<code>&lt;p&gt;</code>`) they are kept as typed.
 */
export function commentTextFromHtml(html: string): string {
  const shaped = typedShape(html);
  const decoded = shaped
    .split(/(<[^>]*>)/)
    .map((part, i) => (i % 2 === 1 ? part : decode(part)))
    .join('');
  if (decoded !== shaped) {
    try {
      if (commentHtmlFromText(decoded) === html) return decoded;
    } catch {
      // A decoded character the form refuses: keep the entities.
    }
  }
  return shaped;
}
