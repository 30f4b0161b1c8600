/** One feed, written in the format asked for, with the content type that format is served as. */
import { ATOM_CONTENT_TYPE, renderAtom } from './atom.js';
import type { FeedDocument } from './feed-document.js';
import type { FeedFormat } from './feed-query.js';
import { JSON_FEED_CONTENT_TYPE, renderJsonFeed } from './json-feed.js';
import { renderRss, RSS_CONTENT_TYPE } from './rss.js';

export interface RenderedFeed {
  body: string;
  contentType: string;
}

export function renderFeed(doc: FeedDocument, format: FeedFormat): RenderedFeed {
  switch (format) {
    case 'atom':
      return { body: renderAtom(doc), contentType: ATOM_CONTENT_TYPE };
    case 'rss':
      return { body: renderRss(doc), contentType: RSS_CONTENT_TYPE };
    case 'json':
      return { body: renderJsonFeed(doc), contentType: JSON_FEED_CONTENT_TYPE };
  }
}
