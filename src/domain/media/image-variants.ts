/**
 * Smaller copies of an uploaded image in the widths the themes ask for (card thumbnails, popular-post
 * thumbnails, logos), made once with sharp from the upload's largest copy and kept beside it as
 * `WIDTH.webp` and `WIDTH.avif`, so they are served like any upload (cached forever: a path never names other bytes).
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

/** The formats of the smaller copies: WebP, and AVIF (smaller still) for browsers that take it. */
export type VariantFormat = 'webp' | 'avif';

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

/** The path of an upload's copy `width` pixels wide in WebP (or AVIF). */
export function variantPath(ref: UploadRef, width: number, format: VariantFormat = 'webp'): string {
  return `/uploads/${ref.blogId}/${ref.imageId}/${width}.${format}`;
}

let sharpModule: Promise<typeof Sharp> | undefined;
const loadSharp = () => (sharpModule ??= import('sharp').then((m) => m.default));

/** A copy to send for a request: its file, its format, and whether it is the one asked for (else a stand-in). */
export interface ServedCopy {
  file: string;
  format: VariantFormat;
  asked: boolean;
}

/** AVIF copies waiting to be made in the background; past that, asked-for ones are not queued (a stand-in is sent). */
const MAX_AVIF_WAITING = 32;

export class ImageVariants {
  private readonly making = new Map<string, Promise<boolean>>();
  private readonly avifWaiting = new Map<string, () => Promise<unknown>>();
  private avifRunning = false;

  constructor(private readonly uploadsDir: string) {}

  /**
   * Makes `WIDTH.webp` (or `.avif`) in the image's folder when it is missing, from the largest copy there.
   * Resolves true when the copy exists afterwards; false when the width is not one themes use (AVIF is
   * also made at the upload's own largest width), the image is narrower, or there is no such image.
   */
  ensure(blogId: string, imageId: string, width: number, format: VariantFormat = 'webp'): Promise<boolean> {
    if (!SERVED_WIDTHS.includes(width) && format === 'webp') return Promise.resolve(false);
    const dir = path.join(this.uploadsDir, blogId, imageId);
    const key = `${dir}/${width}.${format}`;
    let job = this.making.get(key);
    if (!job) {
      job = this.make(dir, width, format).finally(() => this.making.delete(key));
      this.making.set(key, job);
    }
    return job;
  }

  /**
   * The copy to send for `/uploads/BLOG/IMAGE/WIDTH.FORMAT`, made when missing. An AVIF copy takes
   * seconds of CPU (a large one ten and more), so a reader never waits for it: it is made in the
   * background, one at a time, and meanwhile the WebP copy of the same width stands in (the caller
   * sends it with its own type and a short cache). Null when there is no such copy to send.
   */
  async copyFor(blogId: string, imageId: string, width: number, format: VariantFormat): Promise<ServedCopy | null> {
    const dir = path.join(this.uploadsDir, blogId, imageId);
    const fileOf = (f: VariantFormat) => path.join(dir, `${width}.${f}`);
    const exists = async (f: VariantFormat) => (await stat(fileOf(f)).catch(() => undefined))?.isFile() ?? false;
    if (await exists(format)) return { file: fileOf(format), format, asked: true };
    if (format === 'webp') return (await this.ensure(blogId, imageId, width)) ? { file: fileOf('webp'), format, asked: true } : null;
    if (!(await exists('webp')) && !(await this.ensure(blogId, imageId, width))) return null;
    this.makeAvifLater(blogId, imageId, width);
    return { file: fileOf('webp'), format: 'webp', asked: false };
  }

  /** Queues an AVIF copy to be made in the background (once; not when too many are waiting). */
  private makeAvifLater(blogId: string, imageId: string, width: number): void {
    const key = `${blogId}/${imageId}/${width}`;
    if (this.avifWaiting.has(key) || this.avifWaiting.size >= MAX_AVIF_WAITING) return;
    this.avifWaiting.set(key, () => this.ensure(blogId, imageId, width, 'avif'));
    if (!this.avifRunning) void this.runAvifQueue();
  }

  private async runAvifQueue(): Promise<void> {
    this.avifRunning = true;
    for (let next = this.avifWaiting.entries().next(); !next.done; next = this.avifWaiting.entries().next()) {
      const [key, make] = next.value;
      // A copy that cannot be made (a damaged file) is not retried until it is asked for again.
      await make().catch(() => false);
      this.avifWaiting.delete(key);
    }
    this.avifRunning = false;
  }

  /** Resolves when no AVIF copy waits to be made (tests wait for it). */
  async settled(): Promise<void> {
    while (this.avifRunning) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  private async make(dir: string, width: number, format: VariantFormat): Promise<boolean> {
    const target = path.join(dir, `${width}.${format}`);
    if ((await stat(target).catch(() => undefined))?.isFile()) return true;
    const source = await largestCopy(dir);
    if (!source) return false;
    // A WebP copy is made only below the largest width (the upload made that one); AVIF also at it.
    if (format === 'webp' ? source.width <= width : source.width < width || (!SERVED_WIDTHS.includes(width) && width !== source.width))
      return false;
    const sharp = await loadSharp();
    const resized = sharp(path.join(dir, source.file), { limitInputPixels: 60_000_000 }).resize({ width, withoutEnlargement: true });
    // AVIF's effort 2 of 9: a fraction of the default's time for nearly the same size.
    const bytes = await (format === 'webp' ? resized.webp({ quality: 78 }) : resized.avif({ quality: 55, effort: 2 })).toBuffer();
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
