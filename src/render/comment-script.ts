/**
 * The comment form's script, bundled by esbuild (scripts/build-comments.mjs) into public/comments.js:
 * it posts comments in place and solves the proof of work when one is asked. The form works without
 * it. Its URL carries a content hash, so it is served with a year-long cache.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../package-root.js';

export const COMMENTS_BUNDLE = path.join(PACKAGE_ROOT, 'public', 'comments.js');

/** The bundle's text and its hashed URL, read when the app is built; null when it has not been built. */
export function loadCommentsScript(): { js: string; path: string } | null {
  if (!existsSync(COMMENTS_BUNDLE)) return null;
  const js = readFileSync(COMMENTS_BUNDLE, 'utf8');
  return { js, path: `/static/comments.js?v=${createHash('sha1').update(js).digest('hex').slice(0, 10)}` };
}
