/**
 * The owner's word lists: a comment containing a "reject" word is refused, one containing a "hold" word
 * waits for a moderator. Words and phrases match case-insensitively, on whole words, in any script:
 * both sides are folded (fold.ts), and a word must not continue into more letters on either side —
 * "casino" matches "Casino!" and "CASINO's" but not "casinos" or "occasional". Edges in scripts written
 * without spaces (Chinese, Japanese, Thai) have no boundary to test, so there the word matches anywhere.
 * Spaces inside a phrase match any run of spaces. The writer's name, e-mail address and website and the
 * targets of the body's links are searched too. Obfuscations ("v1agra") are not undone.
 */
import type { CommentScreen, ScreenResult, Submission } from '../screening.js';
import { foldText, UNSPACED } from './fold.js';
import { findLinks } from './links.js';

const NOT_WORD_BEFORE = '(?<![\\p{L}\\p{M}\\p{N}])';
const NOT_WORD_AFTER = '(?![\\p{L}\\p{M}\\p{N}])';

/** A compiled rule word: the word as the owner wrote it, and how to find it in folded text. */
interface WordMatcher {
  word: string;
  pattern: RegExp;
}

function escapeRegExp(text: string): string {
  // Only syntax characters: in a /u pattern, escaping anything else ("\-") is itself an error.
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** A matcher for one rule word, or undefined for a word that folds to nothing. */
export function wordMatcher(word: string): WordMatcher | undefined {
  const folded = foldText(word).trim();
  if (folded === '') return undefined;
  const chars = [...folded];
  const body = folded
    .split(/\s+/u)
    .map((part) => escapeRegExp(part))
    .join('\\s+');
  const before = UNSPACED.test(chars[0]!) ? '' : NOT_WORD_BEFORE;
  const after = UNSPACED.test(chars[chars.length - 1]!) ? '' : NOT_WORD_AFTER;
  return { word: word.trim(), pattern: new RegExp(`${before}${body}${after}`, 'u') };
}

/** The first of `words` found in `text` (both as written; folding happens here), or undefined. */
export function findWord(words: readonly string[], text: string): string | undefined {
  const folded = foldText(text);
  for (const word of words) {
    const matcher = wordMatcher(word);
    if (matcher?.pattern.test(folded)) return matcher.word;
  }
  return undefined;
}

/** The text a rule word is looked for in: the writer's name, e-mail address and website, the body, its links. */
function searchedText(submission: Submission): string {
  const { authorName, authorEmail, authorUrl, bodyText, bodyHtml } = submission;
  return [authorName, authorEmail, authorUrl, bodyText, ...findLinks(bodyHtml)].join('\n');
}

/** Screens a comment against the blog's "reject" and "hold" word lists; reject is checked first. */
export class WordRulesScreen implements CommentScreen {
  readonly name = 'words';

  screen(submission: Submission): Promise<ScreenResult | null> {
    const { rejectWords, holdWords } = submission.rules;
    if (rejectWords.length === 0 && holdWords.length === 0) return Promise.resolve(null);
    const text = searchedText(submission);
    const rejected = findWord(rejectWords, text);
    if (rejected !== undefined) return Promise.resolve({ verdict: 'reject', reason: `contains the blocked word “${rejected}”` });
    const held = findWord(holdWords, text);
    if (held !== undefined) return Promise.resolve({ verdict: 'hold', reason: `contains the held word “${held}”` });
    return Promise.resolve(null);
  }
}
