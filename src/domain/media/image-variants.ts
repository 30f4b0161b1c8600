/**
 * Smaller copies of an uploaded image in the widths the themes ask for (card thumbnails, popular-post
 * thumbnails, logos), made once with sharp from the upload's largest copy and kept beside it as
 * `WIDTH.webp`, so they are served like any upload (cached forever: a path never names other bytes).
 * Made on first request rather than at upload, so images uploaded before a theme wanted a width get it
 * too; several requests for the same copy at once share one resize. The media library can use the same
 * maker for its own sizes.
 */
import { readdir, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { default as Sharp } from 'sharp';

/**
 * Every width a copy can be asked for, smallest first: the upload's own (image.service.ts's
 * IMAGE_WIDTHS, made at upload) and the smaller ones themes use for thumbnails and logos.
 */
export const SERVED_WIDTHS: readonly number[] = [96, 192, 320, 480, 640, 960, 1600];

const UPLOAD_PATH = /^\/uploads\/(\d{1,19})\/(\d{1,19})\/(\d{1,5})\.(jpg|png|webp)$/;

/** An upload's parts: `/uploads/BLOG/IMAGE/WIDTH.EXT`. */
export interface UploadRef {
  blogId: string;
  imageId: string;
  /** The width of the copy the path names: the largest for a stored image's `src`. */
  width: number;
}

/** The parts of an upload path, or null for any other address. */
export function parseUploadPath(src: string): UploadRef | null {
  const m = UPLOAD_PATH.exec(src);
  return m ? { blogId: m[1]!, imageId: m[2]!, width: Number(m[3]) } : null;
}

/** The path of an upload's copy `width` pixels wide in WebP. */
export function variantPath(ref: UploadRef, width: number): string {
  return `/uploads/${ref.blogId}/${ref.imageId}/${width}.webp`;
}

let sharpModule: Promise<typeof Sharp> | undefined;
const loadSharp = () => (sharpModule ??= import('sharp').then((m) => m.default));

export class ImageVariants {
  private readonly making = new Map<string, Promise<boolean>>();

  constructor(private readonly uploadsDir: string) {}

  /**
   * Makes `WIDTH.webp` in the image's folder when it is missing, from the largest copy there. Resolves
   * true when the copy exists afterwards; false when the width is not one themes use, the image is not
   * wider than it, or there is no such image.
   */
  ensure(blogId: string, imageId: string, width: number): Promise<boolean> {
    if (!SERVED_WIDTHS.includes(width)) return Promise.resolve(false);
    const dir = path.join(this.uploadsDir, blogId, imageId);
    const key = `${dir}/${width}`;
    let job = this.making.get(key);
    if (!job) {
      job = this.make(dir, width).finally(() => this.making.delete(key));
      this.making.set(key, job);
    }
    return job;
  }

  private async make(dir: string, width: number): Promise<boolean> {
    const target = path.join(dir, `${width}.webp`);
    if ((await stat(target).catch(() => undefined))?.isFile()) return true;
    const source = await largestCopy(dir);
    if (!source || source.width <= width) return false;
    const sharp = await loadSharp();
    const bytes = await sharp(path.join(dir, source.file), { limitInputPixels: 60_000_000 })
      .resize({ width, withoutEnlargement: true })
      .webp({ quality: 78 })
      .toBuffer();
    // Written aside and renamed, so a reader never gets half a file.
    const partial = `${target}.${process.pid}.part`;
    await writeFile(partial, bytes);
    await rename(partial, target);
    return true;
  }
}

/** The widest JPEG or PNG copy in an upload's folder (the one every upload keeps at its largest width). */
async function largestCopy(dir: string): Promise<{ file: string; width: number } | undefined> {
  const names = await readdir(dir).catch(() => [] as string[]);
  let best: { file: string; width: number } | undefined;
  for (const name of names) {
    const m = /^(\d{1,5})\.(jpg|png)$/.exec(name);
    if (m && (!best || Number(m[1]) > best.width)) best = { file: name, width: Number(m[1]) };
  }
  return best;
}
