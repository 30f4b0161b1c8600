/** Which languages are written right to left, for `dir="rtl"`. */

const RTL = new Set(['ar', 'fa', 'he', 'ur', 'ps', 'sd', 'ug', 'yi', 'dv', 'ckb', 'iw']);

/** True when the BCP 47 tag's language is written right to left (ur, ar, fa, he and others). */
export function isRightToLeft(language: string): boolean {
  const primary = language.toLowerCase().split(/[-_]/)[0] ?? '';
  return RTL.has(primary) || /-arab\b/i.test(language);
}

/** True when most letters of `text` are from right-to-left scripts. */
export function looksRightToLeft(text: string): boolean {
  const rtl = (text.match(/[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/g) ?? []).length;
  const ltr = (text.match(/[A-Za-z\u00C0-\u024F\u0370-\u03FF\u0400-\u04FF]/g) ?? []).length;
  return rtl > ltr;
}
