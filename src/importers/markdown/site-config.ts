/**
 * A Markdown site's configuration file, parsed (loaded with the parser, not with the format detection
 * the web server holds): YAML, TOML or JSON; Eleventy's is a program, which is not run — its input
 * folder is read from its text. A broken file refuses the import: the addresses depend on it.
 */
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import { ImportRefusedError } from '../import-errors.js';
import type { ZipArchive } from '../import-model.js';
import type { MarkdownSite } from './site.js';

/** A site's configuration file, parsed; a broken one refuses the import (the permalinks depend on it). */
export function readSiteConfig(zip: Pick<ZipArchive, 'read'>, site: MarkdownSite): Record<string, unknown> {
  const file = site.configFile;
  if (!file) return {};
  const text = zip
    .read(file)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  if (/\.(c?js|mjs|ts)$/.test(file)) {
    // Eleventy's configuration is a program, which is not run: its input folder is read from it.
    const input = /\binput\s*:\s*["'`]([^"'`]+)["'`]/.exec(text)?.[1];
    return input ? { dir: { input } } : {};
  }
  let parsed: unknown;
  try {
    if (file.endsWith('.toml')) parsed = parseToml(text);
    else if (file.endsWith('.json')) parsed = JSON.parse(text);
    else parsed = parseYaml(text, { uniqueKeys: false });
  } catch (error) {
    const line = (error as { linePos?: { line: number }[]; line?: number }).linePos?.[0]?.line ?? (error as { line?: number }).line;
    throw new ImportRefusedError(`${file}, the site's configuration, cannot be read (${(error as Error).message.split('\n')[0]})`, line);
  }
  return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
}
