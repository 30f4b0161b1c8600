/** HTML escaping of text, shared by the theme engine and the translated messages. */

const HTML_SPECIAL = /[&<>"']/;
const HTML_SPECIALS = /[&<>"']/g;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * The five characters that matter in HTML text and quoted attributes, as entities (the same ones
 * html-entities' `encode` writes). Most values hold none of them and are returned as they are; this was
 * a tenth of the time a post page spent in its templates.
 */
export function escapeHtml(text: string): string {
  return HTML_SPECIAL.test(text) ? text.replace(HTML_SPECIALS, (c) => ENTITIES[c]!) : text;
}
