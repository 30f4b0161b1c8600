import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testDatabases } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { makeBlog, makePost } from '../helpers/factories.js';
import type { BlogRow } from '../../src/storage/schema.js';

for (const database of testDatabases) {
  describe(`reader pages on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    let travel: BlogRow;
    let food: BlogRow;

    before(async () => {
      t = await startTestApp(database);
      travel = await makeBlog(t.services, { name: 'travel', title: 'Travel notes' });
      food = await makeBlog(t.services, { name: 'food', title: 'Food diary' });
      const at = Date.parse('2026-10-05T08:00:00Z');
      await makePost(t.services, travel, {
        title: 'Shared slug',
        body: '<p>Travel body about rivers</p>',
        labels: ['shared', 'travel-only'],
        publishedAt: at,
      });
      await makePost(t.services, food, { title: 'Shared slug', body: '<p>Food body about bread</p>', labels: ['shared'], publishedAt: at });
    });
    after(() => t.close());

    test('the same path on two hosts shows each blog its own post', async () => {
      const a = await t.get('travel', '/2026/10/shared-slug.html');
      const b = await t.get('food', '/2026/10/shared-slug.html');
      assert.equal(a.statusCode, 200);
      assert.equal(b.statusCode, 200);
      assert.match(a.body, /Travel body about rivers/);
      assert.doesNotMatch(a.body, /Food body|Food diary|bread/);
      assert.match(b.body, /Food body about bread/);
      assert.doesNotMatch(b.body, /Travel body|Travel notes|rivers|travel-only/);
    });

    test('labels, search and archive of one blog never show another blog', async () => {
      for (const path of ['/search/label/shared', '/search?q=body', '/2026/', '/2026/10/', '/']) {
        const page = await t.get('food', path);
        assert.equal(page.statusCode, 200, path);
        assert.doesNotMatch(page.body, /rivers|Travel notes|travel-only/, path);
      }
    });

    test('a label page offers its own feed beside the blog feeds', async () => {
      const page = await t.get('travel', '/search/label/travel-only');
      assert.match(
        page.body,
        /<link rel="alternate" type="application\/atom\+xml" title="[^"]*travel-only[^"]*" href="http:\/\/[a-z.]+\/feeds\/posts\/default\/-\/travel-only">/,
      );
      assert.match(page.body, /title="Travel notes - Atom" href="http:\/\/[a-z.]+\/feeds\/posts\/default">/);
    });

    test('the labels gadget is a list with counts, or a cloud sized by use when the owner picks it', async () => {
      assert.match(
        (await t.get('travel', '/')).body,
        /<ul class="label-list">[\s\S]*?travel-only(?:<\/bdi>)?<\/a> <span class="count">\(1\)<\/span>/,
      );
      await t.services.blogs.updateSettings(travel.id, { labelsStyle: 'cloud' });
      const page = (await t.get('travel', '/')).body;
      assert.match(page, /<ul class="label-cloud">\s*<li class="weight-\d"><a href="\/search\/label\/shared"/);
      await assert.rejects(t.services.blogs.updateSettings(travel.id, { labelsStyle: 'pie' as 'list' }), /list or a cloud/);
      await t.services.blogs.updateSettings(travel.id, { labelsStyle: 'list' });
    });

    test('an unknown host gets a plain 404 naming no blog', async () => {
      const res = await t.get('nosuchblog', '/2026/10/shared-slug.html');
      assert.equal(res.statusCode, 404);
      assert.doesNotMatch(res.body, /Travel|Food|Shared slug/);
    });

    test('an unknown path on a blog gets the helpful 404 with search and newest posts', async () => {
      const res = await t.get('travel', '/2026/10/missing.html');
      assert.equal(res.statusCode, 404);
      assert.match(res.body, /Page not found/);
      assert.match(res.body, /role="search"/);
      assert.match(res.body, /href="\/2026\/10\/shared-slug.html"/);
    });

    test('the post page has the skip link first, one h1, comments and popular posts', async () => {
      const res = await t.get('travel', '/2026/10/shared-slug.html');
      const body = res.body;
      const firstLink = body.indexOf('<a ');
      assert.equal(body.slice(firstLink, body.indexOf('>', firstLink) + 1), '<a class="skip-link" href="#main">');
      assert.equal(body.match(/<h1[\s>]/g)?.length, 1);
      assert.match(body, /<main id="main"/);
      assert.match(body, /<section id="comments"[^>]*>\s*<h2[^>]*>Comments<\/h2>/);
      assert.match(body, /id="popular-posts"[\s\S]*Popular posts from this blog/);
    });

    test('a post page’s JSON-LD follows the blog: a new title is the publisher’s name on the next page', async () => {
      const jsonLd = async () => {
        const body = (await t.get('travel', '/2026/10/shared-slug.html')).body;
        return JSON.parse(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(body)![1]!) as Record<string, any>;
      };
      const before = await jsonLd();
      assert.equal(before['@type'], 'BlogPosting');
      assert.equal(before.publisher.name, 'Travel notes');
      assert.equal(before.keywords, 'shared, travel-only');
      assert.equal(before.headline, 'Shared slug');
      try {
        await t.services.blogs.updateSettings(travel.id, { title: 'Rivers & roads' });
        const after = await jsonLd();
        assert.equal(after.publisher.name, 'Rivers & roads');
        assert.equal(after.author.name, 'Rivers & roads', 'a post without an author name is by the blog');
      } finally {
        await t.services.blogs.updateSettings(travel.id, { title: 'Travel notes' });
      }
      assert.equal((await jsonLd()).publisher.name, 'Travel notes');
    });

    test('a page answers 304 to its own ETag', async () => {
      const first = await t.get('travel', '/');
      const etag = first.headers.etag as string;
      assert.ok(etag);
      assert.match(String(first.headers['cache-control']), /public/);
      const again = await t.get('travel', '/', { 'if-none-match': etag });
      assert.equal(again.statusCode, 304);
      assert.equal(again.body, '');
    });
  });
}

for (const database of testDatabases) {
  describe(`an empty platform on ${database.name}`, { skip: database.skip }, () => {
    test('the first visit leads to the set-up page instead of a bare 404', async () => {
      const t = await startTestApp(database);
      try {
        const res = await t.get('localhost', '/');
        assert.equal(res.statusCode, 303);
        assert.equal(res.headers.location, '/admin/setup');
      } finally {
        await t.close();
      }
    });
  });
}
