/** The parts of every page: the blog's header data, feed links, and head metadata. */
import { isRightToLeft } from '../../domain/text/direction.js';
import type { SafeHtml } from '../../domain/text/sanitize.js';
import { cutText } from '../../domain/text/unicode.js';
import type { BlogRow } from '../../storage/schema.js';
import { robotsContent, storedRobotsTags, type RobotsPageKind } from '../../domain/blogs/robots-settings.js';

/** Where a request came from: the blog and the absolute address of its home page. */
export interface SiteContext {
  blog: BlogRow;
  /** `http://travel.example.com:3000`, no trailing slash. */
  origin: string;
}

export interface BlogView {
  title: string;
  description: string;
  language: string;
  dir: 'ltr' | 'rtl';
  home: string;
  feeds: { atom: string; rss: string; json: string; comments: string };
}

export interface HeadView {
  title: string;
  description: string;
  canonical: string;
  /** Whether `robots` holds noindex (themes written before `robots` use this). */
  noindex: boolean;
  /** The content of `<meta name="robots">` ('' for none): the blog's robots tags for this kind of page. */
  robots: string;
  isHome: boolean;
  ogType: 'website' | 'article';
  jsonLd: SafeHtml | null;
  /** Feeds of this page's own subject (a label's posts), offered beside the blog's. */
  feeds: { title: string; atom: string; rss: string }[];
}

export function blogView({ blog, origin }: SiteContext): BlogView {
  return {
    title: blog.title,
    description: blog.description,
    language: blog.language,
    dir: isRightToLeft(blog.language) ? 'rtl' : 'ltr',
    home: '/',
    feeds: {
      atom: `${origin}/feeds/posts/default`,
      rss: `${origin}/feeds/posts/default?alt=rss`,
      json: `${origin}/feed.json`,
      comments: `${origin}/feeds/comments/default`,
    },
  };
}

export function headView(
  { blog, origin }: SiteContext,
  page: {
    title?: string;
    description?: string;
    path: string;
    /** The kind of page for the blog's robots tags; 'missing' (a 404) is always noindex. */
    kind: RobotsPageKind | 'missing';
    isHome?: boolean;
    article?: boolean;
    jsonLd?: SafeHtml;
    feeds?: HeadView['feeds'];
  },
): HeadView {
  const robots = page.kind === 'missing' ? 'noindex' : robotsContent(storedRobotsTags(blog.robots_tags), page.kind);
  const blogDescription = blog.search_description_enabled ? blog.search_description : '';
  return {
    title: page.title ? `${page.title} | ${blog.title}` : blog.title,
    description: cutText(page.description || blogDescription || blog.description, 300),
    canonical: `${origin}${page.path}`,
    noindex: robots.includes('noindex'),
    robots,
    isHome: page.isHome ?? false,
    ogType: page.article ? 'article' : 'website',
    jsonLd: page.jsonLd ?? null,
    feeds: page.feeds ?? [],
  };
}
