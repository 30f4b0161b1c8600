/**
 * Word count and reading time under the editor. Words are counted with Intl.Segmenter, so Urdu, Chinese
 * or Thai text (no spaces between words, or other rules) counts as a person would count it.
 */
import { S } from './strings.js';

const WORDS_A_MINUTE = 230;

/** How many words `text` has in `language`. */
export function countWords(text: string, language: string): number {
  if (typeof Intl.Segmenter === 'function') {
    let n = 0;
    for (const part of new Intl.Segmenter(language || undefined, { granularity: 'word' }).segment(text)) if (part.isWordLike) n++;
    return n;
  }
  return text.split(/\s+/u).filter(Boolean).length;
}

/** The line "1,234 words · 6 min read". */
export function wordCountLine(text: string, language: string): string {
  const words = countWords(text, language);
  return S.words(words, Math.max(1, Math.round(words / WORDS_A_MINUTE)));
}
