/**
 * Checks a blog's own stylesheet before it is stored. The stylesheet is served as a file from the
 * blog's own address (the Content-Security-Policy allows styles from 'self' only), so it cannot close
 * a `<style>` element; what is refused here is what could still reach out or run: `@import`, `url()`
 * to anything but https: or the blog's own paths, `javascript:`, old script hooks (`expression()`,
 * `behavior`, `-moz-binding`), and markup. CSS escapes and comments are undone before looking, so
 * `u\72l(` or `@im/**\/port` hide nothing. A refusal names the line and the reason.
 */
import { InvalidInputError } from '../errors.js';

export const CUSTOM_CSS_MAX = 200_000;

/** The stylesheet with comments removed and escapes decoded, and where each character came from. */
interface Decoded {
  text: string;
  origin: number[];
}

function lineAt(css: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < css.length; i++) if (css[i] === '\n') line++;
  return line;
}

function refuse(css: string, offset: number, reason: string): never {
  throw new InvalidInputError(`theme.css, line ${lineAt(css, offset)}: ${reason}`, 'content');
}

/** One pass over the stylesheet: strings, comments and braces must close; escapes are decoded. */
function decode(css: string): Decoded {
  const out: string[] = [];
  const origin: number[] = [];
  const push = (s: string, at: number) => {
    for (const ch of s) {
      out.push(ch);
      origin.push(at);
    }
  };
  let depth = 0;
  let quote: string | null = null;
  let quoteStart = 0;
  for (let i = 0; i < css.length;) {
    const ch = css[i]!;
    if (!quote && ch === '/' && css[i + 1] === '*') {
      const end = css.indexOf('*/', i + 2);
      if (end < 0) refuse(css, i, 'a comment is not closed with */.');
      push(' ', i);
      i = end + 2;
      continue;
    }
    if (ch === '\\') {
      const hex = /^[0-9a-fA-F]{1,6}[ \t\n]?/.exec(css.slice(i + 1, i + 8));
      if (hex) {
        const code = parseInt(hex[0].trim(), 16);
        push(code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\uFFFD', i);
        i += 1 + hex[0].length;
      } else {
        if (css[i + 1] !== undefined && css[i + 1] !== '\n') push(css[i + 1]!, i);
        i += 2;
      }
      continue;
    }
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === '\n') refuse(css, quoteStart, 'a string is not closed on its line.');
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      quoteStart = i;
    } else if (ch === '{') depth++;
    else if (ch === '}') {
      depth--;
      if (depth < 0) refuse(css, i, 'this } closes nothing.');
    }
    push(ch, i);
    i++;
  }
  if (quote) refuse(css, quoteStart, 'a string is not closed.');
  if (depth > 0) refuse(css, css.length, `${depth} { ${depth === 1 ? 'is' : 'are'} not closed with }.`);
  return { text: out.join(''), origin };
}

const FORBIDDEN: [RegExp, string][] = [
  [/</, 'markup (“<”) is not allowed in a stylesheet.'],
  [/@import\b/, '@import is not allowed: put the rules in this stylesheet.'],
  [/javascript\s*:|vbscript\s*:/, 'script URLs are not allowed.'],
  [/expression\s*\(/, 'expression() is not allowed.'],
  [/-moz-binding|\bbehaviou?r\s*:/, 'script bindings (behavior, -moz-binding) are not allowed.'],
  [/(?:-webkit-)?image-set\s*\(|\bsrc\s*\(/, 'use url() for images and fonts.'],
];

/** A url() target allowed in a blog's stylesheet: an https: address, or a path on the blog itself. */
export function isAllowedCssUrl(target: string): boolean {
  const url = target.trim();
  if (url === '' || url.startsWith('#')) return true;
  if (/^https:\/\/[^\s/]/i.test(url)) return true;
  // Same-origin: a path or relative reference with no scheme and no other host (`//host`).
  return !url.startsWith('//') && !/^[a-z][a-z0-9+.-]*:/i.test(url) && !/[\s\u0000-\u001F]/.test(url);
}

/**
 * Throws InvalidInputError ("theme.css, line N: reason") unless the stylesheet is safe to serve as the
 * blog's own; returns it unchanged otherwise.
 */
export function checkCustomCss(css: string): string {
  if (css.length > CUSTOM_CSS_MAX)
    throw new InvalidInputError(`The stylesheet is at most ${CUSTOM_CSS_MAX.toLocaleString('en')} characters.`, 'content');
  if (css.includes('\u0000')) refuse(css, css.indexOf('\u0000'), 'the stylesheet holds a NUL character.');
  const { text, origin } = decode(css);
  const lower = text.toLowerCase();
  for (const [pattern, reason] of FORBIDDEN) {
    const found = pattern.exec(lower);
    if (found) refuse(css, origin[found.index] ?? 0, reason);
  }
  const urls = /url\s*\(\s*(?:"([^"]*)"|'([^']*)'|([^)]*))\s*\)/g;
  for (let m = urls.exec(text); m; m = urls.exec(text)) {
    const target = m[1] ?? m[2] ?? m[3] ?? '';
    if (!isAllowedCssUrl(target))
      refuse(css, origin[m.index] ?? 0, `url(${target.slice(0, 60)}) is not allowed: use an https: address or a path on this blog.`);
  }
  // A url( that the pattern above could not read (no closing parenthesis) is refused too.
  const opened = (lower.match(/url\s*\(/g) ?? []).length;
  const read = (text.match(/url\s*\(\s*(?:"[^"]*"|'[^']*'|[^)]*)\s*\)/g) ?? []).length;
  if (opened !== read) refuse(css, origin[lower.search(/url\s*\(/)] ?? 0, 'a url( is not closed.');
  return css;
}
