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
 * The external referrer domain of a view of a page on `ownHost` (the request's Host, port ignored),
 * or null for none, an unreadable one, or a link from the blog itself.
 */
export function externalReferrer(referer: string | undefined, ownHost: string | undefined): string | null {
  if (!referer) return null;
  const host = normalizedHost(referer);
  if (!host) return null;
  const own = (ownHost ?? '')
    .toLowerCase()
    .replace(/:\d+$/, '')
    .replace(/^www\./, '');
  return host === own ? null : host;
}
