/**
 * The channel of a WordPress export (WXR 1.0–1.2): the namespaces its elements are matched by, what
 * the channel says about the site (version, addresses, authors, categories, tags), WordPress's dates,
 * and what the channel yields once every item is read — the category, tag and feed redirects, and
 * the blog's title and description.
 */
import { decodeEntities, parseDate } from '../common.js';
import { ImportRefusedError } from '../import-errors.js';
import type { ImportItem } from '../import-model.js';
import { childText, textOf, type XmlElement } from '../xml/xml-records.js';

const VERSIONS = ['1.0', '1.1', '1.2', '1.3'];
export const WP = new Set(VERSIONS.flatMap((v) => [`http://wordpress.org/export/${v}/`, `https://wordpress.org/export/${v}/`]));
export const EXCERPT = new Set(
  VERSIONS.flatMap((v) => [`http://wordpress.org/export/${v}/excerpt/`, `https://wordpress.org/export/${v}/excerpt/`]),
);
export const CONTENT = 'http://purl.org/rss/1.0/modules/content/';
export const DC = 'http://purl.org/dc/elements/1.1/';

export const KNOWN_PREFIXES: Record<string, string> = {
  wp: 'http://wordpress.org/export/1.2/',
  excerpt: 'http://wordpress.org/export/1.2/excerpt/',
  content: CONTENT,
  dc: DC,
  wfw: 'http://wellformedweb.org/CommentAPI/',
  atom: 'http://www.w3.org/2005/Atom',
};

export interface Term {
  name: string;
  termId?: string;
  parent?: string;
}

export interface Channel {
  version?: string;
  title?: string;
  description?: string;
  link?: string;
  baseSiteUrl?: string;
  baseBlogUrl?: string;
  generator?: string;
  authors: Map<string, { name: string; email?: string }>;
  categories: Map<string, Term>;
  tags: Map<string, Term>;
  postIds: Map<string, number>;
  usedCategories: Map<string, string>;
  usedTags: Map<string, string>;
  ignoredTaxonomies: Set<string>;
  posts: number;
}

/** An empty channel, filled as the export is read. */
export function newChannel(): Channel {
  return {
    authors: new Map(),
    categories: new Map(),
    tags: new Map(),
    postIds: new Map(),
    usedCategories: new Map(),
    usedTags: new Map(),
    ignoredTaxonomies: new Set(),
    posts: 0,
  };
}

