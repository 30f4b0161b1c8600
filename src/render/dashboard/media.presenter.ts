/**
 * The media library's view model: each upload with a thumbnail (its 320-pixel WebP copy, made on the
 * first request), its size in the reader's language, its alt text, where it is used and whether the
 * signed-in member may change it.
 */
import type { MediaItem } from '../../domain/media/media.service.js';
import { parseUploadPath, variantPath } from '../../domain/media/image-variants.js';
import { canChangeMedia } from '../../domain/policies/media.policy.js';
import type { Actor } from '../../domain/policies/actor.js';
import type { MediaRow } from '../../storage/schema.js';
import { formatDate, isoTime } from '../dates.js';

const THUMB_WIDTH = 320;

/** A copy small enough for a thumbnail: the 320-pixel WebP when the upload is wider, else the upload. */
export function thumbnailOf(row: Pick<MediaRow, 'src' | 'width'>): string {
  const ref = parseUploadPath(row.src);
  return ref && row.width > THUMB_WIDTH ? variantPath(ref, THUMB_WIDTH) : row.src;
}

/** Languages whose short byte units are Latin in CLDR ("1 kB" in Urdu): they spell the unit out ("1 کلوبائٹ"). */
const SPELLED_UNITS = new Set(['ur', 'fa', 'hi', 'bn']);

/** Bytes as the language writes them: "740 KB", "1.2 MB". */
export function formatBytes(bytes: number, language: string): string {
  const [value, unit] = bytes >= 1_000_000 ? [bytes / 1_000_000, 'megabyte'] : [Math.max(1, Math.round(bytes / 1000)), 'kilobyte'];
  const unitDisplay = SPELLED_UNITS.has(language.toLowerCase().split(/[-_]/)[0] ?? '') ? 'long' : 'short';
  return new Intl.NumberFormat(language, { style: 'unit', unit, unitDisplay, maximumFractionDigits: 1 }).format(value);
}

export function presentMedia(item: MediaItem, actor: Actor, language: string, timeZone: string) {
  const created = Number(item.created_at);
  const choice = presentChoice(item);
  // The thumbnail's box, for width/height on its <img>: at most 160 pixels wide, as the grid shows it.
  const thumbWidth = Math.min(160, choice.width);
  return {
    ...choice,
    thumbWidth,
    thumbHeight: Math.max(1, Math.round((thumbWidth * choice.height) / choice.width)),
    name: item.file_name || item.src.split('/').pop()!,
    size: formatBytes(Number(item.bytes), language),
    uploaded: { text: formatDate(created, language, timeZone), iso: isoTime(created) },
    uses: item.uses,
    used: item.uses.length > 0,
    canChange: canChangeMedia(actor, item),
  };
}

/** What the editor's "Choose from library" lists of one upload. */
export function presentChoice(item: MediaItem) {
  return {
    id: item.id,
    src: item.src,
    thumb: thumbnailOf(item),
    width: Number(item.width),
    height: Number(item.height),
    alt: item.alt,
    name: item.file_name,
  };
}
