/**
 * A folder as an export (a Markdown site: `dastan import ./my-site --blog NAME`): its files listed the
 * way a zip's are, read when a parser asks. The site generator's output and tool folders are not
 * walked. A symbolic link is followed only when it leads to a file inside the folder; one that leads
 * outside is listed as a problem (the import names it) and never read.
 */
import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { ImportRefusedError } from './import-errors.js';
import type { ImportSource, ZipArchive } from './import-model.js';

/** Folders a site keeps beside its content: dependencies, version control, generated output, caches. */
const SKIPPED = new Set(['node_modules', '.git', '.hg', '.svn', '_site', 'public', 'resources', '.jekyll-cache', '.sass-cache', '.cache']);
/** More files than any site of Markdown posts has: a bound against being pointed at a whole disk. */
const MAX_FILES = 200_000;
export const MAX_FOLDER_FILE_BYTES = 64 * 1024 * 1024;

const inside = (root: string, target: string) => target === root || target.startsWith(root + path.sep);

/** Lists the files under `root` (relative names with `/`), and the links that lead outside it. */
function listFolder(root: string): { names: string[]; problems: { name: string; reason: string }[] } {
  const names: string[] = [];
  const problems: { name: string; reason: string }[] = [];
  const walk = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const name = prefix + entry.name;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED.has(entry.name)) walk(full, `${name}/`);
      } else if (entry.isSymbolicLink()) {
        let target: string;
        try {
          target = realpathSync(full);
        } catch {
          problems.push({ name, reason: 'a symbolic link to nothing' });
          continue;
        }
        if (!inside(root, target)) problems.push({ name, reason: 'a symbolic link that leads outside the folder (not read)' });
        else if (statSync(target).isFile()) names.push(name);
      } else if (entry.isFile()) {
        names.push(name);
      }
      if (names.length > MAX_FILES) throw new ImportRefusedError(`the folder holds more than ${MAX_FILES.toLocaleString('en')} files`);
    }
  };
  walk(root, '');
  return { names, problems };
}

/** The files of the folder `dir` as an archive. */
export function folderArchive(dir: string): ZipArchive {
  const root = realpathSync(dir);
  const { names, problems } = listFolder(root);
  const known = new Set(names);
  return {
    names,
    problems,
    read(name: string): Buffer {
      if (!known.has(name)) throw new ImportRefusedError(`the folder has no file ${name}`);
      const full = realpathSync(path.join(root, name));
      // Checked again when read: a link may have been changed since the folder was listed.
      if (!inside(root, full)) throw new ImportRefusedError(`${name} leads outside the folder`);
      if (lstatSync(full).size > MAX_FOLDER_FILE_BYTES) {
        throw new ImportRefusedError(`the file ${name} is larger than ${MAX_FOLDER_FILE_BYTES / 1024 / 1024} MB`);
      }
      return readFileSync(full);
    },
  };
}

/** A folder as an import source: its files are the export. */
export function folderSource(dir: string): ImportSource {
  const folder = folderArchive(dir);
  return { name: `${path.basename(path.resolve(dir))}/`, size: 0, open: () => Readable.from([]), folder };
}
