/** The public URLs of a blog's pages (Blogger's scheme), as paths. */
import type { PostRow } from '../../storage/schema.js';

const pad = (n: number) => String(n).padStart(2, '0');

/** Path of a post (`/YYYY/MM/slug.html`) or page (`/p/slug.html`). */
export function postPath(post: Pick<PostRow, 'kind' | 'slug' | 'path_year' | 'path_month'>): string {
  const slug = encodeURIComponent(post.slug);
  if (post.kind === 'page') return `/p/${slug}.html`;
  return `/${post.path_year}/${pad(post.path_month ?? 1)}/${slug}.html`;
}

/** Path of the page of posts with all of these labels (`/search/label/A+B`). */
export function labelPath(names: readonly string[]): string {
  return `/search/label/${names.map((n) => encodeURIComponent(n)).join('+')}`;
}

export function archivePath(year: number, month?: number): string {
  return month === undefined ? `/${year}/` : `/${year}/${pad(month)}/`;
}

/**
 * Reads label names from the raw (still percent-encoded) part after `/search/label/`; `+` joins names.
 * Undefined for what no label can be: empty, too long, or holding control characters (which labels never
 * do, and PostgreSQL cannot even be asked about NUL).
 */
export function parseLabelPath(raw: string): string[] | undefined {
  try {
    const names = raw.split('+').map((part) => decodeURIComponent(part).normalize('NFC').trim());
    const possible = (n: string) => n.length > 0 && n.length <= 100 && !/[\u0000-\u001F\u007F]/.test(n);
    return names.every(possible) && names.length <= 10 ? names : undefined;
  } catch {
    return undefined;
  }
}

/** Path of the feed of posts carrying all these labels: `/feeds/posts/default/-/A/B` (or `…/summary/-/…`). */
export function labelFeedPath(names: readonly string[], projection: 'default' | 'summary' = 'default'): string {
  return `/feeds/posts/${projection}/-/${names.map((n) => encodeURIComponent(n)).join('/')}`;
}
