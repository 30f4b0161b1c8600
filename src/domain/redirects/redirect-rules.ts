/**
 * What an owner may type as a redirect: the old address (a path on the blog, no live post's own) and
 * where it leads (a path or a full address on the blog; a live post's or page's address is stored as
 * that post, so the redirect follows it when its permalink changes). Pure functions: the service looks
 * up posts and the other redirects.
 */
import { InvalidInputError } from '../errors.js';
import { redirectKey } from './redirect-key.js';

/** A post's or page's permalink, as the reader serves it (`/YYYY/MM/slug.html`, `/p/slug.html`). */
export type PermalinkParts = { kind: 'post'; year: number; month: number; slug: string } | { kind: 'page'; slug: string };

/** The post or page `path` names, when it has a permalink's shape (the slug decoded). */
export function permalinkOf(path: string): PermalinkParts | undefined {
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s).normalize('NFC');
    } catch {
      return undefined;
    }
  };
  const post = /^\/(\d{4})\/(\d{2})\/([^/]+)\.html$/.exec(path);
  if (post) {
    const slug = decode(post[3]!);
    return slug ? { kind: 'post', year: Number(post[1]), month: Number(post[2]), slug } : undefined;
  }
  const page = /^\/p\/([^/]+)\.html$/.exec(path);
  const slug = page ? decode(page[1]!) : undefined;
  return slug ? { kind: 'page', slug } : undefined;
}

/** The redirect key of the old address an owner typed, or a 400 saying what to type. */
export function oldAddressKey(typed: string): string {
  const text = typed.trim();
  let path = text;
  if (/^https?:\/\//i.test(text)) {
    try {
      const url = new URL(text);
      path = url.pathname + url.search;
    } catch {
      path = '';
    }
  }
  const key = redirectKey(path);
  if (!key)
    throw new InvalidInputError(
      'Please give the old address as a path on the blog, like /2019/05/old-post.html (not the home page).',
      'from',
    );
  return key;
}

/**
 * Where a redirect leads, as a path with its query: `typed` is a path on the blog or a full address
 * whose host is one of the blog's `hosts`. Anything off the blog is refused (an open redirect).
 */
export function targetPath(typed: string, hosts: readonly string[]): string {
  const text = typed.trim();
  const offSite = 'A redirect can only lead to an address on this blog: give a path like /p/about.html or one of the blog’s own addresses.';
  let path = text;
  if (/^[a-z][a-z0-9+.-]*:/i.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new InvalidInputError(offSite, 'to');
    }
    if (!/^https?:$/.test(url.protocol) || !hosts.includes(url.hostname.toLowerCase())) throw new InvalidInputError(offSite, 'to');
    path = url.pathname + url.search + url.hash;
  }
  if (!path.startsWith('/') || path.startsWith('//') || path.includes('\\')) throw new InvalidInputError(offSite, 'to');
  if (path.length > 2000 || /[\u0000-\u001F\u007F\s]/.test(path))
    throw new InvalidInputError('That address has spaces or control characters in it; please check it.', 'to');
  return path;
}
