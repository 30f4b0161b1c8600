/**
 * A blog's favicon, as `/favicon.ico` on its host: its uploaded icon made square, or a letter icon (the
 * title's first letter, white on a colour chosen from the title) when it has none. Made with sharp as
 * a 32 px PNG inside an ICO file (ICO may hold PNG images since Windows Vista; every browser reads it),
 * and kept in memory by blog and version, so each blog's icon is made once.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { default as Sharp } from 'sharp';
import { parseUploadPath } from '../media/image-variants.js';
import type { BlogRow } from '../../storage/schema.js';

const SIZE = 32;
/** Colours of letter icons: each has at least 4.5:1 contrast with white. */
const COLOURS = ['#1d4ed8', '#b91c1c', '#047857', '#7c3aed', '#b45309', '#0e7490', '#be185d', '#4d7c0f'];

let sharpModule: Promise<typeof Sharp> | undefined;
const loadSharp = () => (sharpModule ??= import('sharp').then((m) => m.default));

/** The first letter of the title (a whole grapheme: an Urdu or Devanagari letter with its marks), or "D". */
export function iconLetter(title: string): string {
  const first = [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(title.trim())][0]?.segment ?? '';
  return /[\p{L}\p{N}]/u.test(first) ? first.toLocaleUpperCase() : 'D';
}

/** The letter icon as SVG: a rounded square in a colour picked from the title, the letter in white. */
export function letterIconSvg(title: string): string {
  let hash = 0;
  for (const ch of title) hash = (hash * 31 + ch.codePointAt(0)!) >>> 0;
  const colour = COLOURS[hash % COLOURS.length]!;
  const letter = iconLetter(title).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">` +
    `<rect width="64" height="64" rx="14" fill="${colour}"/>` +
    `<text x="32" y="33" font-family="Noto Sans, Noto Naskh Arabic, Noto Sans Devanagari, Noto Sans Bengali, Noto Sans CJK SC, DejaVu Sans, sans-serif" ` +
    `font-size="38" font-weight="700" fill="#fff" text-anchor="middle" dominant-baseline="central">${letter}</text></svg>`
  );
}

/** `png` inside a one-image ICO file. */
export function icoOf(png: Buffer, size: number): Buffer {
  const header = Buffer.alloc(22);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(1, 4); // one image
  header.writeUInt8(size >= 256 ? 0 : size, 6);
  header.writeUInt8(size >= 256 ? 0 : size, 7);
  header.writeUInt8(0, 8); // no palette
  header.writeUInt8(0, 9);
  header.writeUInt16LE(1, 10); // colour planes
  header.writeUInt16LE(32, 12); // bits per pixel
  header.writeUInt32LE(png.length, 14);
  header.writeUInt32LE(22, 18); // where the image starts
  return Buffer.concat([header, png]);
}

export class BlogIcons {
  private readonly made = new Map<string, Promise<Buffer>>();

  constructor(private readonly uploadsDir: string) {}

  /** The blog's favicon as ICO bytes. */
  favicon(blog: BlogRow): Promise<Buffer> {
    const key = `${blog.id}|${blog.icon_url}|${blog.title}`;
    let icon = this.made.get(key);
    if (!icon) {
      if (this.made.size >= 1_000) this.made.clear();
      icon = this.make(blog).catch((error: unknown) => {
        this.made.delete(key);
        throw error;
      });
      this.made.set(key, icon);
    }
    return icon;
  }

  private async make(blog: BlogRow): Promise<Buffer> {
    const sharp = await loadSharp();
    const upload = parseUploadPath(blog.icon_url);
    const source = upload
      ? await readFile(
          path.join(this.uploadsDir, upload.blogId, upload.imageId, `${upload.width}.${blog.icon_url.split('.').pop()}`),
        ).catch(() => null)
      : null;
    const input = source ?? Buffer.from(letterIconSvg(blog.title));
    const png = await sharp(input, { limitInputPixels: 60_000_000 })
      .resize(SIZE, SIZE, { fit: 'cover' })
      .png({ compressionLevel: 9 })
      .toBuffer();
    return icoOf(png, SIZE);
  }
}
