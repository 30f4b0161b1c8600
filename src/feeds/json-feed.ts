/**
 * Writes a feed as JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/). Built here rather than by the
 * `feed` package, which only writes version 1 (`author` instead of 1.1's `authors`, no `language`).
 */
import type { FeedDocument } from './feed-document.js';

export const JSON_FEED_CONTENT_TYPE = 'application/feed+json; charset=utf-8';
export const JSON_FEED_VERSION = 'https://jsonfeed.org/version/1.1';

export interface JsonFeedAuthor {
  name: string;
  url?: string;
}

export interface JsonFeedItem {
  id: string;
  url: string;
  title: string;
  /** 1.1 requires `content_html` or `content_text`; summary feeds carry only text. */
  content_html?: string;
  content_text?: string;
  summary?: string;
  date_published: string;
  date_modified: string;
  authors: JsonFeedAuthor[];
  tags?: string[];
}

export interface JsonFeed {
  version: typeof JSON_FEED_VERSION;
  title: string;
  home_page_url: string;
  feed_url: string;
  description?: string;
  next_url?: string;
  language: string;
  items: JsonFeedItem[];
}

export function toJsonFeed(doc: FeedDocument): JsonFeed {
  return {
    version: JSON_FEED_VERSION,
    title: doc.title,
    home_page_url: doc.homeUrl,
    feed_url: doc.selfUrl,
    ...(doc.description ? { description: doc.description } : {}),
    ...(doc.nextUrl ? { next_url: doc.nextUrl } : {}),
    language: doc.language,
    items: doc.entries.map((entry) => ({
      id: entry.id,
      url: entry.url,
      title: entry.title,
      ...(entry.contentHtml !== undefined ? { content_html: entry.contentHtml } : { content_text: entry.summary }),
      ...(entry.summary ? { summary: entry.summary } : {}),
      date_published: new Date(entry.published).toISOString(),
      date_modified: new Date(entry.updated).toISOString(),
      authors: [{ name: entry.author.name, ...(entry.author.url ? { url: entry.author.url } : {}) }],
      ...(entry.categories.length > 0 ? { tags: entry.categories } : {}),
    })),
  };
}

export function renderJsonFeed(doc: FeedDocument): string {
  return JSON.stringify(toJsonFeed(doc));
}
