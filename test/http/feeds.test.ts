import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { decode } from 'html-entities';
import Parser from 'rss-parser';
import { InvalidInputError } from '../../src/domain/errors.js';
import { xmlChars } from '../../src/feeds/feed-package-text.js';
import { labelFeedPath } from '../../src/domain/blogs/urls.js';
import { PUBLIC_CACHE_CONTROL } from '../../src/server/serve-page.js';
import type { BlogRow, PostRow } from '../../src/storage/schema.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { testDatabases } from '../helpers/databases.js';
import { makeBlog, makePost } from '../helpers/factories.js';
import { jsonFeedErrors } from '../helpers/json-feed-schema.js';
import { elementsAt, parseXmlStrictly, textsAt } from '../helpers/xml.js';

/** What rss-parser reads beyond its typed fields: Atom's id and author, categories and content:encoded. */
interface CustomItem {
  id?: string;
  author?: string;
  atomCategories?: { $: { term: string } }[];
  contentEncoded?: string;
}

const feedParser = new Parser<Record<string, unknown>, CustomItem>({
  customFields: {
    item: [
      ['category', 'atomCategories', { keepArray: true }],
      ['content:encoded', 'contentEncoded'],
    ],
  },
});

const DAY = 24 * 60 * 60 * 1000;
const BASE = Date.parse('2026-10-01T08:00:00Z');
const TRAVEL = 'http://travel.example.test';

