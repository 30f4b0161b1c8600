/**
 * Uploaded images: the real type is read from the bytes (never the name), only JPEG, PNG, WebP, GIF and
 * AVIF are taken, metadata (camera, GPS location) is dropped, the picture is turned upright, and copies
 * are made at a few widths in WebP beside a JPEG/PNG fallback. Files live under
 * DATA_DIR/uploads/BLOG/IMAGE/WIDTH.EXT and are never changed once written (so they cache forever).
 *
 * Decoding is the costly part (a 230 KB PNG can claim 7700×7700 pixels, 33 s and 236 MB), so it is
 * bounded three ways: a picture over MAX_IMAGE_PIXELS is refused from its header; each picture is
 * decoded once, straight down to the largest width kept, and the smaller copies are made from that;
 * and at most IMAGE_CONCURRENCY pictures are worked on at once, each stopped after a time limit.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Metadata, default as Sharp } from 'sharp';
import { newId } from '../../storage/ids.js';
import { storageTrouble } from '../../storage/storage-errors.js';
import { AppError, InvalidInputError } from '../errors.js';
import { ImageVariants } from './image-variants.js';

/** The widths made for srcset (those below the original's width), and the largest kept. */
export const IMAGE_WIDTHS = [480, 960, 1600] as const;
export const MAX_IMAGE_WIDTH = 2400;
const ACCEPTED = new Set(['jpeg', 'png', 'webp', 'gif', 'avif', 'heif']);
/** 40 megapixels: a 50-megapixel phone's pictures are larger; they are refused with a message saying so. */
export const MAX_IMAGE_PIXELS = 40_000_000;
/** Pictures worked on at once in this process; more wait their turn. */
export const IMAGE_CONCURRENCY = 2;
/** Pictures that may wait; past that an upload is answered 503 at once. */
const MAX_WAITING = 16;
const TIMEOUT_SECONDS = 30;

/** 503: the server is busy with other pictures; try again shortly. */
export class ImageBusyError extends AppError {
  constructor() {
    super(503, 'busy', 'The server is busy with other pictures right now. Please try again in a minute.');
  }
}

export interface ImageOptions {
  /** How long one picture may take (default 30 s). */
  timeoutSeconds?: number;
}

export interface StoredImage {
  /** The fallback copy at the largest width, as a path: `/uploads/BLOG/IMAGE/WIDTH.jpg`. */
  src: string;
  width: number;
  height: number;
}

/** The widths an image of `largest` pixels across has copies at. */
export function widthsFor(largest: number): number[] {
  return [...IMAGE_WIDTHS.filter((w) => w < largest), largest];
}

/** sharp (and libvips with it, some 30 MB) is loaded on the first upload, not when the server starts. */
let sharpModule: Promise<typeof Sharp> | undefined;
const loadSharp = () =>
  (sharpModule ??= import('sharp').then((m) => {
    // libvips' operation cache kept hundreds of MB after big pictures; one thread each keeps the total bounded.
    m.default.cache(false);
    m.default.concurrency(1);
    return m.default;
  }));

export class ImageService {
  private working = 0;
  private readonly waiting: (() => void)[] = [];
  /** The most pictures worked on at once so far (tests read it). */
  peakWork = 0;
  /** The smaller copies themes ask for, made on first request. */
  readonly variants: ImageVariants;

  constructor(
    private readonly uploadsDir: string,
    private readonly options: ImageOptions = {},
  ) {
    this.variants = new ImageVariants(uploadsDir);
  }

