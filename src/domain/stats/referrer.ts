/**
 * The referrer of a view as a normalized domain: lower case, no `www.`, no port, no path, query or
 * credentials — a host, never a URL that could carry something personal. Links within the blog
 * itself are not referrers.
 */

const HOST = /^[a-z0-9.-]{1,253}$/;

/** The normalized host of `url`, or null when it has none or is not a web address. */
export function normalizedHost(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  const host = parsed.hostname
    .toLowerCase()
    .replace(/^www\./, '')
    .replace(/\.$/, '');
  return HOST.test(host) && host.includes('.') ? host : null;
}

/**
 * Referrers repeat (search engines, a link shared about), so the host of each referring origin is kept
 * for the last few thousand — the scheme and host only: never a path or query, never credentials.
 */
const CACHE_SIZE = 2000;
const hosts = new Map<string, string | null>();

function cachedHost(url: string): string | null {
  const end = url.slice(8).search(/[/?#]/);
  const origin = end === -1 ? url : url.slice(0, end + 8);
  if (origin.length > 300 || origin.includes('@')) return normalizedHost(url);
  let host = hosts.get(origin);
  if (host === undefined) {
    host = normalizedHost(origin);
    if (hosts.size >= CACHE_SIZE) hosts.delete(hosts.keys().next().value!);
    hosts.set(origin, host);
  }
  return host;
}

/**
 * The external referrer domain of a view of a page on `ownHost` (the request's Host, port ignored),
 * or null for none, an unreadable one, or a link from the blog itself.
 */
export function externalReferrer(referer: string | undefined, ownHost: string | undefined): string | null {
  if (!referer) return null;
  const host = cachedHost(referer);
  if (!host) return null;
  const own = (ownHost ?? '')
    .toLowerCase()
    .replace(/:\d+$/, '')
    .replace(/^www\./, '');
  return host === own ? null : host;
}