/** A few dozen strings from the Big List of Naughty Strings, spread over the list, plus CDATA breakers. */
function naughtyStrings(): string[] {
  const all = JSON.parse(readFileSync('/work/shared/testdata/naughty/blns.json', 'utf8')) as string[];
  const spicy = all.filter((s) => s.trim() !== '' && /[<>&"'\]\\%]|[^\x20-\x7E]/.test(s));
  const picked = Array.from({ length: 40 }, (_, i) => spicy[Math.floor((i * spicy.length) / 40)]!);
  return [...new Set([...picked, ']]>]]>]]>', 'a &amp; b &lt; c', '\uFFFE\uFFFF \uD800 lone', '<![CDATA[x]]>', '"quoted" & <tagged>'])];
}

for (const database of testDatabases) {
  describe(`feeds on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    let travel: BlogRow;
    let food: BlogRow;
    /** Travel's live posts, newest first. */
    let travelPosts: PostRow[];
    let rivers: PostRow;
    let aboutPage: PostRow;
    let draft: PostRow;
    let foodShared: PostRow;
    let hushed: PostRow;

    before(async () => {
      t = await startTestApp(database);
      // The first blog is the primary one (served at the bare base domain); the blogs under test are not.
      await makeBlog(t.services, { name: 'home', title: 'Home' });
      travel = await makeBlog(t.services, { name: 'travel', title: 'Travel notes', description: 'Roads & rivers' });
      food = await makeBlog(t.services, { name: 'food', title: 'Food diary' });
      const post = (title: string, labels: string[], days: number, extra: Parameters<typeof makePost>[2] = {}) =>
        makePost(t.services, travel, {
          title,
          labels,
          publishedAt: BASE + days * DAY,
          body: `<p>All about ${title}, in <b>bold</b> words.</p>`,
          ...extra,
        });
      const first = await post('First light', ['rivers'], 0, { authorName: 'Ayesha' });
      const pass = await post('Mountain pass', ['mountains'], 1);
      rivers = await post('Where rivers meet mountains', ['rivers', 'mountains'], 2);
      const quiet = await post('Quiet week', [], 3);
      const delta = await post('River delta', ['rivers'], 4);
      const shared = await post('Shared slug', ['shared', 'travel-only'], 5);
      travelPosts = [shared, delta, quiet, rivers, pass, first];
      draft = await post('Secret draft', ['rivers'], 6, { draft: true });
      await post('Future trip', ['rivers'], 365);
      aboutPage = await makePost(t.services, travel, { kind: 'page', title: 'About me', body: '<p>Who writes this.</p>' });

      foodShared = await makePost(t.services, food, {
        title: 'Shared slug',
        labels: ['shared'],
        publishedAt: BASE + 5 * DAY,
        body: '<p>Bread</p>',
      });
      hushed = await makePost(t.services, food, { title: 'Hushed', commentsSetting: 'closed-hide', publishedAt: BASE + 6 * DAY });

      const comment = (blog: BlogRow, postId: string, body: string, minutes: number, extra: Record<string, unknown> = {}) =>
        t.services.comments.addComment({
          blogId: blog.id,
          postId,
          authorName: 'Bilal',
          body,
          createdAt: BASE + 10 * DAY + minutes * 60_000,
          ...extra,
        });
      const lovely = await comment(travel, rivers.id, '<p>Lovely rivers</p>', 1, { authorUrl: 'https://bilal.example/' });
      await comment(travel, rivers.id, '<p>Held for review</p>', 2, { status: 'pending' });
      await comment(travel, rivers.id, '<p>Thanks, Bilal!</p>', 3, { parentId: lovely.id, authorName: 'Ayesha' });
      await comment(travel, delta.id, '<p>Great delta</p>', 4);
      await comment(travel, aboutPage.id, '<p>Nice to meet you</p>', 5);
      await comment(food, foodShared.id, '<p>Food comment about bread</p>', 6, { authorName: 'Chef Dana' });
      await comment(food, hushed.id, '<p>Should stay hidden</p>', 7, { authorName: 'Chef Dana' });
    });
    after(() => t.close());

    test('the Atom feed lists live posts newest first, with absolute links, stable IDs, authors, labels and content', async () => {
      const res = await t.get('travel', '/feeds/posts/default');
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'application/atom+xml; charset=utf-8');
      assert.equal(res.headers['cache-control'], PUBLIC_CACHE_CONTROL);
      const feed = await feedParser.parseString(res.body);
      assert.equal(feed.title, 'Travel notes');
      assert.equal(feed.link, `${TRAVEL}/`);
      assert.equal(feed.feedUrl, `${TRAVEL}/feeds/posts/default`);
      assert.deepEqual(
        feed.items.map((i) => i.title),
        travelPosts.map((p) => p.title),
      );
      assert.deepEqual(
        feed.items.map((i) => i.link),
        travelPosts.map((p) => `${TRAVEL}/2026/10/${p.slug}.html`),
      );
      assert.deepEqual(
        feed.items.map((i) => i.id),
        travelPosts.map((p) => `tag:travel.example.test,1999:blog-${travel.id}.post-${p.id}`),
      );
      const riversItem = feed.items.find((i) => i.title === rivers.title)!;
      assert.equal(riversItem.isoDate, new Date(BASE + 2 * DAY).toISOString());
      assert.equal(riversItem.author, 'Travel notes');
      assert.equal(feed.items.at(-1)!.author, 'Ayesha');
      assert.deepEqual(riversItem.atomCategories?.map((c) => c.$.term).sort(), ['mountains', 'rivers']);
      assert.equal(riversItem.content, rivers.body_html);
      assert.equal(riversItem.summary, 'All about Where rivers meet mountains, in bold words.');
      for (const hidden of ['Secret draft', 'Future trip', 'About me']) assert.doesNotMatch(res.body, new RegExp(hidden));
    });

    test('the RSS feed carries the same posts, IDs as guids, labels as categories, the body in content:encoded', async () => {
      const res = await t.get('travel', '/feeds/posts/default?alt=rss');
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'application/rss+xml; charset=utf-8');
      const feed = await feedParser.parseString(res.body);
      assert.equal(feed.title, 'Travel notes');
      assert.equal(feed.description, 'Roads & rivers');
      assert.equal(feed.feedUrl, `${TRAVEL}/feeds/posts/default?alt=rss`);
      assert.deepEqual(
        feed.items.map((i) => [i.title, i.link, i.guid]),
        travelPosts.map((p) => [
          p.title,
          `${TRAVEL}/2026/10/${p.slug}.html`,
          `tag:travel.example.test,1999:blog-${travel.id}.post-${p.id}`,
        ]),
      );
      const riversItem = feed.items.find((i) => i.title === rivers.title)!;
      assert.deepEqual(riversItem.categories?.sort(), ['mountains', 'rivers']);
      assert.equal(riversItem.contentEncoded, rivers.body_html);
      assert.equal(riversItem.isoDate, new Date(BASE + 2 * DAY).toISOString());
    });

    test('max-results and start-index page through every post once, in order', async () => {
      for (const alt of ['', '&alt=rss']) {
        const seen: string[] = [];
        for (let start = 1; start <= 7; start += 2) {
          const res = await t.get('travel', `/feeds/posts/default?max-results=2&start-index=${start}${alt}`);
          assert.equal(res.statusCode, 200);
          const feed = await feedParser.parseString(res.body);
          assert.equal(feed.items.length, start <= 5 ? 2 : 0, `start-index=${start}`);
          seen.push(...feed.items.map((i) => i.title!));
        }
        assert.deepEqual(
          seen,
          travelPosts.map((p) => p.title),
        );
      }
      const capped = await feedParser.parseString((await t.get('travel', '/feeds/posts/default?max-results=9999')).body);
      assert.equal(capped.items.length, travelPosts.length);
    });

    test('per-label feeds: one label, and /-/A/B for posts with both; an unknown label is an empty feed', async () => {
      const titles = async (path: string) => {
        const res = await t.get('travel', path);
        assert.equal(res.statusCode, 200, path);
        return (await feedParser.parseString(res.body)).items.map((i) => i.title);
      };
      assert.deepEqual(await titles('/feeds/posts/default/-/rivers'), ['River delta', 'Where rivers meet mountains', 'First light']);
      assert.deepEqual(await titles('/feeds/posts/default/-/mountains?alt=rss'), ['Where rivers meet mountains', 'Mountain pass']);
      assert.deepEqual(await titles('/feeds/posts/default/-/rivers/mountains'), ['Where rivers meet mountains']);
      assert.deepEqual(await titles('/feeds/posts/default/-/mountains/rivers?alt=rss'), ['Where rivers meet mountains']);
      assert.deepEqual(await titles('/feeds/posts/default/-/rivers?max-results=1&start-index=2'), ['Where rivers meet mountains']);
      assert.deepEqual(await titles('/feeds/posts/summary/-/rivers/mountains'), ['Where rivers meet mountains']);
      assert.deepEqual(await titles('/feeds/posts/default/-/no-such-label'), []);
      assert.deepEqual(await titles('/feeds/posts/default/-/rivers/no-such-label'), []);
      const atom = await t.get('travel', '/feeds/posts/default/-/rivers/mountains');
      const feed = await feedParser.parseString(atom.body);
      assert.equal(feed.link, `${TRAVEL}/search/label/rivers+mountains`);
      assert.equal(feed.feedUrl, `${TRAVEL}/feeds/posts/default/-/rivers/mountains`);
      assert.equal((await t.get('travel', '/feeds/posts/default/-/')).statusCode, 404);
    });

    test('the summary feed has summaries and no content', async () => {
      const atom = await t.get('travel', '/feeds/posts/summary');
      assert.equal(atom.statusCode, 200);
      const feed = await feedParser.parseString(atom.body);
      assert.equal(feed.items.length, travelPosts.length);
      for (const item of feed.items) {
        assert.equal(item.content, undefined);
        assert.match(item.summary!, /^All about .+, in bold words\.$/);
      }
      assert.doesNotMatch(atom.body, /<content/);
      const rss = await t.get('travel', '/feeds/posts/summary?alt=rss');
      const rssFeed = await feedParser.parseString(rss.body);
      assert.equal(rssFeed.items.length, travelPosts.length);
      assert.ok(rssFeed.items.every((i) => i.contentEncoded === undefined && /^All about/.test(i.content!)));
      assert.equal((await t.get('travel', '/feeds/posts/full')).statusCode, 404);
    });

    test('the JSON Feed is valid JSON Feed 1.1 with the same posts and a next_url when there are more', async () => {
      const res = await t.get('travel', '/feed.json');
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'application/feed+json; charset=utf-8');
      assert.equal(res.headers['cache-control'], PUBLIC_CACHE_CONTROL);
      const feed = JSON.parse(res.body);
      assert.deepEqual(jsonFeedErrors(feed), []);
      assert.equal(feed.version, 'https://jsonfeed.org/version/1.1');
      assert.equal(feed.title, 'Travel notes');
      assert.equal(feed.home_page_url, `${TRAVEL}/`);
      assert.equal(feed.feed_url, `${TRAVEL}/feed.json`);
      assert.equal(feed.next_url, undefined);
      assert.deepEqual(
        feed.items.map((i: { id: string }) => i.id),
        travelPosts.map((p) => `tag:travel.example.test,1999:blog-${travel.id}.post-${p.id}`),
      );
      const item = feed.items.find((i: { title: string }) => i.title === rivers.title);
      assert.equal(item.content_html, rivers.body_html);
      assert.deepEqual(item.tags, ['mountains', 'rivers']);
      assert.deepEqual(item.authors, [{ name: 'Travel notes' }]);
      assert.equal(item.url, `${TRAVEL}/2026/10/${rivers.slug}.html`);

      const page = JSON.parse((await t.get('travel', '/feed.json?max-results=4')).body);
      assert.deepEqual(jsonFeedErrors(page), []);
      assert.equal(page.items.length, 4);
      assert.equal(page.next_url, `${TRAVEL}/feed.json?start-index=5&max-results=4`);
      const rest = JSON.parse(
        (await t.get('travel', new URL(page.next_url as string).pathname + new URL(page.next_url as string).search)).body,
      );
      assert.deepEqual(
        [...page.items, ...rest.items].map((i: { title: string }) => i.title),
        travelPosts.map((p) => p.title),
      );
      assert.equal(rest.next_url, undefined);
    });

    test('feeds answer 304 to their own ETag, and change when the blog does', async () => {
      const paths = [
        '/feeds/posts/default',
        '/feeds/posts/default?alt=rss',
        '/feed.json',
        '/feeds/comments/default',
        `/feeds/${rivers.id}/comments/default`,
      ];
      const etags = new Map<string, string>();
      for (const path of paths) {
        const first = await t.get('travel', path);
        const etag = first.headers.etag as string;
        assert.ok(etag, path);
        etags.set(path, etag);
        const again = await t.get('travel', path, { 'if-none-match': etag });
        assert.equal(again.statusCode, 304, path);
        assert.equal(again.body, '');
        assert.equal((await t.get('travel', path, { 'if-none-match': '"something-else"' })).statusCode, 200, path);
      }
      // A new comment changes the blog: every feed gets a new version (some also new content).
      await t.services.comments.addComment({
        blogId: travel.id,
        postId: rivers.id,
        authorName: 'Late',
        body: '<p>Late reply</p>',
        createdAt: BASE + 20 * DAY,
      });
      const comments = await t.get('travel', '/feeds/comments/default', { 'if-none-match': etags.get('/feeds/comments/default')! });
      assert.equal(comments.statusCode, 200);
      assert.match(comments.body, /Late reply/);
    });

    test('comment feeds show live comments only, newest first, linking to their anchors', async () => {
      const res = await t.get('travel', '/feeds/comments/default');
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'application/atom+xml; charset=utf-8');
      const feed = await feedParser.parseString(res.body);
      const titles = feed.items.map((i) => i.title);
      assert.ok(titles.includes('Lovely rivers') && titles.includes('Great delta') && titles.includes('Nice to meet you'));
      assert.ok(!titles.includes('Held for review'), 'a pending comment is not in the feed');
      assert.doesNotMatch(res.body, /Held for review|bread|Should stay hidden/);
      // Newest first.
      const order = ['Nice to meet you', 'Great delta', 'Thanks, Bilal!', 'Lovely rivers'];
      assert.deepEqual(
        titles.filter((x) => order.includes(x!)),
        order,
      );
      const lovely = feed.items.find((i) => i.title === 'Lovely rivers')!;
      assert.match(lovely.link!, new RegExp(`^${TRAVEL}/2026/10/${rivers.slug}\\.html#c\\d+$`));
      assert.match(lovely.id!, new RegExp(`^tag:travel\\.example\\.test,1999:blog-${travel.id}\\.comment-\\d+$`));
      assert.equal(lovely.content, '<p>Lovely rivers</p>');
      assert.equal(lovely.author, 'Bilal');
      assert.match(res.body, /<uri>https:\/\/bilal\.example\/<\/uri>/);
      const onPage = feed.items.find((i) => i.title === 'Nice to meet you')!;
      assert.match(onPage.link!, new RegExp(`^${TRAVEL}/p/about-me\\.html#c\\d+$`));

      const rss = await feedParser.parseString((await t.get('travel', '/feeds/comments/default?alt=rss&max-results=1&start-index=2')).body);
      assert.deepEqual(
        rss.items.map((i) => i.title),
        [titles[1]],
      );
      const summary = await t.get('travel', '/feeds/comments/summary');
      assert.equal(summary.statusCode, 200);
      assert.doesNotMatch(summary.body, /<content/);
    });

    test("one post's comment feed; 404 for another blog's post, a draft, a page that is not a post ID", async () => {
      const res = await t.get('travel', `/feeds/${rivers.id}/comments/default`);
      assert.equal(res.statusCode, 200);
      const feed = await feedParser.parseString(res.body);
      assert.equal(feed.title, `Comments on Travel notes: ${rivers.title}`);
      assert.equal(feed.link, `${TRAVEL}/2026/10/${rivers.slug}.html`);
      assert.ok(feed.items.length >= 2);
      assert.ok(feed.items.some((i) => i.title === 'Lovely rivers') && feed.items.some((i) => i.title === 'Thanks, Bilal!'));
      assert.ok(!feed.items.some((i) => ['Held for review', 'Great delta', 'Nice to meet you'].includes(i.title!)));
      const rss = await t.get('travel', `/feeds/${rivers.id}/comments/default?alt=rss`);
      assert.equal(rss.statusCode, 200);
      assert.equal(rss.headers['content-type'], 'application/rss+xml; charset=utf-8');

      for (const path of [
        `/feeds/${foodShared.id}/comments/default`,
        `/feeds/${draft.id}/comments/default`,
        '/feeds/not-an-id/comments/default',
        '/feeds/99999999/comments/default',
      ]) {
        const missing = await t.get('travel', path);
        assert.equal(missing.statusCode, 404, path);
        assert.doesNotMatch(missing.body, /bread|Food comment/, path);
      }
      // The food blog's own post answers on its own host.
      assert.equal((await t.get('food', `/feeds/${foodShared.id}/comments/default`)).statusCode, 200);
    });

    test('comments hidden on the post page (closed-hide) stay out of comment feeds', async () => {
      const all = await t.get('food', '/feeds/comments/default');
      assert.equal(all.statusCode, 200);
      assert.match(all.body, /Food comment about bread/);
      assert.doesNotMatch(all.body, /Should stay hidden/);
      const one = await t.get('food', `/feeds/${hushed.id}/comments/default`);
      assert.equal(one.statusCode, 200);
      assert.equal((await feedParser.parseString(one.body)).items.length, 0);
    });

    test('two blogs sharing a slug and a label never show each other in any feed', async () => {
      const paths = [
        '/feeds/posts/default',
        '/feeds/posts/default?alt=rss',
        '/feeds/posts/summary',
        '/feeds/posts/default/-/shared',
        '/feed.json',
        '/feeds/comments/default',
      ];
      for (const path of paths) {
        const foodFeed = await t.get('food', path);
        assert.equal(foodFeed.statusCode, 200, path);
        assert.doesNotMatch(foodFeed.body, /Travel notes|travel\.example|travel-only|rivers|Bilal/, path);
        const travelFeed = await t.get('travel', path);
        assert.doesNotMatch(travelFeed.body, /Food diary|food\.example|Bread|bread/, path);
      }
      const shared = await feedParser.parseString((await t.get('food', '/feeds/posts/default/-/shared')).body);
      assert.deepEqual(
        shared.items.map((i) => i.link),
        ['http://food.example.test/2026/10/shared-slug.html'],
      );
    });

    test('bad max-results and start-index get a 400 that names the parameter', async () => {
      const bad = [
        'max-results=abc',
        'max-results=0',
        'max-results=-1',
        'max-results=1.5',
        'max-results=',
        'max-results=99999999999999999999',
        'start-index=0',
        'start-index=-3',
        'start-index=x',
        'start-index=1e3',
        'start-index=123456789012345678901234567890',
      ];
      for (const path of [
        '/feeds/posts/default',
        '/feeds/posts/summary',
        '/feeds/posts/default/-/rivers',
        '/feed.json',
        '/feeds/comments/default',
        `/feeds/${rivers.id}/comments/default`,
      ]) {
        for (const query of bad) {
          const res = await t.get('travel', `${path}?${query}`);
          assert.equal(res.statusCode, 400, `${path}?${query}`);
          assert.match(res.body, new RegExp(`${query.split('=')[0]} must be a whole number`), `${path}?${query}`);
        }
      }
      const json = await t.get('travel', '/feeds/posts/default?max-results=0', { accept: 'application/json' });
      assert.equal(json.statusCode, 400);
      assert.deepEqual(JSON.parse(json.body), {
        error: 'invalid_input',
        message: 'max-results must be a whole number from 1 to 1,000,000.',
      });
      const alt = await t.get('travel', '/feeds/posts/default?alt=json');
      assert.equal(alt.statusCode, 400);
      assert.match(alt.body, /alt must be atom or rss/);
    });

    test('an unknown host gets a plain 404 for every feed', async () => {
      for (const path of [
        '/feeds/posts/default',
        '/feeds/posts/default/-/rivers',
        '/feed.json',
        '/feeds/comments/default',
        `/feeds/${rivers.id}/comments/default`,
      ]) {
        const res = await t.get('nosuchblog', path);
        assert.equal(res.statusCode, 404, path);
        assert.doesNotMatch(res.body, /Travel|Food|rivers/, path);
      }
    });

    test('naughty titles, labels and comments keep every feed well-formed, and titles survive', async () => {
      const blog = await makeBlog(t.services, { name: 'naughty', title: '<Naughty> & "strings"' });
      const strings = naughtyStrings();
      const labels = new Set<string>();
      const posts: PostRow[] = [];
      for (const [i, text] of strings.entries()) {
        const input = { title: text, body: text, publishedAt: BASE + i * 60_000 };
        let post: PostRow;
        try {
          post = await makePost(t.services, blog, { ...input, labels: [text] });
          (await t.services.repositories.posts.labelsOf([post.id])).get(post.id)?.forEach((l) => labels.add(l));
        } catch (error) {
          // Labels with control characters are refused by the post rules; the title still goes in.
          assert.ok(error instanceof InvalidInputError, String(error));
          post = await makePost(t.services, blog, input);
        }
        posts.push(post);
        if (i % 4 === 0)
          await t.services.comments.addComment({
            blogId: blog.id,
            postId: post.id,
            authorName: text.trim().slice(0, 100) || 'x',
            body: `<p>A comment:</p>${text}`,
          });
      }
      assert.ok(labels.size >= 20, `only ${labels.size} naughty labels were accepted`);

      const paths = [
        '/feeds/posts/default?max-results=500',
        '/feeds/posts/default?max-results=500&alt=rss',
        '/feeds/posts/summary?max-results=500',
        '/feeds/posts/summary?max-results=500&alt=rss',
        '/feeds/comments/default?max-results=500',
        '/feeds/comments/default?max-results=500&alt=rss',
        ...posts.slice(0, 8).map((p) => `/feeds/${p.id}/comments/default`),
        ...[...labels].flatMap((l) => [labelFeedPath([l]), `${labelFeedPath([l])}?alt=rss`]),
      ];
      for (const path of paths) {
        const res = await t.get('naughty', path);
        assert.equal(res.statusCode, 200, `${path} answered ${res.statusCode}`);
        assert.doesNotThrow(() => parseXmlStrictly(res.body), `${path} is not well-formed XML`);
        await feedParser.parseString(res.body);
      }
      for (const label of labels) {
        const feed = parseXmlStrictly((await t.get('naughty', labelFeedPath([label]))).body);
        assert.ok(textsAt(feed, ['entry', 'title']).length >= 1, `the feed of label ${JSON.stringify(label)} is empty`);
      }

      const atom = parseXmlStrictly((await t.get('naughty', '/feeds/posts/default?max-results=500')).body);
      // Atom titles are escaped HTML (type="html"): decoded, each is the post's title.
      assert.deepEqual(
        textsAt(atom, ['entry', 'title']).map((html) => decode(html)),
        [...posts].reverse().map((p) => xmlChars(p.title)),
      );
      assert.equal(textsAt(atom, ['feed', 'title'])[0], '<Naughty> & "strings"');
      const terms = new Set(elementsAt(atom, ['entry', 'category']).map((c) => c.attributes.term));
      for (const label of labels)
        assert.ok(terms.has(xmlChars(label).replace(/</g, '\uFF1C')), `label ${JSON.stringify(label)} is missing`);
      const rss = parseXmlStrictly((await t.get('naughty', '/feeds/posts/default?max-results=500&alt=rss')).body);
      assert.deepEqual(new Set(textsAt(rss, ['item', 'category'])), new Set([...labels].map(xmlChars)));

      const json = await t.get('naughty', '/feed.json?max-results=500');
      assert.equal(json.statusCode, 200);
      const feed = JSON.parse(json.body);
      assert.deepEqual(jsonFeedErrors(feed), []);
      assert.deepEqual(
        feed.items.map((i: { title: string }) => i.title),
        [...posts].reverse().map((p) => p.title),
      );
    });
  });
}
