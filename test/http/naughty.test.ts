/**
 * The Big List of Naughty Strings (test/fixtures/naughty, MIT) over HTTP, on every database: each string
 * as a post title, a label, a custom permalink, a search query, a label path and a path segment.
 * Nothing answers 500; what is stored reads back intact and escaped; no string ever becomes markup.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { encode as escapeHtml } from 'html-entities';
import { after, before, describe, test } from 'node:test';
import { testDatabases } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { makeBlog, makePost } from '../helpers/factories.js';
import { assertThemeMarkup, attributeOf, byId, elementsNamed, textOf } from '../helpers/html.js';
import { AppError, ConflictError, InvalidInputError } from '../../src/domain/errors.js';
import { labelPath, postPath } from '../../src/domain/blogs/urls.js';
import { cutText, wellFormed } from '../../src/domain/text/unicode.js';
import type { PostRow } from '../../src/storage/schema.js';

const BLNS: string[] = JSON.parse(readFileSync(new URL('../fixtures/naughty/blns.json', import.meta.url), 'utf8'));

/** Strings the list lacks that broke, or could break, something here. */
const EXTRA = [
  '\u0000',
  'nul\u0000inside',
  'lone \uD800 surrogate',
  '\uDC00',
  '.',
  '..',
  '%',
  '%2e',
  '%00',
  'a+b',
  '+',
  '/',
  'a/b',
  '\\',
  '?q=1#x',
  '\u2028\u2029',
  'x'.repeat(1000),
  '<a name="more"></a>',
];
const NAUGHTY = [...BLNS, ...EXTRA];

/** The string as a URL path segment or query value; lone surrogates (not encodable) as their UTF-8 replacement. */
function encode(s: string): string {
  return encodeURIComponent(Buffer.from(s).toString());
}

/** The same string as it comes back through UTF-8 (lone surrogates become U+FFFD). */
function viaUtf8(s: string): string {
  return Buffer.from(s).toString();
}

/** Runs `fn` over `items`, `size` at a time. */
async function inBatches<T>(items: readonly T[], size: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) {
    await Promise.all(items.slice(i, i + size).map((item, j) => fn(item, i + j)));
  }
}

