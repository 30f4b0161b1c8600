/**
 * The blog's robots.txt (RFC 9309). Like Blogger's: search result and label pages are kept out of
 * indexes (they only repeat posts), everything else is open, and the sitemap is announced.
 */
import { customRobotsTxt } from '../domain/blogs/robots-settings.js';
import type { SiteContext } from '../render/presenters/site.js';

export const ROBOTS_CONTENT_TYPE = 'text/plain; charset=utf-8';

/** @param origin the blog's address, `http://travel.example.com`, no trailing slash. */
export function renderRobots(origin: string): string {
  return ['User-agent: *', 'Disallow: /search', 'Allow: /', '', `Sitemap: ${origin}/sitemap.xml`, ''].join('\n');
}

/** The blog's robots.txt: its owner's own text (with the sitemap line) or the default above; a private blog's shuts everything. */
export function robotsTxtOf({ blog, origin }: SiteContext): string {
  // A private blog: nothing of it is for search engines, whatever its own text says.
  if (blog.visibility === 'private') return ['User-agent: *', 'Disallow: /', ''].join('\n');
  return blog.robots_txt === null ? renderRobots(origin) : customRobotsTxt(blog.robots_txt, `${origin}/sitemap.xml`);
}
