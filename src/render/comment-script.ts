/**
 * The comment form's script, bundled by esbuild (scripts/build-comments.mjs) into public/comments.js:
 * it posts comments in place and shows the ALTCHA proof of work when one is asked. The form works
 * without it. Its URL carries a content hash, so it is served with a year-long cache.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const COMMENTS_BUNDLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../public/comments.js');

/** The bundle's text, or null when it has not been built. */
export const COMMENTS_SCRIPT: string | null = existsSync(COMMENTS_BUNDLE) ? readFileSync(COMMENTS_BUNDLE, 'utf8') : null;

export const COMMENTS_SCRIPT_PATH: string | null = COMMENTS_SCRIPT
  ? `/static/comments.js?v=${createHash('sha1').update(COMMENTS_SCRIPT).digest('hex').slice(0, 10)}`
  : null;
