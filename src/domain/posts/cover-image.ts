/**
 * A post's cover image: the picture themes show on its card, at the top of the post, and as its
 * `og:image`. Only an upload of this install (`/uploads/…`) or an http(s) address is taken, so no
 * `javascript:` or `data:` URL ever reaches an `src`; the text alternative is one line of plain text.
 */
import { InvalidInputError } from '../errors.js';
import { cutText } from '../text/unicode.js';

export const MAX_COVER_URL = 2000;
export const MAX_COVER_ALT = 300;

export interface CoverImage {
  url: string;
  alt: string;
}

const UPLOAD = /^\/uploads\/\d{1,19}\/\d{1,19}\/\d{1,5}\.(jpg|png|webp)$/;

/** Whether `url` may be a cover image: an upload path, or an absolute http(s) URL without spaces or quotes. */
export function isCoverImageUrl(url: string): boolean {
  if (UPLOAD.test(url)) return true;
  if (url.length > MAX_COVER_URL || /[\s"'<>\\]/.test(url)) return false;
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && parsed.hostname !== '';
  } catch {
    return false;
  }
}

/** The cover as stored; '' and '' for none. Throws InvalidInputError (field `coverImageUrl`) for an address it cannot take. */
export function parseCoverImage(url: string | undefined, alt: string | undefined): CoverImage {
  const address = (url ?? '').trim();
  if (address === '') return { url: '', alt: '' };
  if (!isCoverImageUrl(address))
    throw new InvalidInputError('The cover image must be an uploaded picture or an http(s) address of one.', 'coverImageUrl');
  const text = (alt ?? '').replace(/[\u0000-\u001F\u007F]+/g, ' ').trim();
  return { url: address, alt: cutText(text, MAX_COVER_ALT) };
}

/** The posts table's columns for a cover. */
export function coverColumns(cover: CoverImage): { cover_image_url: string; cover_image_alt: string } {
  return { cover_image_url: cover.url, cover_image_alt: cover.alt };
}
