/**
 * Which links of an imported post are images worth bringing home, and rewriting them to local copies.
 * An image is one an old platform hosted for the blog: Blogger's image hosts, WordPress's
 * `wp-content/uploads` (and the export's attachments), Ghost's `content/images`. Bodies are the
 * sanitizer's output, so attribute values are double-quoted with `&` written `&amp;`.
 */

const BLOGGER_HOST = /(^|\.)(blogger\.googleusercontent\.com|bp\.blogspot\.com|googleusercontent\.com|ggpht\.com)$/i;
/** Substack's and Medium's image hosts. */
const PLATFORM_HOST = /(^|\.)(substackcdn\.com|substack-post-media\.s3\.amazonaws\.com|miro\.medium\.com|cdn-images-1\.medium\.com)$/i;
const HOSTED_PATH = /\/wp-content\/uploads\/|\/content\/images\//i;
const IMAGE_FILE = /\.(jpe?g|png|gif|webp|avif)$/i;
const TAG = /<(img|a)\b[^>]*>/gi;
const ATTRIBUTE = /\s(src|href|srcset)="([^"]*)"/gi;

function decode(value: string): string {
  return value.replace(/&(amp|quot|#39|lt|gt);/g, (_m, name: string) => ({ amp: '&', quot: '"', '#39': "'", lt: '<', gt: '>' })[name]!);
}

function encode(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
}

function parse(address: string): URL | undefined {
  try {
    const url = new URL(address);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** True when `address` in an `<img src>` (or, `linked`, an `<a href>`) is an image the old platform hosted. */
export function isHostedImage(address: string, attachments: ReadonlySet<string>, linked: boolean): boolean {
  const url = parse(address);
  if (!url) return false;
  const blogger = BLOGGER_HOST.test(url.hostname) || PLATFORM_HOST.test(url.hostname);
  if (!blogger && !HOSTED_PATH.test(url.pathname) && !attachments.has(address)) return false;
  // A link may lead to a PDF in wp-content/uploads: only links that name an image file are taken.
  return !linked || blogger || IMAGE_FILE.test(url.pathname);
}

/** The hosted images a body shows (`<img src>`) or links to (`<a href>` of an image file). */
export function hostedImagesIn(html: string, attachments: ReadonlySet<string>): string[] {
  const found = new Set<string>();
  for (const tag of html.matchAll(TAG)) {
    const linked = tag[1]!.toLowerCase() === 'a';
    for (const attribute of tag[0].matchAll(ATTRIBUTE)) {
      const name = attribute[1]!.toLowerCase();
      if (name !== (linked ? 'href' : 'src')) continue;
      const address = decode(attribute[2]!);
      if (isHostedImage(address, attachments, linked)) found.add(address);
    }
  }
  return [...found];
}

/**
 * The body with every image address in `local` replaced by its local copy. An `<img>` whose `src`
 * changes loses its `srcset` (it named the old copies; the sanitizer gives uploads their own).
 */
export function rewriteImages(html: string, local: ReadonlyMap<string, string>): string {
  return html.replace(TAG, (tag, name: string) => {
    const linked = name.toLowerCase() === 'a';
    let changed = false;
    const rewritten = tag.replace(ATTRIBUTE, (whole, attribute: string, value: string) => {
      if (attribute.toLowerCase() !== (linked ? 'href' : 'src')) return whole;
      const copy = local.get(decode(value));
      if (!copy) return whole;
      changed = true;
      return ` ${attribute}="${encode(copy)}"`;
    });
    return changed && !linked ? rewritten.replace(/\ssrcset="[^"]*"/i, '') : rewritten;
  });
}
