/**
 * The comment form's script, bundled by esbuild (scripts/build-comments.mjs) into public/comments.js:
 * it posts comments in place and solves the proof of work when one is asked. The form works without
 * it. Its URL carries a content hash, so it is served with a year-long cache.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../package-root.js';
import type { Texts } from './i18n/translate.js';

export const COMMENTS_BUNDLE = path.join(PACKAGE_ROOT, 'public', 'comments.js');

/** The bundle's text and its hashed URL, read when the app is built; null when it has not been built. */
export function loadCommentsScript(): { js: string; path: string } | null {
  if (!existsSync(COMMENTS_BUNDLE)) return null;
  const js = readFileSync(COMMENTS_BUNDLE, 'utf8');
  return { js, path: `/static/comments.js?v=${createHash('sha1').update(js).digest('hex').slice(0, 10)}` };
}

/** The comment script's words (`commentScript.*` in the catalogues), which it takes from the token answer. */
export const COMMENT_SCRIPT_MESSAGES = [
  'posting',
  'sending',
  'checking',
  'checkFailed',
  'notPosted',
  'awaiting',
  'editLabel',
  'save',
  'cancel',
  'saving',
  'notSaved',
  'changed',
  'deleteQuestion',
  'deleteYes',
  'deleteNo',
  'notDeleted',
  'deleted',
  'locked',
] as const;

/**
 * The script's words in the blog's language (its own overrides included), sent with the reader's form
 * token: the script is one cached file for every blog, so it carries English only as a fallback. A
 * signed-in reader's "You comment as NAME." is written here, the name isolated from the text around it.
 */
export function commentScriptMessages(texts: Texts, userName: string | null): Record<string, string> {
  const messages: Record<string, string> = {};
  for (const key of COMMENT_SCRIPT_MESSAGES) messages[key] = texts.text(`commentScript.${key}`);
  if (userName !== null) messages.signedInAs = texts.text('commentScript.signedInAs', { name: userName });
  return messages;
}