/** A WordPress date (`2010-10-20 14:08:20`), in UTC when `utc`; undefined for WordPress's zero date. */
export function wpDate(value: string, utc: boolean): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(value.trim());
  if (!m || m[1] === '0000') return undefined;
  const ms = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${utc ? 'Z' : ''}`);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The time of an item or comment: its GMT date, else the RSS date, else its local date read as UTC. */
export function bestDate(element: XmlElement, gmtName: string, localName: string, rss?: string): number | undefined {
  const gmt = wpDate(childText(element, WP, gmtName), true);
  if (gmt !== undefined) return gmt;
  const pub = rss ? parseDate(rss) : undefined;
  if (pub !== undefined && pub > 0) return pub;
  return wpDate(childText(element, WP, localName), true);
}

/** A slug as WordPress stores it (percent-encoded) made readable. */
export function decodeSlug(slug: string): string {
  try {
    return decodeURIComponent(slug).normalize('NFC');
  } catch {
    return slug;
  }
}

/** The site an export came from, for source IDs. */
export function siteKey(channel: Channel): string {
  return (channel.baseSiteUrl || channel.baseBlogUrl || channel.link || 'wordpress').replace(/\/+$/, '');
}

/** A category's path with its parents (`parent/child`), as in WordPress's category addresses. */
export function categoryPath(channel: Channel, nicename: string): string {
  const parts = [nicename];
  const seen = new Set(parts);
  for (
    let parent = channel.categories.get(nicename)?.parent;
    parent && !seen.has(parent);
    parent = channel.categories.get(parent)?.parent
  ) {
    parts.unshift(parent);
    seen.add(parent);
  }
  return parts.join('/');
}

/** Reads one record of the channel (not an item) into `channel`. */
export function readChannelRecord(channel: Channel, element: XmlElement): ImportItem[] {
  const wp = WP.has(element.uri);
  if (element.uri === '') {
    // WordPress writes the blog's name and tagline HTML-escaped (bloginfo_rss): plain text here.
    if (element.name === 'title') channel.title = decodeEntities(textOf(element)).trim();
    else if (element.name === 'description') channel.description = decodeEntities(textOf(element)).trim();
    else if (element.name === 'link') channel.link = textOf(element).trim();
    else if (element.name === 'generator') channel.generator = textOf(element).trim();
    return [];
  }
  if (!wp) return [];
  switch (element.name) {
    case 'wxr_version': {
      const version = textOf(element).trim();
      if (!/^1\.\d+$/.test(version)) {
        throw new ImportRefusedError(
          `the WXR version is "${version}", not 1.0, 1.1 or 1.2 — this does not look like a WordPress export`,
          element.line,
        );
      }
      channel.version = version;
      return [];
    }
    case 'base_site_url':
      channel.baseSiteUrl = textOf(element).trim();
      return [];
    case 'base_blog_url':
      channel.baseBlogUrl = textOf(element).trim();
      return [];
    case 'author': {
      const login = childText(element, WP, 'author_login');
      if (login) {
        const email = childText(element, WP, 'author_email');
        // WordPress keeps display names HTML-escaped: plain text here.
        const name = decodeEntities(childText(element, WP, 'author_display_name'));
        channel.authors.set(login, { name: name || login, email: email || undefined });
      }
      return [];
    }
    case 'category': {
      const nicename = childText(element, WP, 'category_nicename');
      if (nicename) {
        channel.categories.set(decodeSlug(nicename), {
          name: childText(element, WP, 'cat_name') || nicename,
          termId: childText(element, WP, 'term_id') || undefined,
          parent: decodeSlug(childText(element, WP, 'category_parent')) || undefined,
        });
      }
      return [];
    }
    case 'tag': {
      const slug = childText(element, WP, 'tag_slug');
      if (slug)
        channel.tags.set(decodeSlug(slug), {
          name: childText(element, WP, 'tag_name') || slug,
          termId: childText(element, WP, 'term_id') || undefined,
        });
      return [];
    }
    default:
      return [];
  }
}

/** What the channel yields after its last item: redirects of categories, tags and feeds, then the settings. */
export function* closingItems(channel: Channel): Generator<ImportItem> {
  if (!channel.version) throw new ImportRefusedError('the file has no wp:wxr_version — this does not look like a WordPress export');
  for (const [nicename, name] of channel.usedCategories) {
    const path = categoryPath(channel, nicename);
    yield { type: 'redirect', from: `/category/${path}/`, to: { label: name } };
    yield { type: 'redirect', from: `/category/${path}/feed/`, to: { label: name, feed: true } };
    const termId = channel.categories.get(nicename)?.termId;
    if (termId) yield { type: 'redirect', from: `/?cat=${termId}`, to: { label: name } };
  }
  for (const [slug, name] of channel.usedTags) {
    yield { type: 'redirect', from: `/tag/${slug}/`, to: { label: name } };
    yield { type: 'redirect', from: `/tag/${slug}/feed/`, to: { label: name, feed: true } };
    yield { type: 'redirect', from: `/?tag=${slug}`, to: { label: name } };
  }
  if (channel.posts > 0) {
    for (const from of ['/feed/', '/feed/rss2/', '/feed/atom/', '/feed/rss/', '/feed/rdf/', '/?feed=rss2', '/?feed=atom', '/?feed=rss']) {
      yield { type: 'redirect', from, to: { feed: 'posts' } };
    }
    for (const from of ['/comments/feed/', '/?feed=comments-rss2']) yield { type: 'redirect', from, to: { feed: 'comments' } };
  }
  yield { type: 'settings', title: channel.title, description: channel.description };
}
