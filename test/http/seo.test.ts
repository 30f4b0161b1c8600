import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { registerErrorHandler } from '../../src/server/errors.js';
import { Sitemaps } from '../../src/feeds/sitemap.js';
import { registerSeoRoutes } from '../../src/server/routes/seo.routes.js';
import { PUBLIC_CACHE_CONTROL } from '../../src/server/serve-page.js';
import { registerSiteResolution } from '../../src/server/site.js';
import type { BlogRow, PostRow } from '../../src/storage/schema.js';
import { BROWSER_UA, hostOf, startTestApp, type TestApp } from '../helpers/app.js';
import { testDatabases } from '../helpers/databases.js';
import { makeBlog, makePost } from '../helpers/factories.js';
import { hasXmllint, parseXmlStrictly, textsAt, xsdErrors } from '../helpers/xml.js';

const SITEMAP_XSD = '/work/shared/testdata/feeds/sitemap-0.9.xsd';
const NO_XMLLINT = hasXmllint ? false : 'xmllint not installed';
const TRAVEL = 'http://travel.example.test';
const BASE = Date.parse('2026-10-01T08:00:00Z');
const DAY = 24 * 60 * 60 * 1000;

for (const database of testDatabases) {
  describe(`sitemap and robots.txt on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    /** The same routes with 3 URLs per sitemap, so 8 URLs need an index of 3 pages. */
    let small: FastifyInstance;
    let travel: BlogRow;
    let travelUrls: string[];
    let newest: PostRow;

    const getSmall = (blogName: string, path: string) =>
      small.inject({ method: 'GET', url: path, headers: { host: hostOf(blogName), 'user-agent': BROWSER_UA } });

    before(async () => {
      t = await startTestApp(database);
      await makeBlog(t.services, { name: 'home', title: 'Home' });
      travel = await makeBlog(t.services, { name: 'travel', title: 'Travel notes' });
      const food = await makeBlog(t.services, { name: 'food', title: 'Food diary' });
      const posts: PostRow[] = [];
      for (let i = 0; i < 5; i++) {
        posts.push(await makePost(t.services, travel, { title: `Travel story ${i}`, labels: ['shared'], publishedAt: BASE + i * DAY }));
      }
      newest = await makePost(t.services, travel, { title: 'Shared slug', labels: ['shared'], publishedAt: BASE + 9 * DAY });
      posts.push(newest);
      const page = await makePost(t.services, travel, { kind: 'page', title: 'About travel', publishedAt: BASE });
      await makePost(t.services, travel, { title: 'Secret draft', draft: true });
      await makePost(t.services, travel, { title: 'Future trip', publishedAt: BASE + 400 * DAY });
      await makePost(t.services, food, { title: 'Shared slug', labels: ['shared'], publishedAt: BASE + 9 * DAY });
      await makePost(t.services, food, { title: 'Bread and butter', publishedAt: BASE });
      travelUrls = [`${TRAVEL}/`, ...posts.map((p) => `${TRAVEL}/2026/10/${p.slug}.html`), `${TRAVEL}/p/${page.slug}.html`];

      small = Fastify();
      registerErrorHandler(small);
      registerSiteResolution(small, t.services.blogs);
      registerSeoRoutes(small, { services: { ...t.services, sitemaps: new Sitemaps(t.services.repositories.posts, 3) } });
      await small.ready();
    });
    after(async () => {
      await small.close();
      await t.close();
    });

    test('the sitemap lists the home page and every live post and page, each with its last change', async () => {
      const res = await t.get('travel', '/sitemap.xml');
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'application/xml; charset=utf-8');
      assert.equal(res.headers['cache-control'], PUBLIC_CACHE_CONTROL);
      const elements = parseXmlStrictly(res.body);
      assert.deepEqual(textsAt(elements, ['url', 'loc']).sort(), [...travelUrls].sort());
      const lastmods = textsAt(elements, ['url', 'lastmod']);
      assert.equal(lastmods.length, travelUrls.length);
      const newestIndex = textsAt(elements, ['url', 'loc']).indexOf(`${TRAVEL}/2026/10/${newest.slug}.html`);
      assert.equal(lastmods[newestIndex], new Date(newest.updated_at).toISOString());
      assert.doesNotMatch(res.body, /secret-draft|future-trip|food\.example|bread/);
    });

    test('the sitemap validates against the sitemaps.org 0.9 schema', { skip: NO_XMLLINT }, async () => {
      const res = await t.get('travel', '/sitemap.xml');
      assert.equal(xsdErrors(res.body, SITEMAP_XSD), undefined);
      // The check can fail: a document the schema refuses is reported.
      assert.ok(xsdErrors(res.body.replace('<lastmod>', '<lastmod>yesterday'), SITEMAP_XSD));
    });

    test('past the URL limit the sitemap is an index of ?page=N sitemaps that together list every URL once', async () => {
      const index = await getSmall('travel', '/sitemap.xml');
      assert.equal(index.statusCode, 200);
      const elements = parseXmlStrictly(index.body);
      assert.equal(elements.at(-1)!.path[0], 'sitemapindex');
      const locs = textsAt(elements, ['sitemap', 'loc']);
      assert.deepEqual(
        locs,
        [1, 2, 3].map((n) => `${TRAVEL}/sitemap.xml?page=${n}`),
      );
      assert.equal(textsAt(elements, ['sitemap', 'lastmod']).length, 3);

      const listed: string[] = [];
      for (const loc of locs) {
        const url = new URL(loc);
        const page = await getSmall('travel', url.pathname + url.search);
        assert.equal(page.statusCode, 200, loc);
        const urls = textsAt(parseXmlStrictly(page.body), ['url', 'loc']);
        assert.ok(urls.length >= 1 && urls.length <= 3, `${loc} has ${urls.length} URLs`);
        listed.push(...urls);
        if (hasXmllint) assert.equal(xsdErrors(page.body, SITEMAP_XSD), undefined, loc);
      }
      assert.equal(listed[0], `${TRAVEL}/`);
      assert.deepEqual([...listed].sort(), [...travelUrls].sort());

      assert.equal((await getSmall('travel', '/sitemap.xml?page=4')).statusCode, 404);
      for (const bad of ['0', '-1', 'abc', '1.5', '9999999']) {
        const res = await getSmall('travel', `/sitemap.xml?page=${bad}`);
        assert.equal(res.statusCode, 400, bad);
        assert.match(res.body, /page must be a whole number/, bad);
      }
      // Under the limit there is no index: page 1 is the whole sitemap.
      const food = await getSmall('food', '/sitemap.xml');
      assert.equal(parseXmlStrictly(food.body).at(-1)!.path[0], 'urlset');
      assert.equal((await t.get('travel', '/sitemap.xml?page=1')).body, (await t.get('travel', '/sitemap.xml')).body);
    });

    test('a sitemap page starts in the month that holds its first post, and the pages list each post once, newest month first', async () => {
      const diary = await makeBlog(t.services, { name: 'diary', title: 'Diary' });
      // Posts in four months, some on the same day, so that pages start inside a month and inside a day.
      const times = [
        '2026-01-10T10:00',
        '2026-02-11T09:00',
        '2026-02-11T10:00',
        '2026-02-13T10:00',
        '2026-04-14T10:00',
        '2026-07-15T10:00',
        '2026-07-16T08:00',
        '2026-07-16T09:00',
        '2026-07-16T10:00',
        '2026-09-19T10:00',
      ];
      const posts: PostRow[] = [];
      for (const [i, time] of times.entries())
        posts.push(await makePost(t.services, diary, { title: `Entry ${i}`, publishedAt: Date.parse(`${time}:00Z`) }));
      await t.services.editor.moveToTrash(diary.id, [posts[5]!.id]);
      const origin = `http://diary.example.test`;
      const expected = [
        `${origin}/`,
        ...posts
          .filter((_, i) => i !== 5)
          .sort((a, b) => b.published_at! - a.published_at!)
          .map((p) => `${origin}/${p.path_year}/${String(p.path_month).padStart(2, '0')}/${p.slug}.html`),
      ];
      const listed: string[] = [];
      for (let n = 1; ; n++) {
        const res = await getSmall('diary', `/sitemap.xml?page=${n}`);
        if (res.statusCode === 404) break;
        listed.push(...textsAt(parseXmlStrictly(res.body), ['url', 'loc']));
      }
      assert.deepEqual(listed, expected);
    });

    test('two blogs sharing a slug each list only their own URLs', async () => {
      const food = await t.get('food', '/sitemap.xml');
      assert.equal(food.statusCode, 200);
      const locs = textsAt(parseXmlStrictly(food.body), ['url', 'loc']);
      assert.deepEqual(locs.sort(), [
        'http://food.example.test/',
        'http://food.example.test/2026/10/bread-and-butter.html',
        'http://food.example.test/2026/10/shared-slug.html',
      ]);
      const travelSitemap = await t.get('travel', '/sitemap.xml');
      assert.doesNotMatch(travelSitemap.body, /food\.example/);
    });

    test('robots.txt keeps search pages out and names the sitemap', async () => {
      const res = await t.get('travel', '/robots.txt');
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'text/plain; charset=utf-8');
      const lines = res.body.split('\n');
      assert.equal(lines[0], 'User-agent: *');
      assert.ok(lines.includes('Disallow: /search'));
      assert.ok(lines.includes('Allow: /'));
      assert.ok(lines.includes(`Sitemap: ${TRAVEL}/sitemap.xml`));
      assert.match((await t.get('food', '/robots.txt')).body, /^Sitemap: http:\/\/food\.example\.test\/sitemap\.xml$/m);
    });

    test('sitemap and robots.txt answer 304 to their own ETag', async () => {
      for (const path of ['/sitemap.xml', '/robots.txt']) {
        const first = await t.get('travel', path);
        const etag = first.headers.etag as string;
        assert.ok(etag, path);
        const again = await t.get('travel', path, { 'if-none-match': etag });
        assert.equal(again.statusCode, 304, path);
        assert.equal(again.body, '');
      }
    });

    test('an unknown host gets a plain 404', async () => {
      for (const path of ['/sitemap.xml', '/sitemap.xml?page=1', '/robots.txt']) {
        const res = await t.get('nosuchblog', path);
        assert.equal(res.statusCode, 404, path);
        assert.doesNotMatch(res.body, /travel|food|Sitemap:/i, path);
      }
    });
  });
}
