/** The parts of every page: the blog's header data, feed links, and head metadata. */
import { createHash } from 'node:crypto';
import { isRightToLeft } from '../../domain/text/direction.js';
import type { SafeHtml } from '../../domain/text/sanitize.js';
import { cutText } from '../../domain/text/unicode.js';
import type { BlogRow } from '../../storage/schema.js';
import { imageView, type ImageView } from './images.js';
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
  /** The blog's logo (shown before its title) and header image (behind it), when it has them. */
  logo: ImageView | null;
  headerImage: ImageView | null;
  /** The favicon's address: the blog's icon, or a letter icon made from its title. */
  icon: string;
  /** IndieAuth discovery (§4.1) for `<link>`s in the head, beside the Link header the server sends. */
  indieauth: { metadata: string; authorization: string; token: string };
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
  /** An absolute address of the page's picture for `og:image` and `twitter:image`; '' for none. */
  image: string;
}

/** A logo is at most ~64 px tall, so ~320 px wide; a header image spans the page. */
const LOGO_WIDTHS = [192, 320, 640] as const;
const HEADER_WIDTHS = [640, 960, 1600] as const;

/**
 * The favicon's version: what it is made from (the blog's icon, else its title's letter), so that a new
 * post does not change the address on every page (and every page of a static copy).
 */
function iconVersion(blog: Pick<BlogRow, 'icon_url' | 'title'>): string {
  const source = `${blog.icon_url}|${blog.title}`;
  let version = iconVersions.get(source);
  if (version === undefined) {
    version = createHash('sha1').update(source).digest('hex').slice(0, 10);
    if (iconVersions.size >= ICON_VERSIONS_KEPT) iconVersions.clear();
    iconVersions.set(source, version);
  }
  return version;
}

/** Icon versions by what they are made from, hashed once (every page's head names the icon); cleared past the bound. */
const iconVersions = new Map<string, string>();
const ICON_VERSIONS_KEPT = 1_000;

export function blogView({ blog, origin }: SiteContext): BlogView {
  return {
    title: blog.title,
    description: blog.description,
    language: blog.language,
    dir: isRightToLeft(blog.language) ? 'rtl' : 'ltr',
    home: '/',
    logo: blog.logo_url ? imageView(blog.logo_url, blog.title, LOGO_WIDTHS) : null,
    headerImage: blog.header_image_url ? imageView(blog.header_image_url, '', HEADER_WIDTHS) : null,
    icon: `/favicon.ico?v=${iconVersion(blog)}`,
    feeds: {
      atom: `${origin}/feeds/posts/default`,
      rss: `${origin}/feeds/posts/default?alt=rss`,
      json: `${origin}/feed.json`,
      comments: `${origin}/feeds/comments/default`,
    },
    indieauth: {
      metadata: `${origin}/.well-known/oauth-authorization-server`,
      authorization: `${origin}/oauth/authorize`,
      token: `${origin}/oauth/token`,
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
    image?: string | null;
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
    image: page.image ?? (blog.header_image_url || blog.logo_url ? `${origin}${blog.header_image_url || blog.logo_url}` : ''),
  };
}
