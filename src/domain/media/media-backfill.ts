/**
 * Uploads made before the media library kept a row for each (and pictures an import brought in) are
 * found on disk, DATA_DIR/uploads/BLOG/ID/, the first time the library is opened, and recorded: the
 * largest JPEG/PNG copy's address and size (its header read by sharp), the bytes of every copy, and the
 * folder's time as the upload's.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { default as Sharp } from 'sharp';
import type { NewMediaRow } from '../../storage/schema.js';

/** At most this many uploads are recorded per opening; the rest the next time. */
const MAX_PER_RUN = 500;

let sharpModule: Promise<typeof Sharp> | undefined;
const loadSharp = () => (sharpModule ??= import('sharp').then((m) => m.default));

/** The copies in an upload's folder: their total bytes, and the widest JPEG or PNG. */
export async function folderFacts(dir: string): Promise<{ bytes: number; largest?: { file: string; width: number } }> {
  let bytes = 0;
  let largest: { file: string; width: number } | undefined;
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const info = await stat(path.join(dir, name)).catch(() => undefined);
    if (!info?.isFile() || name.endsWith('.part')) continue;
    bytes += info.size;
    const m = /^(\d{1,5})\.(jpg|png)$/.exec(name);
    if (m && (!largest || Number(m[1]) > largest.width)) largest = { file: name, width: Number(m[1]) };
  }
  return { bytes, largest };
}

/** Rows for the blog's upload folders that `known` does not have yet. */
export async function unrecordedUploads(uploadsDir: string, blogId: string, known: ReadonlySet<string>): Promise<NewMediaRow[]> {
  const blogDir = path.join(uploadsDir, blogId);
  const folders = (await readdir(blogDir).catch(() => [] as string[])).filter((name) => /^\d{1,19}$/.test(name) && !known.has(name));
  const rows: NewMediaRow[] = [];
  for (const id of folders.slice(0, MAX_PER_RUN)) {
    const dir = path.join(blogDir, id);
    const { bytes, largest } = await folderFacts(dir);
    if (!largest) continue;
    const sharp = await loadSharp();
    const meta = await sharp(path.join(dir, largest.file))
      .metadata()
      .catch(() => undefined);
    if (!meta?.width || !meta.height) continue;
    const created = await stat(dir).then((s) => Math.round(s.mtimeMs));
    rows.push({
      id,
      blog_id: blogId,
      src: `/uploads/${blogId}/${id}/${largest.file}`,
      width: meta.width,
      height: meta.height,
      bytes,
      created_at: created,
    });
  }
  return rows;
}
