/**
 * Text as Unicode, not as UTF-16 code units: a surrogate half on its own is no character, and the
 * databases store it differently (SQLite as three U+FFFD, PostgreSQL as one), so a value looked up
 * by what was written would not be found again.
 */

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `text` with every lone surrogate replaced by U+FFFD, as it would come back from UTF-8. */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}

/** At most `max` UTF-16 units of `text`, never cutting a character in two. */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}
