/**
 * What the classifier reads in a comment: its distinct tokens.
 *
 * - Words of the body, folded (fold.ts: NFKC, case folding), 2 to 30 characters; in scripts written
 *   without spaces (Chinese, Japanese, Thai) overlapping pairs of characters instead, the usual stand-in
 *   for words there. Numbers are kept ("100mg", "2024"), since spam is full of prices and doses.
 * - The host of every link, anchor or bare (`host:casino.example`), and its last two labels
 *   (`site:casino.example` for `www2.casino.example`) and top-level domain (`tld:xyz`).
 * - Features of the writer when known: the words of the name (`name:…`), the e-mail domain
 *   (`email:…`), the website's host (`url:…`), and whether a website was given at all.
 * - How many links the body holds (`links:0`, `links:1`, `links:2-3`, `links:4+`).
 *
 * Each token counts once per comment, as in Graham's "A Plan for Spam": what matters is whether a
 * word appears, and a spammer repeating a word a hundred times gains nothing.
 */
import { htmlToText } from '../../text/plain-text.js';
import { cutText } from '../../text/unicode.js';
import { foldText, UNSPACED } from './fold.js';
import { findLinks, linkHost } from './links.js';

/** What the classifier knows of a comment; only the body is required (SpamLearner.learn has only text). */
export interface SpamDocument {
  /** The body, as HTML or as plain text: anchors' targets are read from HTML, bare addresses from both. */
  body: string;
  authorName?: string;
  authorEmail?: string;
  authorUrl?: string;
}

/** At most this many tokens of one comment are kept (the rest of a 60 KB comment adds nothing). */
export const MAX_TOKENS_PER_DOCUMENT = 400;
const MAX_WORD = 30;

/** `run` cut where it passes between an unspaced script and any other (a combining mark stays put). */
function splitByScript(run: string): string[] {
  const parts: string[] = [];
  let current = '';
  let unspaced: boolean | undefined;
  for (const ch of run) {
    const isMark = /\p{M}/u.test(ch);
    const kind = isMark && unspaced !== undefined ? unspaced : UNSPACED.test(ch);
    if (unspaced !== undefined && kind !== unspaced) {
      parts.push(current);
      current = '';
    }
    current += ch;
    unspaced = kind;
  }
  if (current !== '') parts.push(current);
  return parts;
}

/** Folded words of `text`; pairs of characters in unspaced scripts. */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const run of foldText(text).match(/[\p{L}\p{M}\p{N}]+/gu) ?? []) {
    if (!UNSPACED.test(run)) {
      if (run.length >= 2 && run.length <= MAX_WORD) out.push(run);
      continue;
    }
    // A run may mix scripts ("iPhone手机"): spaced parts are words, unspaced parts become pairs.
    for (const part of splitByScript(run)) {
      const chars = [...part];
      if (!UNSPACED.test(chars[0]!)) {
        if (part.length >= 2 && part.length <= MAX_WORD) out.push(part);
      } else if (chars.length === 1) out.push(part);
      else for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
    }
  }
  return out;
}

function hostTokens(prefix: string, host: string): string[] {
  const labels = host.split('.').filter((l) => l !== '');
  const tokens = [`${prefix}:${host}`];
  if (labels.length > 2) tokens.push(`site:${labels.slice(-2).join('.')}`);
  else tokens.push(`site:${host}`);
  if (labels.length > 1) tokens.push(`tld:${labels[labels.length - 1]}`);
  return tokens;
}

function linkCountToken(n: number): string {
  if (n === 0) return 'links:0';
  if (n === 1) return 'links:1';
  return n <= 3 ? 'links:2-3' : 'links:4+';
}

/** The distinct tokens of a comment (see the file header), at most MAX_TOKENS_PER_DOCUMENT. */
export function tokenize(doc: SpamDocument): string[] {
  const isHtml = /<[a-z!/]/i.test(doc.body);
  const links = isHtml ? findLinks(doc.body) : findLinks(doc.body.replace(/[<&]/g, ' '));
  const text = isHtml ? htmlToText(doc.body) : doc.body;
  const tokens = new Set<string>();
  const add = (token: string) => {
    if (tokens.size < MAX_TOKENS_PER_DOCUMENT) tokens.add(cutText(token, 100));
  };
  add(linkCountToken(links.length));
  for (const link of links) {
    const host = linkHost(link);
    if (host) for (const t of hostTokens('host', host)) add(t);
  }
  if (doc.authorName !== undefined) for (const w of words(doc.authorName)) add(`name:${w}`);
  // Only what a domain can hold: no spaces, no control characters (PostgreSQL refuses NUL in text).
  const emailDomain = foldText(doc.authorEmail?.split('@')[1] ?? '').replace(/[^\p{L}\p{M}\p{N}.-]/gu, '');
  if (emailDomain) add(`email:${emailDomain}`);
  if (doc.authorUrl !== undefined) {
    const host = doc.authorUrl.trim() === '' ? undefined : linkHost(doc.authorUrl.trim());
    add(host ? `url:${host}` : 'url:none');
  }
  for (const w of words(text)) add(w);
  return [...tokens];
}