  async store(blogId: string, bytes: Buffer): Promise<StoredImage> {
    if (this.working >= IMAGE_CONCURRENCY) {
      if (this.waiting.length >= MAX_WAITING) throw new ImageBusyError();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.working++;
    this.peakWork = Math.max(this.peakWork, this.working);
    const seconds = this.options.timeoutSeconds ?? TIMEOUT_SECONDS;
    const work = this.process(blogId, bytes, Math.max(1, Math.ceil(seconds)));
    // The place is given up when the work ends (sharp stops it at its own timeout), not when the
    // uploader stops waiting: a picture past its time still holds a thread until then.
    const release = () => {
      this.working--;
      this.waiting.shift()?.();
    };
    work.then(release, release);
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        work,
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new InvalidInputError('This picture took too long to process. Please upload a smaller one.', 'file')),
            seconds * 1000,
          );
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Pictures being worked on now, including any whose uploader was already told it took too long. */
  get inProgress(): number {
    return this.working;
  }

  private async process(blogId: string, bytes: Buffer, seconds: number): Promise<StoredImage> {
    const sharp = await loadSharp();
    let meta: Metadata;
    try {
      // Only the header is read here: the size is checked below, with a message that says it.
      meta = await sharp(bytes, { limitInputPixels: false }).metadata();
    } catch {
      throw new InvalidInputError(
        'This file is not an image Dastan can use. Please upload a JPEG, PNG, WebP, GIF or AVIF picture.',
        'file',
      );
    }
    if (!meta.format || !ACCEPTED.has(meta.format) || !meta.width || !meta.height) {
      throw new InvalidInputError(
        'This file is not an image Dastan can use. Please upload a JPEG, PNG, WebP, GIF or AVIF picture.',
        'file',
      );
    }
    if (meta.width * meta.height > MAX_IMAGE_PIXELS) {
      throw new InvalidInputError(
        `This picture is ${meta.width} × ${meta.height} pixels: too large (the limit is ${MAX_IMAGE_PIXELS / 1_000_000} megapixels). Please upload a smaller copy.`,
        'file',
      );
    }
    // EXIF orientation applies to width/height as displayed.
    const upright = (meta.orientation ?? 1) >= 5;
    const displayWidth = upright ? meta.height : meta.width;
    const displayHeight = upright ? meta.width : meta.height;
    const largest = Math.min(displayWidth, MAX_IMAGE_WIDTH);
    const fallback = meta.hasAlpha || meta.format === 'png' || meta.format === 'gif' ? 'png' : 'jpg';
    const id = newId();
    const dir = path.join(this.uploadsDir, blogId, id);
    await mkdir(dir, { recursive: true });
    try {
      // Decoded once, straight to the largest width (JPEG and WebP shrink while loading), as raw pixels.
      const master = await sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS, animated: false, sequentialRead: true })
        .rotate()
        .resize({ width: largest, withoutEnlargement: true })
        .timeout({ seconds })
        .raw()
        .toBuffer({ resolveWithObject: true });
      const raw = { raw: { width: master.info.width, height: master.info.height, channels: master.info.channels } };
      for (const width of widthsFor(largest)) {
        // sharp writes no metadata unless asked (withMetadata), so EXIF and GPS are gone from every copy.
        const base = sharp(master.data, raw).resize({ width, withoutEnlargement: true }).timeout({ seconds });
        await writeFile(path.join(dir, `${width}.webp`), await base.clone().webp({ quality: 80 }).toBuffer());
        if (width === largest) {
          const out = fallback === 'png' ? base.clone().png({ compressionLevel: 9 }) : base.clone().jpeg({ quality: 85, mozjpeg: true });
          await writeFile(path.join(dir, `${width}.${fallback}`), await out.toBuffer());
        }
      }
    } catch (error) {
      // Nothing half-written stays behind; a full disk is the server's trouble (503), not the picture's.
      await rm(dir, { recursive: true, force: true }).catch(() => {});
      if (storageTrouble(error)) throw error;
      if (/timeout/i.test(String(error))) {
        throw new InvalidInputError('This picture took too long to process. Please upload a smaller one.', 'file');
      }
      throw new InvalidInputError('This image could not be read; it may be damaged. Please try another file.', 'file');
    }
    return {
      src: `/uploads/${blogId}/${id}/${largest}.${fallback}`,
      width: largest,
      height: Math.round((displayHeight * largest) / displayWidth),
    };
  }
}
