/**
 * A post body's uploaded images as `<picture>`: an AVIF and a WebP `<source>` with the widths the
 * sanitizer listed in the image's `srcset` (html-rules.ts), and the `<img>` itself left with the
 * original JPEG or PNG as the fallback, its width, height and lazy loading. The copies are made once,
 * on their first request (image-variants.ts). Bodies are stored sanitized, so their `<img>` tags have one
 * shape: double-quoted attributes, entities in values. Other images (another site's) stay as they are.
 */
const UPLOADED_IMG = /<img\b([^>]*?)\ssrc="(\/uploads\/\d{1,19}\/\d{1,19}\/\d{1,5}\.(?:jpg|png))"([^>]*)>/g;
const SRCSET = /\s(srcset|sizes)="([^"]*)"/g;
const WEBP_CANDIDATE = /^\/uploads\/\d{1,19}\/\d{1,19}\/\d{1,5}\.webp \d{1,5}w$/;

/** The AVIF twin of an uploaded image's WebP `srcset`, or '' when any candidate is not one of its copies. */
export function avifSrcset(webp: string): string {
  const candidates = webp.split(',').map((c) => c.trim());
  if (candidates.length === 0 || !candidates.every((c) => WEBP_CANDIDATE.test(c))) return '';
  return candidates.map((c) => c.replace('.webp ', '.avif ')).join(', ');
}

function picture(tag: string, before: string, src: string, after: string): string {
  let webp = '';
  let sizes = '';
  const strip = (part: string) =>
    part.replace(SRCSET, (_m, name: string, value: string) => {
      if (name === 'srcset') webp = value;
      else sizes = value;
      return '';
    });
  const rest = strip(before) + strip(after);
  const avif = webp ? avifSrcset(webp) : '';
  if (!avif) return tag;
  const sized = sizes ? ` sizes="${sizes}"` : '';
  return `<picture><source type="image/avif" srcset="${avif}"${sized}><source type="image/webp" srcset="${webp}"${sized}><img src="${src}"${rest}></picture>`;
}

/** `html` with every uploaded image as a `<picture>` (bodies that already use `<picture>` are left alone). */
export function withPictures(html: string): string {
  if (!html.includes('/uploads/') || html.includes('<picture')) return html;
  return html.replace(UPLOADED_IMG, picture);
}
