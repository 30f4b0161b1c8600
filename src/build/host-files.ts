/**
 * What a static host needs beyond the files themselves: `_redirects` (Netlify's format, which
 * Cloudflare Pages reads too) mapping feed addresses to their `.xml` files, sending searches to the live
 * site and old imported addresses to their new place; an HTML page with a meta refresh at each old
 * address, for hosts that read no redirect file; and the search page as the owner chose it.
 */
import { postPath } from '../domain/blogs/urls.js';
import { escapeHtml } from '../render/escape.js';
import type { SiteContext } from '../render/presenters/site.js';
import type { Services } from '../services.js';
import type { OutputDir } from './output-dir.js';
import { pageFileOf } from './output-paths.js';
import { SEARCH_SCRIPT_FILE, searchIndexOf, withSearchScript } from './search-index.js';
import type { PostRow } from '../storage/schema.js';

/** How a static copy searches: the live site's search (a form sent there) or an index searched in the browser. */
export type SearchMode = 'live' | 'index';
export const SEARCH_MODES: readonly SearchMode[] = ['live', 'index'];

/** Feed addresses (no extension) and the files they are written to (output-paths.ts: `.xml`, `.rss.xml`). */
const FEED_RULES = [
  '/feeds/posts/default',
  '/feeds/posts/summary',
  '/feeds/posts/default/-/*',
  '/feeds/comments/default',
  '/feeds/:post/comments/default',
].flatMap((from) => {
  const to = from.replace('*', ':splat');
  return [`${from} alt=rss ${to}.rss.xml 200`, `${from} ${to}.xml 200`];
});

/** A page that sends its reader on to `to` (HTML meta refresh), and tells search engines where the content is. */
export function refreshPage(site: SiteContext, to: string): string {
  const href = escapeHtml(to);
  const canonical = escapeHtml(new URL(to, `${site.origin}/`).href);
  return (
    `<!doctype html>\n<html lang="${escapeHtml(site.blog.language)}"><head><meta charset="utf-8">` +
    `<title>${escapeHtml(site.blog.title)}</title><meta name="robots" content="noindex">` +
    `<link rel="canonical" href="${canonical}"><meta http-equiv="refresh" content="0; url=${href}">` +
    `</head><body><p><a href="${href}">${href}</a></p></body></html>\n`
  );
}

/** A redirect file's path: spaces and other characters a rule line cannot hold, percent-encoded. */
const rulePath = (path: string) => encodeURI(path);

export interface HostFileParts {
  services: Services;
  site: SiteContext;
  out: OutputDir;
  search: SearchMode;
  /** The rendered search page (as the live site shows it before a search). */
  searchPage: string;
  posts: readonly PostRow[];
  sitemapPages: number;
}

/** Writes `_redirects`, the old addresses' refresh pages and the search page; returns how many redirects there are. */
export async function writeHostFiles(parts: HostFileParts): Promise<number> {
  const { services, site, out } = parts;
  const lines = ['# Written by `dastan build`: Netlify and Cloudflare Pages read this file.', ...FEED_RULES];
  // The share page (choosing a fediverse server) is the live site's.
  lines.push(`/share ${site.origin}/share 302`);
  if (parts.sitemapPages > 0) lines.push('/sitemap.xml page=:n /sitemap-:n.xml 200');
  if (parts.search === 'live') {
    lines.push(`/search q=:q ${site.origin}/search?q=:q 302!`);
    // Without a redirect file the page's own form goes to the live site.
    out.write('search.html', parts.searchPage.replace('action="/search"', `action="${escapeHtml(site.origin)}/search"`));
  } else {
    out.write('search.html', withSearchScript(parts.searchPage));
    out.write('search-index.json', JSON.stringify(searchIndexOf(site, parts.posts)));
    out.write(SEARCH_SCRIPT_FILE.file, SEARCH_SCRIPT_FILE.source);
  }
  let redirects = 0;
  for await (const { from, to } of services.redirects.everyRedirect(site.blog)) {
    const target = 'path' in to ? to.path : postPath(to.post);
    if (from.startsWith('/?')) {
      // WordPress's `/?p=123`: a query only the redirect file can match; forced (`!`), as `/` is a file.
      const [name, value] = from.slice(2).split('=');
      lines.push(`/ ${name}=${encodeURIComponent(value ?? '')} ${rulePath(target)} 301!`);
    } else {
      lines.push(`${rulePath(from)} ${rulePath(target)} 301`);
      const file = pageFileOf(/\.html?$/.test(from) ? encodeURI(from) : `${encodeURI(from)}/`);
      if (file && !out.has(file)) out.write(file, refreshPage(site, target));
    }
    redirects++;
  }
  out.write('_redirects', `${lines.join('\n')}\n`);
  return redirects;
}
