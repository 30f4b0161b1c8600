/**
 * HTML to plain text: tags dropped, entities decoded, whitespace folded; and snippets of it cut at a
 * word boundary. Used for popular-post snippets, search, feeds' summaries and meta descriptions.
 */
import { Parser } from 'htmlparser2';

const BLOCK = new Set([
  'p',
  'div',
  'br',
  'li',
  'ul',
  'ol',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'pre',
  'tr',
  'td',
  'th',
  'table',
  'section',
  'article',
  'header',
  'footer',
  'figure',
  'figcaption',
  'hr',
  'dd',
  'dt',
]);
const SKIP = new Set(['script', 'style', 'template', 'noscript', 'iframe', 'object']);

/** The text a reader sees in `html`, on one line. Control characters are removed. */
export function htmlToText(html: string): string {
  let out = '';
  let skipping = 0;
  const parser = new Parser(
    {
      onopentagname(name) {
        if (SKIP.has(name)) skipping++;
        else if (BLOCK.has(name)) out += ' ';
      },
      onclosetag(name) {
        if (SKIP.has(name)) skipping = Math.max(0, skipping - 1);
        else if (BLOCK.has(name)) out += ' ';
      },
      ontext(text) {
        if (skipping === 0) out += text;
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return foldWhitespace(out);
}

/** Collapses runs of whitespace to one space, removes control characters, trims. */
export function foldWhitespace(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The start of `text`, at most about `length` characters, cut at a word boundary and ended with "…".
 * Text that already fits is returned whole, without "…".
 */
export function snippet(text: string, length: number): string {
  if (text.length <= length) return text;
  // Counted in code points, as Array.from counts them, walking only as far as the snippet reaches: a
  // body can be long, and this runs for the meta description of every post page.
  let units = 0;
  let points = 0;
  let lengthEnd = 0;
  while (units < text.length && points <= length) {
    if (points === length) lengthEnd = units;
    units += isSurrogatePair(text, units) ? 2 : 1;
    points++;
  }
  if (points <= length) return text;
  const head = text.slice(0, units);
  const lastSpace = head.lastIndexOf(' ');
  // Cut at the last space when it leaves most of the snippet; otherwise (one long word) cut inside it.
  const cut = lastSpace >= length * 0.5 ? head.slice(0, lastSpace) : text.slice(0, lengthEnd);
  return `${cut.replace(/[\s.,;:!?،؛۔-]+$/u, '')}…`;
}

/** Whether a high surrogate followed by a low one (one code point in two UTF-16 units) starts at `i`. */
function isSurrogatePair(text: string, i: number): boolean {
  const high = text.charCodeAt(i);
  if (high < 0xd800 || high > 0xdbff) return false;
  const low = text.charCodeAt(i + 1);
  return low >= 0xdc00 && low <= 0xdfff;
}
