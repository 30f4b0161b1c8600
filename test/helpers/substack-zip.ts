/** The Substack fixture (test/fixtures/substack) zipped as Substack hands it out. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';

const FOLDER = path.resolve(import.meta.dirname, '../fixtures/substack');

/** The export as a zip; `csv`, when given, stands for its posts.csv. */
export function substackZip(csv?: string): Buffer {
  const files: Record<string, Uint8Array> = {};
  const add = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) add(path.join(dir, entry.name), `${prefix}${entry.name}/`);
      else if (entry.name !== 'README.md') files[`${prefix}${entry.name}`] = readFileSync(path.join(dir, entry.name));
    }
  };
  add(FOLDER, '');
  if (csv !== undefined) files['posts.csv'] = strToU8(csv);
  return Buffer.from(zipSync(files));
}
