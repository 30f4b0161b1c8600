/** The Texts a blog's pages print in: its language's catalogue with its own overrides. */
import type { BlogRow } from '../../storage/schema.js';
import { renderedTemplate, type SafeHtml } from '../../domain/text/sanitize.js';
import { escapeHtml } from '../escape.js';
import { textsFor, type Texts } from './translate.js';

/** The blog's Texts (kept per language and overrides, so this is a map read). */
export function blogTexts(blog: Pick<BlogRow, 'language'> & { text_overrides?: string | null }): Texts {
  return textsFor(blog.language, blog.text_overrides ?? '');
}

const lists = new Map<string, Intl.ListFormat>();

function listFormat(locale: string): Intl.ListFormat {
  let format = lists.get(locale);
  if (!format) lists.set(locale, (format = new Intl.ListFormat(locale, { type: 'conjunction' })));
  return format;
}

/** Names quoted and listed as the language does ("“a”, “b” and “c”"), as plain text with each name isolated. */
export function textList(texts: Texts, names: readonly string[]): string {
  return listFormat(texts.locale).format(names.map((name) => texts.text('list.quoted', { name })));
}

/** The same list as HTML, each name in its own `<bdi>`, for a heading. */
export function htmlList(texts: Texts, names: readonly string[]): SafeHtml {
  const parts = listFormat(texts.locale).formatToParts(names.map((_, i) => String(i)));
  const html = parts.map((p) =>
    p.type === 'element' ? texts.html('list.quoted', { name: names[Number(p.value)] }).html : escapeHtml(p.value),
  );
  return renderedTemplate(html.join(''));
}
