/**
 * A feed as data, before it is written as Atom, RSS or JSON Feed: the builders of post and comment feeds
 * make one, and each format renders it. Text fields are plain text; only `contentHtml` is HTML (sanitized).
 */
export interface FeedAuthor {
  name: string;
  /** An absolute http(s) URL, present only when it parses. */
  url?: string;
}

export interface FeedEntry {
  /** Stable across requests, pages and formats (RFC 4287 §4.2.6): a `tag:` URI. */
  id: string;
  title: string;
  /** Absolute address of the post (or comment) on the blog. */
  url: string;
  /** Milliseconds since the epoch. */
  published: number;
  updated: number;
  author: FeedAuthor;
  /** Label names. */
  categories: string[];
  /** The sanitized body as stored; absent in summary feeds. */
  contentHtml?: string;
  /** A plain-text snippet of the body. */
  summary: string;
}

export interface FeedDocument {
  id: string;
  title: string;
  description: string;
  /** BCP 47 tag of the blog's language. */
  language: string;
  /** The page the feed is the feed of. */
  homeUrl: string;
  /** This document's own address (format and paging included). */
  selfUrl: string;
  /** The next page's address, when there are more entries. */
  nextUrl?: string;
  updated: number;
  entries: FeedEntry[];
}

/**
 * A `tag:` URI (RFC 4151) in Blogger's shape, `tag:HOST,1999:blog-BLOGID[.SUFFIX]`. The host is the blog's
 * canonical one (never the request's), so the same entry keeps its ID however the blog is reached.
 */
export function tagUri(origin: string, blogId: string, suffix?: string): string {
  const host = new URL(origin).hostname;
  return `tag:${host},1999:blog-${blogId}${suffix ? `.${suffix}` : ''}`;
}

/** The URL when it is an absolute http(s) URL that parses; otherwise undefined (never thrown over). */
export function safeHttpUrl(url: string | null | undefined): string | undefined {
  if (!url || !/^https?:\/\//i.test(url) || !URL.canParse(url)) return undefined;
  return url;
}
