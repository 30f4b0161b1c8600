/**
 * Where each address of a blog lives in its static copy, so that a plain static host (one that maps a
 * request path to a file, tries `PATH.html` and `PATH/index.html`, and serves `404.html`) answers the
 * same address the live site does. Query strings cannot be files: list pages past the first get paths of
 * their own (`/page/2.html`), and feeds, whose addresses have no extension, are `.xml` files that the
 * `_redirects` file maps their addresses to.
 */
import type { PostList } from '../domain/reader/blog-reader.js';
import type { PagerLinks } from '../render/pages.js';

/** Extensions a static host serves with the right type when the file carries them. */
const SERVED_AS_IS = /\.(html|xml|txt|json|css|js|ico|png|jpg|webp|avif|svg)$/;

/** The decoded segments of a path, or undefined when one cannot be a file name. */
function segmentsOf(urlPath: string): string[] | undefined {
  const parts = urlPath.split('/').slice(1);
  const decoded: string[] = [];
  for (const [i, part] of parts.entries()) {
    // Only the last segment may be empty (a path ending in `/`).
    if (part === '' && i < parts.length - 1) return undefined;
    let segment: string;
    try {
      segment = decodeURIComponent(part);
    } catch {
      return undefined;
    }
    if (segment === '.' || segment === '..' || /[/\\\u0000-\u001F\u007F]/.test(segment) || Buffer.byteLength(segment) > 240)
      return undefined;
    decoded.push(segment);
  }
  return decoded;
}

/**
 * The file (relative to the output folder, `/`-separated) that answers a page's address: `/` and paths
 * ending in `/` are `index.html` files, names with a known extension are kept, any other name gets
 * `.html`. Undefined for a path no file can hold (a name with `/` inside, `..`, a control character).
 */
export function pageFileOf(urlPath: string): string | undefined {
  if (!urlPath.startsWith('/') || urlPath.includes('?')) return undefined;
  const segments = segmentsOf(urlPath);
  if (!segments) return undefined;
  const last = segments.at(-1)!;
  if (last === '') return [...segments.slice(0, -1), 'index.html'].join('/');
  if (SERVED_AS_IS.test(last)) return segments.join('/');
  return `${segments.join('/')}.html`;
}

/** The file of a feed served at `urlPath` (no extension) in Atom or RSS: `PATH.xml`, `PATH.rss.xml`. */
export function feedFileOf(urlPath: string, format: 'atom' | 'rss'): string | undefined {
  if (!urlPath.startsWith('/') || urlPath.endsWith('/')) return undefined;
  const segments = segmentsOf(urlPath);
  return segments ? `${segments.join('/')}${format === 'rss' ? '.rss.xml' : '.xml'}` : undefined;
}

/** The address of page `n` (from 1) of a list whose first page is at `base`. */
export function listPagePath(base: string, n: number): string {
  if (n <= 1) return base;
  return `${base.endsWith('/') ? base : `${base}/`}page/${n}.html`;
}

/** "Older posts" / "Newer posts" links between the static pages of a list (page `n` of the list at `base`). */
export function staticPagerLinks(base: string, n: number, list: PostList): PagerLinks {
  return {
    older: list.hasOlder ? listPagePath(base, n + 1) : null,
    newer: n > 1 ? listPagePath(base, n - 1) : null,
  };
}
