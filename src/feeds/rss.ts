/** Writes a feed as RSS 2.0 with the `feed` package: summary in `description`, the body in `content:encoded`. */
import { Feed } from 'feed';
import type { FeedDocument } from './feed-document.js';
import { forText, htmlForCdata, plainTextForCdata, textAsHtmlForCdata } from './feed-package-text.js';

export const RSS_CONTENT_TYPE = 'application/rss+xml; charset=utf-8';

export function renderRss(doc: FeedDocument): string {
  const feed = new Feed({
    title: forText(doc.title),
    description: forText(doc.description),
    language: forText(doc.language),
    link: doc.homeUrl,
    feed: doc.selfUrl,
    updated: new Date(doc.updated),
    generator: 'Dastan',
  });
  for (const entry of doc.entries) {
    feed.addItem({
      // RSS 2.0 has no permalink-independent ID but `guid isPermaLink="false"`, which the package writes as text.
      id: forText(entry.id),
      title: plainTextForCdata(entry.title),
      link: entry.url,
      date: new Date(entry.updated),
      published: new Date(entry.published),
      // RSS's <author> wants an e-mail address; we publish none, so only the name is given.
      author: [{ name: forText(entry.author.name) }],
      category: entry.categories.map((name) => ({ name: forText(name) })),
      // RSS `description` is HTML by long practice, so the plain-text summary is escaped into it.
      description: entry.summary ? textAsHtmlForCdata(entry.summary) : undefined,
      content: entry.contentHtml ? htmlForCdata(entry.contentHtml) : undefined,
    });
  }
  return feed.rss2();
}