/** Creates a post, or returns the refusal: an AppError is a refusal, anything else a bug. */
async function attempt(create: () => Promise<PostRow>): Promise<PostRow | AppError> {
  try {
    return await create();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
}

const DAY = 86_400_000;
const START = Date.parse('2026-11-01T00:00:00Z');
/** Strings per blog: every page shows the blog's labels and archive, so a blog holds at most this many. */
const PER_BLOG = 100;

/** The strings in groups of PER_BLOG, each group with its own blog name and index offset. */
function groups(): { name: string; offset: number; strings: string[] }[] {
  const out = [];
  for (let i = 0; i < NAUGHTY.length; i += PER_BLOG)
    out.push({ name: `g${i / PER_BLOG}`, offset: i, strings: NAUGHTY.slice(i, i + PER_BLOG) });
  return out;
}

for (const database of testDatabases) {
  describe(`naughty strings over HTTP on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;

    before(async () => {
      t = await startTestApp(database);
    });
    after(() => t.close());

    test('every string as a post title: the post page shows it intact, as text', async () => {
      const posts: { blog: string; post: PostRow }[] = [];
      let refused = 0;
      for (const group of groups()) {
        const blog = await makeBlog(t.services, { name: `titles-${group.name}`, title: 'Titles' });
        for (const [j, title] of group.strings.entries()) {
          const i = group.offset + j;
          const result = await attempt(() => makePost(t.services, blog, { title, body: `<p>Body ${i}</p>`, publishedAt: START - j * DAY }));
          if (result instanceof AppError) {
            assert.ok(
              result instanceof InvalidInputError && title.length > 500,
              `title ${JSON.stringify(title)} refused: ${result.message}`,
            );
            refused++;
            continue;
          }
          // Stored as written, but with lone surrogate halves (no characters) as U+FFFD.
          assert.equal(
            result.title,
            wellFormed(title)
              .normalize('NFC')
              .replace(/[\u0000-\u001F\u007F]/g, ' ')
              .trim(),
          );
          posts.push({ blog: blog.name, post: result });
        }
      }
      assert.equal(refused, 1, 'every title but the 1000-character one is taken');

      await inBatches(posts, 8, async ({ blog, post }) => {
        const context = `title ${JSON.stringify(post.title)}`;
        const res = await t.get(blog, postPath(post));
        assert.equal(res.statusCode, 200, context);
        const doc = assertThemeMarkup(res.body, context);
        const title = post.title || '(untitled)';
        const h1s = elementsNamed(doc, 'h1');
        assert.equal(h1s.length, 1, context);
        assert.equal(textOf(h1s[0]), title, context);
        // An untitled post's window title is the blog's alone.
        const windowTitle = post.title ? `${title} | Titles` : 'Titles';
        assert.equal(textOf(elementsNamed(doc, 'title')[0]), windowTitle, context);
        const ogTitle = elementsNamed(doc, 'meta').find((m) => m.attribs.property === 'og:title');
        assert.equal(attributeOf(ogTitle, 'content'), windowTitle, context);
        const jsonLd = JSON.parse(textOf(elementsNamed(doc, 'script')[0]) ?? '');
        assert.equal(jsonLd.headline, cutText(post.title, 110), context);
        assert.equal(elementsNamed(doc, 'article').length, 1, context);
        // The archive gadget lists the newest month's posts by title, and links every month.
        const archiveLinks = elementsNamed(byId(doc, 'archive')!, 'a');
        const monthPath = `/${post.path_year}/${String(post.path_month).padStart(2, '0')}/`;
        const monthLinks = archiveLinks.filter((a) => a.attribs.href?.endsWith('/') && a.attribs.href.length === 9);
        assert.ok(
          monthLinks.some((a) => a.attribs.href === monthPath),
          context,
        );
        if (monthLinks[0]?.attribs.href === monthPath) {
          const inArchive = archiveLinks.filter((a) => a.attribs.href === postPath(post));
          assert.deepEqual(inArchive.map(textOf), [title], context);
        }
      });
    });

    test('every string as a label: refused with a reason, or its label page lists the post', async () => {
      // Label → blog and the titles of its posts (strings that differ only in spacing make one label).
      const labelled = new Map<string, { blog: string; titles: string[] }>();
      let refused = 0;
      for (const group of groups()) {
        const blog = await makeBlog(t.services, { name: `labels-${group.name}`, title: 'Labels' });
        for (const [j, label] of group.strings.entries()) {
          const i = group.offset + j;
          const result = await attempt(() =>
            makePost(t.services, blog, { title: `Label ${i}`, labels: [label], publishedAt: START - j * DAY }),
          );
          if (result instanceof AppError) {
            assert.ok(result instanceof InvalidInputError, `label ${JSON.stringify(label)}: ${result.message}`);
            refused++;
            continue;
          }
          const stored = (await t.services.repositories.posts.labelsOf([result.id])).get(result.id)!;
          if (label.trim() === '') {
            assert.deepEqual(stored, [], 'a blank label is dropped');
            continue;
          }
          assert.equal(stored.length, 1, `label ${JSON.stringify(label)} is kept`);
          const key = `${blog.name}|${stored[0]}`;
          labelled.set(key, { blog: blog.name, titles: [...(labelled.get(key)?.titles ?? []), result.title] });
        }
      }
      assert.ok(refused > 0 && labelled.size > NAUGHTY.length * 0.8, `${refused} refused, ${labelled.size} kept`);

      await inBatches([...labelled], 8, async ([key, { blog, titles }]) => {
        const label = key.slice(blog.length + 1);
        const context = `label ${JSON.stringify(label)}`;
        const res = await t.get(blog, labelPath([label]));
        assert.equal(res.statusCode, 200, context);
        const doc = assertThemeMarkup(res.body, context);
        assert.equal(textOf(elementsNamed(doc, 'h1')[0]), `Posts with the label “${label}”`, context);
        const articles = elementsNamed(doc, 'article');
        assert.deepEqual(articles.map((a) => textOf(elementsNamed(a, 'h2')[0])?.trim()).sort(), titles.sort(), context);
        for (const article of articles) {
          const tag = elementsNamed(article, 'a').find((a) => a.attribs.rel === 'tag');
          assert.equal(textOf(tag), label, context);
          assert.equal(attributeOf(tag, 'href'), labelPath([label]), context);
        }
        // The labels gadget links to the same page.
        const gadget = elementsNamed(byId(doc, 'labels')!, 'a').find((a) => textOf(a) === label);
        assert.equal(attributeOf(gadget, 'href'), labelPath([label]), context);
      });
    });

    test('labels "." and "..", which no web address can carry, are refused', async () => {
      const blog = await makeBlog(t.services, { name: 'dots', title: 'Dots' });
      for (const label of ['.', '..', ' .. ']) {
        const result = await attempt(() => makePost(t.services, blog, { title: 'Dots', labels: [label] }));
        assert.ok(result instanceof InvalidInputError, label);
      }
    });

    test('every string as a custom permalink: refused as invalid or taken, or the post opens at it', async () => {
      const blog = await makeBlog(t.services, { name: 'slugs', title: 'Slugs' });
      const at = Date.parse('2026-10-15T12:00:00Z');
      const accepted: PostRow[] = [];
      for (const [i, slug] of NAUGHTY.entries()) {
        const result = await attempt(() => makePost(t.services, blog, { title: `Slug ${i}`, slug, publishedAt: at }));
        if (result instanceof AppError) {
          assert.ok(
            result instanceof InvalidInputError || result instanceof ConflictError,
            `slug ${JSON.stringify(slug)}: ${result.message}`,
          );
          continue;
        }
        accepted.push(result);
      }
      assert.ok(accepted.length > 0);
      await inBatches(accepted, 8, async (post) => {
        const context = `slug ${JSON.stringify(post.slug)}`;
        const res = await t.get('slugs', postPath(post));
        assert.equal(res.statusCode, 200, context);
        const doc = assertThemeMarkup(res.body, context);
        assert.equal(textOf(elementsNamed(doc, 'h1')[0]), post.title, context);
      });
    });

    test('every string as a search query: the results page echoes it as text', async () => {
      // A blog whose posts hold the strings in title and body, so that many searches find something.
      const blog = await makeBlog(t.services, { name: 'search', title: 'Search' });
      for (const [i, s] of NAUGHTY.slice(0, PER_BLOG).entries()) {
        await makePost(t.services, blog, { title: s, body: `<p>${escapeHtml(s)}</p>`, publishedAt: START - i * DAY });
      }
      let found = 0;
      await inBatches(NAUGHTY, 8, async (query) => {
        const context = `search ${JSON.stringify(query)}`;
        const res = await t.get('search', `/search?q=${encode(query)}`);
        assert.equal(res.statusCode, 200, context);
        const doc = assertThemeMarkup(res.body, context);
        // The route folds control characters to spaces, trims and keeps 200 characters.
        const expected = cutText(
          viaUtf8(query)
            .replace(/[\u0000-\u001F\u007F]/g, ' ')
            .trim(),
          200,
        );
        assert.equal(attributeOf(byId(doc, 'main-q'), 'value') ?? '', expected, context);
        assert.equal(textOf(elementsNamed(doc, 'h1')[0]), expected ? `Search results for “${expected}”` : 'Search', context);
        if (elementsNamed(doc, 'li').some((li) => li.attribs.class === 'search-result')) found++;
      });
      assert.ok(found > 50, `${found} searches found posts`);
    });

    test('every string as a label path and as a path segment: never a 500, always the blog’s own page', async () => {
      const blog = await makeBlog(t.services, { name: 'paths', title: 'Paths' });
      await makePost(t.services, blog, { title: 'The only post', labels: ['only'] });
      const paths = NAUGHTY.flatMap((s) => {
        const e = encode(s);
        return [`/search/label/${e}`, `/search/label/only+${e}`, `/${e}`, `/${e}/`, `/2026/10/${e}.html`, `/p/${e}.html`, `/2026/${e}/`];
      });
      await inBatches(paths, 16, async (path) => {
        const res = await t.get('paths', path);
        assert.ok([200, 301, 404].includes(res.statusCode), `${path}: ${res.statusCode}`);
        if (res.statusCode === 301) return;
        assertThemeMarkup(res.body, path);
        assert.match(res.body, /<(h1|p) class="blog-title"><a href="\/"><bdi>Paths<\/bdi><\/a><\/(h1|p)>/, `${path}: the blog's own page`);
      });
    });
  });
}
