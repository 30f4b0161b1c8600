/**
 * Uploaded images: the real type is read from the bytes (never the name), only JPEG, PNG, WebP, GIF and
 * AVIF are taken, metadata (camera, GPS location) is dropped, the picture is turned upright, and copies
 * are made at a few widths in WebP beside a JPEG/PNG fallback. Files live under
 * DATA_DIR/uploads/BLOG/IMAGE/WIDTH.EXT and are never changed once written (so they cache forever).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Metadata, default as Sharp } from 'sharp';
import { newId } from '../../storage/ids.js';
import { InvalidInputError } from '../errors.js';
import { ImageVariants } from './image-variants.js';

/** The widths made for srcset (those below the original's width), and the largest kept. */
export const IMAGE_WIDTHS = [480, 960, 1600] as const;
export const MAX_IMAGE_WIDTH = 2400;
const ACCEPTED = new Set(['jpeg', 'png', 'webp', 'gif', 'avif', 'heif']);

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
const loadSharp = () => (sharpModule ??= import('sharp').then((m) => m.default));

export class ImageService {
  /** The smaller copies themes ask for, made on first request. */
  readonly variants: ImageVariants;

  constructor(private readonly uploadsDir: string) {
    this.variants = new ImageVariants(uploadsDir);
  }

  async store(blogId: string, bytes: Buffer): Promise<StoredImage> {
    const sharp = await loadSharp();
    let meta: Metadata;
    try {
      meta = await sharp(bytes, { limitInputPixels: 60_000_000 }).metadata();
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
      for (const width of widthsFor(largest)) {
        // sharp writes no metadata unless asked (withMetadata), so EXIF and GPS are gone from every copy.
        const base = sharp(bytes, { limitInputPixels: 60_000_000, animated: false }).rotate().resize({ width, withoutEnlargement: true });
        await writeFile(path.join(dir, `${width}.webp`), await base.clone().webp({ quality: 80 }).toBuffer());
        if (width === largest) {
          const out = fallback === 'png' ? base.clone().png({ compressionLevel: 9 }) : base.clone().jpeg({ quality: 85, mozjpeg: true });
          await writeFile(path.join(dir, `${width}.${fallback}`), await out.toBuffer());
        }
      }
    } catch {
      throw new InvalidInputError('This image could not be read; it may be damaged. Please try another file.', 'file');
    }
    return {
      src: `/uploads/${blogId}/${id}/${largest}.${fallback}`,
      width: largest,
      height: Math.round((displayHeight * largest) / displayWidth),
    };
  }
}
