/**
 * The package's root folder (the one holding package.json, themes/, admin/ and public/), found by
 * walking up from this module. A fixed `../..` would break when the server runs bundled
 * (dist/server/, see scripts/build-server.mjs) rather than compiled file by file (dist/) or from src/.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${start}`);
  }
}

/** Absolute path of the Dastan package's root folder. */
export const PACKAGE_ROOT = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));
