/**
 * The one way an old address is written down, both when an import stores a redirect and when a
 * request looks for one: path decoded and NFC-normalized, lower case, no repeated or trailing slash,
 * no query — except WordPress's query links on the home page (`/?p=123`, `/?page_id=2`, `/?feed=rss2`),
 * which keep their one meaningful parameter.
 */

/** Query parameters that name content on a WordPress home page, in the order they are looked at. */
const HOME_QUERY_NAMES = ['p', 'page_id', 'attachment_id', 'cat', 'tag', 'feed', 'author'] as const;

function decodePath(path: string): string {
  return path
    .split('/')
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    })
    .join('/');
}

/**
 * The redirect key of a path with its query (`/2019/05/hello/?utm=x` → `/2019/05/hello`,
 * `/index.php?p=12` → `/?p=12`); undefined for the bare home page and for anything that is not a path.
 */
export function redirectKey(url: string): string | undefined {
  if (!url.startsWith('/')) return undefined;
  const hash = url.indexOf('#');
  const withoutHash = hash < 0 ? url : url.slice(0, hash);
  const q = withoutHash.indexOf('?');
  const rawPath = q < 0 ? withoutHash : withoutHash.slice(0, q);
  const query = q < 0 ? '' : withoutHash.slice(q + 1);
  let path = decodePath(rawPath)
    .normalize('NFC')
    .toLowerCase()
    .replace(/\/{2,}/g, '/');
  if (path.length > 1) path = path.replace(/\/+$/, '');
  if (path === '' || path === '/' || path === '/index.php') {
    const params = new URLSearchParams(query);
    for (const name of HOME_QUERY_NAMES) {
      const value = params.get(name)?.trim().toLowerCase();
      if (value) return `/?${name}=${value}`;
    }
    return undefined;
  }
  if (path.length > 2000 || /[\u0000-\u001F\u007F]/.test(path)) return undefined;
  return path;
}
