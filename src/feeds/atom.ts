/** Writes a feed as Atom 1.0 (RFC 4287) with the `feed` package. */
import { Feed } from 'feed';
import type { FeedDocument } from './feed-document.js';
import { forAttribute, forText, htmlForCdata, textAsHtmlForCdata } from './feed-package-text.js';

export const ATOM_CONTENT_TYPE = 'application/atom+xml; charset=utf-8';

export function renderAtom(doc: FeedDocument): string {
  const feed = new Feed({
    id: forText(doc.id),
    title: forText(doc.title),
    description: doc.description ? forText(doc.description) : undefined,
    link: doc.homeUrl,
    feed: doc.selfUrl,
    updated: new Date(doc.updated),
    generator: 'Dastan',
  });
  for (const entry of doc.entries) {
    feed.addItem({
      id: entry.id,
      // The package writes title, summary and content as type="html", so plain text goes in escaped.
      title: textAsHtmlForCdata(entry.title),
      link: entry.url,
      date: new Date(entry.updated),
      published: new Date(entry.published),
      author: [{ name: forText(entry.author.name), link: entry.author.url }],
      category: entry.categories.map((name) => ({ term: forAttribute(name) })),
      description: entry.summary ? textAsHtmlForCdata(entry.summary) : undefined,
      content: entry.contentHtml ? htmlForCdata(entry.contentHtml) : undefined,
    });
  }
  return feed.atom1();
}
