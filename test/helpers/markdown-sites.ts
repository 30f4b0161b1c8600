/**
 * The Markdown site fixtures (test/fixtures/markdown: a Jekyll, a Hugo and an Eleventy site, written
 * as each generator's starter site lays them out) packed the ways a person hands them in: a zip of the
 * folder (the dashboard), a tar.gz (made with the system's tar), or the folder itself (`dastan import`).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';

export const MARKDOWN_FIXTURES = path.resolve(import.meta.dirname, '../fixtures/markdown');

export type SiteName = 'jekyll' | 'hugo' | 'eleventy';

export const siteFolder = (name: SiteName) => path.join(MARKDOWN_FIXTURES, name);

/** The files of a fixture site: path in the folder → bytes. */
export function siteFiles(name: SiteName): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  const root = siteFolder(name);
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files[path.relative(root, full).split(path.sep).join('/')] = readFileSync(full);
  }
  return files;
}

/** The site zipped as its folder (`name-site/…`), with `extra` files added or replaced (paths inside the folder, or `../` ones). */
export function siteZip(name: SiteName, extra: Record<string, string> = {}): Buffer {
  const files: Record<string, Uint8Array> = {};
  for (const [file, bytes] of Object.entries(siteFiles(name))) files[`${name}-site/${file}`] = bytes;
  for (const [file, text] of Object.entries(extra)) files[file.startsWith('../') ? file : `${name}-site/${file}`] = Buffer.from(text);
  return Buffer.from(zipSync(files));
}

/** The site as a .tar.gz, made by tar. */
export function siteTarGz(name: SiteName): Buffer {
  const run = spawnSync('tar', ['-czf', '-', '-C', MARKDOWN_FIXTURES, name], { maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`tar failed: ${run.stderr.toString()}`);
  return run.stdout;
}
