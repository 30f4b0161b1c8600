/**
 * The browser scripts (the dashboard's editor and Theme bundles, the reader's comment script) built from
 * src/client before a browser test serves them. `scripts/run-tests.mjs` builds them once before its browser
 * phase and says so in DASTAN_CLIENT_SCRIPTS_BUILT, so files running side by side never rewrite a bundle
 * another test's browser is loading; a file run on its own builds them itself.
 */
import { execFileSync } from 'node:child_process';

export function buildClientScripts(which: 'editor' | 'comments'): void {
  if (process.env.DASTAN_CLIENT_SCRIPTS_BUILT === '1') return;
  execFileSync(process.execPath, [`scripts/build-${which}.mjs`]);
}
