/**
 * A page as parts: the text a template printed around the markup it was handed kept (the gadget areas,
 * the comment thread, the share and Newer/Older links: kept-fragments.ts, pages.ts), and the kept markup
 * itself. The server encodes and fingerprints a kept part once (its UTF-8 bytes and their SHA-1, held on
 * the part), then on each page only copies those bytes and hashes the page's own text with the kept
 * parts' digests (page-cache.ts). A kept part is most of a post page with every gadget; before, every
 * page flattened, encoded and hashed all of it again.
 *
 * Only what a template prints whole is a part: a SafeHtml registered here (`keptHtml`). The page's bytes
 * are the same as from the rendered string (`pageText`).
 */
import type { SafeHtml } from '../domain/text/sanitize.js';

/** Markup kept across pages; `encoded` is filled by the server on the first page that sends it. */
export class KeptPart {
  encoded?: { bytes: Uint8Array; digest: Uint8Array };
  constructor(readonly html: string) {}
}

export type PagePart = string | KeptPart;

/** A rendered page as its parts, in order. */
export class PageParts {
  constructor(readonly parts: readonly PagePart[]) {}
}

const partsOfHtml = new WeakMap<SafeHtml, readonly PagePart[]>();

/** Marks `html` (rendered once, printed on many pages) as a kept part; returns it. */
export function keptHtml(html: SafeHtml): SafeHtml {
  partsOfHtml.set(html, [new KeptPart(html.html)]);
  return html;
}

/** Marks `html` as made of `parts` (kept parts with per-page text between them: a form's stamp); returns it. */
export function htmlOfParts(html: SafeHtml, parts: readonly PagePart[]): SafeHtml {
  partsOfHtml.set(html, parts);
  return html;
}

/** The parts `html` was marked as, if any. */
export function partsOf(html: SafeHtml): readonly PagePart[] | undefined {
  return partsOfHtml.get(html);
}

/** The page as one string, as a template renders it without parts. */
export function pageText(page: string | PageParts): string {
  if (typeof page === 'string') return page;
  let text = '';
  for (const part of page.parts) text += typeof part === 'string' ? part : part.html;
  return text;
}
