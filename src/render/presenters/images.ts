/**
 * The pictures themes show for a post: its cover image, or else the first image of its body, as a
 * `<picture>` model: `srcset`s of the upload's copies in AVIF and WebP (image-variants.ts) with its own
 * JPEG or PNG as the fallback. An
 * image from another site (an imported Blogger post's) is shown as it is: nothing is fetched to resize it.
 */
import { decode } from 'html-entities';
import { parseUploadPath, SERVED_WIDTHS, variantPath, type VariantFormat } from '../../domain/media/image-variants.js';
import { isCoverImageUrl } from '../../domain/posts/cover-image.js';
import type { PostRow } from '../../storage/schema.js';

export interface ImageView {
  /** The image at its largest (an upload's JPEG/PNG, or another site's address). */
  src: string;
  /** Smaller copies by width (`/uploads/…/320.webp 320w, …`); '' when there are none. */
  srcset: string;
  /** An upload's copies in WebP and in AVIF by width, up to its largest, for `<picture>`'s sources; '' for another site's image. */
  webpset: string;
  avifset: string;
  /** What a browser that takes neither WebP nor AVIF shows: the upload's own JPEG or PNG. */
  fallback: string;
  alt: string;
}

/** A post's picture: its cover, else its body's first image. */
export type PostImageSource = Pick<PostRow, 'id' | 'updated_at' | 'cover_image_url' | 'cover_image_alt' | 'body_html'>;

const FIRST_IMG = /<img\b[^>]*>/i;
const SRC = /\bsrc="([^"]+)"/i;
const ALT = /\balt="([^"]*)"/i;

/** The first `<img>` of sanitized HTML: its address and text alternative, entities decoded. */
export function firstImage(html: string): { url: string; alt: string } | null {
  const tag = FIRST_IMG.exec(html)?.[0];
  const src = tag && SRC.exec(tag)?.[1];
  if (!src) return null;
  const url = decode(src);
  return isCoverImageUrl(url) ? { url, alt: decode(ALT.exec(tag)?.[1] ?? '') } : null;
}

/** `src` with the copies of it among `widths` (those narrower than the upload) as a srcset. */
export function imageView(url: string, alt: string, widths: readonly number[]): ImageView {
  const ref = parseUploadPath(url);
  if (!ref) return { src: url, srcset: '', webpset: '', avifset: '', fallback: url, alt };
  const copies = widths.filter((w) => w < ref.width && SERVED_WIDTHS.includes(w));
  const srcset = [...copies.map((w) => `${variantPath(ref, w)} ${w}w`), `${url} ${ref.width}w`].join(', ');
  const set = (format: VariantFormat) => [...copies, ref.width].map((w) => `${variantPath(ref, w, format)} ${w}w`).join(', ');
  const src = copies.length > 0 ? variantPath(ref, copies.at(-1)!) : url;
  // A WebP upload has no JPEG/PNG beside it: its fallback is itself.
  return { src, srcset, webpset: set('webp'), avifset: set('avif'), fallback: url, alt };
}

/** Post ID and version → its picture: finding the first image reads the whole body. */
const found = new Map<string, { url: string; alt: string } | null>();
const FOUND_KEPT = 5_000;

/** The post's picture (cover, else first image), or null when it has none. */
export function postImage(post: PostImageSource): { url: string; alt: string } | null {
  if (post.cover_image_url) return { url: post.cover_image_url, alt: post.cover_image_alt };
  const key = `${post.id}|${post.updated_at}`;
  let image = found.get(key);
  if (image === undefined) {
    image = firstImage(post.body_html);
    if (found.size >= FOUND_KEPT) found.clear();
    found.set(key, image);
  }
  return image;
}

/** The card widths: a grid card is at most ~640 px wide, twice that on a dense screen. */
export const CARD_WIDTHS = [320, 640, 960] as const;
/** Popular-post thumbnails: 96 px squares, 192 on a dense screen. */
export const THUMB_WIDTHS = [96, 192] as const;

/** An absolute address of the post's picture for `og:image`, or null. */
export function socialImage(post: PostImageSource, origin: string): string | null {
  const image = postImage(post);
  if (!image) return null;
  return image.url.startsWith('/') ? `${origin}${image.url}` : image.url;
}
