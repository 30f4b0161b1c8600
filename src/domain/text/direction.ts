/** Which languages are written right to left, for `dir="rtl"`. */

const RTL = new Set(['ar', 'fa', 'he', 'ur', 'ps', 'sd', 'ug', 'yi', 'dv', 'ckb', 'iw']);

/** True when the BCP 47 tag's language is written right to left (ur, ar, fa, he and others). */
export function isRightToLeft(language: string): boolean {
  const primary = language.toLowerCase().split(/[-_]/)[0] ?? '';
  return RTL.has(primary) || /-arab\b/i.test(language);
}

/** True when most letters of `text` are from right-to-left scripts. */
export function looksRightToLeft(text: string): boolean {
  // A loop over the code units: matching with /g built an array of every letter of the post.
  let balance = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x0590 && c <= 0x08ff) || (c >= 0xfb1d && c <= 0xfdff) || (c >= 0xfe70 && c <= 0xfeff)) balance++;
    else if (
      (c >= 0x41 && c <= 0x5a) ||
      (c >= 0x61 && c <= 0x7a) ||
      (c >= 0xc0 && c <= 0x24f) ||
      (c >= 0x370 && c <= 0x3ff) ||
      (c >= 0x400 && c <= 0x4ff)
    )
      balance--;
  }
  return balance > 0;
}
