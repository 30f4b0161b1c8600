import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decode } from 'html-entities';
import { elementsAt, parseXmlStrictly, textsAt } from '../../test/helpers/xml.js';
import { renderAtom } from './atom.js';
import type { FeedDocument } from './feed-document.js';
import { toJsonFeed } from './json-feed.js';
import { renderRss } from './rss.js';

// Strings aimed at each weakness of the `feed` package's XML writing (see feed-package-text.ts).
const BREAKERS = 'a ]]> b ]]> c & &amp; < > " \' \u0001 \uFFFE \uD800 end';

function hostileDocument(): FeedDocument {
  return {
    id: `tag:x.test,1999:blog-1 ${BREAKERS}`,
    title: `Blog ${BREAKERS}`,
    description: `About ${BREAKERS}`,
    language: 'en',
    homeUrl: 'http://x.test/',
    selfUrl: 'http://x.test/feeds/posts/default?alt=rss&max-results=5',
    updated: Date.parse('2026-11-20T12:00:00Z'),
    entries: [
      {
        id: 'tag:x.test,1999:blog-1.post-2',
        title: `Title ${BREAKERS}`,
        url: 'http://x.test/2026/11/a.html',
        published: Date.parse('2026-11-19T12:00:00Z'),
        updated: Date.parse('2026-11-20T12:00:00Z'),
        author: { name: `Author ${BREAKERS}`, url: 'https://author.example/' },
        categories: [`label ${BREAKERS}`, 'plain'],
        contentHtml: '<p>Stored HTML that was not through our sanitizer: ]]> and ]]> again</p>',
        summary: `Summary ${BREAKERS}`,
      },
    ],
  };
}

const withoutBadChars = (s: string) => s.replace(/[\u0001\uFFFE\uD800]/g, '');

test('Atom stays well-formed and says exactly what the document says', () => {
  const xml = renderAtom(hostileDocument());
  const elements = parseXmlStrictly(xml);
  assert.deepEqual(textsAt(elements, ['feed', 'title']), [withoutBadChars(`Blog ${BREAKERS}`)]);
  assert.deepEqual(textsAt(elements, ['feed', 'id']), [withoutBadChars(`tag:x.test,1999:blog-1 ${BREAKERS}`)]);
  assert.deepEqual(
    textsAt(elements, ['entry', 'title']).map((t) => decode(t)),
    [withoutBadChars(`Title ${BREAKERS}`)],
  );
  assert.deepEqual(
    textsAt(elements, ['entry', 'summary']).map((t) => decode(t)),
    [withoutBadChars(`Summary ${BREAKERS}`)],
  );
  assert.deepEqual(textsAt(elements, ['entry', 'author', 'name']), [withoutBadChars(`Author ${BREAKERS}`)]);
  assert.deepEqual(textsAt(elements, ['entry', 'author', 'uri']), ['https://author.example/']);
  // `]]&gt;` is `]]>` to an HTML parser: the content means what was stored.
  assert.deepEqual(textsAt(elements, ['entry', 'content']), [
    '<p>Stored HTML that was not through our sanitizer: ]]&gt; and ]]&gt; again</p>',
  ]);
  assert.deepEqual(
    elementsAt(elements, ['entry', 'category']).map((c) => c.attributes.term),
    [withoutBadChars(`label ${BREAKERS}`).replace('<', '\uFF1C'), 'plain'],
  );
  assert.deepEqual(
    elementsAt(elements, ['feed', 'link']).map((l) => l.attributes.href),
    ['http://x.test/', 'http://x.test/feeds/posts/default?alt=rss&max-results=5'],
  );
});

test('RSS stays well-formed and says exactly what the document says', () => {
  const xml = renderRss(hostileDocument());
  const elements = parseXmlStrictly(xml);
  assert.deepEqual(textsAt(elements, ['channel', 'title']), [withoutBadChars(`Blog ${BREAKERS}`)]);
  assert.deepEqual(textsAt(elements, ['channel', 'description']), [withoutBadChars(`About ${BREAKERS}`)]);
  // Plain text in CDATA: a WORD JOINER keeps each `]]>` from closing the section.
  assert.deepEqual(textsAt(elements, ['item', 'title']), [withoutBadChars(`Title ${BREAKERS}`).replace(/]]>/g, ']]\u2060>')]);
  assert.deepEqual(textsAt(elements, ['item', 'guid']), ['tag:x.test,1999:blog-1.post-2']);
  assert.deepEqual(textsAt(elements, ['item', 'category']), [withoutBadChars(`label ${BREAKERS}`), 'plain']);
  assert.deepEqual(
    textsAt(elements, ['item', 'description']).map((t) => decode(t)),
    [withoutBadChars(`Summary ${BREAKERS}`)],
  );
  assert.equal(textsAt(elements, ['item', 'encoded']).length, 1);
});

test('JSON Feed keeps text as it is and gives summary feeds content_text', () => {
  const doc = hostileDocument();
  const full = toJsonFeed(doc);
  assert.equal(full.items[0]!.title, `Title ${BREAKERS}`);
  assert.deepEqual(full.items[0]!.tags, [`label ${BREAKERS}`, 'plain']);
  assert.equal(full.items[0]!.content_text, undefined);
  const summary = toJsonFeed({ ...doc, entries: doc.entries.map((e) => ({ ...e, contentHtml: undefined })) });
  assert.equal(summary.items[0]!.content_html, undefined);
  assert.equal(summary.items[0]!.content_text, `Summary ${BREAKERS}`);
});
