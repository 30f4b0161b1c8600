/**
 * Text folding for the spam screens: one canonical form of a comment's words, so "CASINO", "Ｃａｓｉｎｏ"
 * (full-width) and "casino" are the same word, and an Urdu word written with Arabic letter forms matches
 * one written with Urdu forms.
 *
 * Steps: NFKC (compatibility forms: full-width Latin, ligatures, presentation forms); removal of the
 * invisible characters spammers put inside words (soft hyphen, zero-width space/joiners, word joiner,
 * byte-order mark, Arabic tatweel) and of Arabic-script vowel marks (rarely written, so a word with them
 * should match one without); then case folding. JavaScript has no full Unicode case fold, so it is
 * approximated by upper- then lower-casing (ß → ss, ﬀ → ff) and mapping final sigma to σ.
 */

const INVISIBLE = /[\u00AD\u200B-\u200F\u2060\uFEFF\u0640]/g;
/** Arabic harakat, superscript alef and Quranic marks: optional in ordinary writing. */
const ARABIC_MARKS = /[\u064B-\u065F\u0670\u06D6-\u06ED]/g;
/** Arabic letters with an Urdu/Persian twin that looks the same: folded to the Urdu form. */
const ARABIC_TO_URDU: Record<string, string> = { '\u064A': '\u06CC', '\u0649': '\u06CC', '\u0643': '\u06A9' };

/** `text` in its folded form (see the file header); the result may differ in length from the input. */
export function foldText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(ARABIC_MARKS, '')
    .replace(/[\u064A\u0649\u0643]/g, (c) => ARABIC_TO_URDU[c] ?? c)
    .toUpperCase()
    .toLowerCase()
    .replace(/ς/g, 'σ')
    .normalize('NFKC');
}

/**
 * Scripts written without spaces between words: in them a word has no boundary to find, so a rule word
 * matches anywhere in a run and the classifier reads pairs of characters instead of words.
 */
export const UNSPACED =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

/** A character that belongs to a word: a letter, a combining mark (Urdu, Hindi vowel signs) or a digit. */
export const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;
