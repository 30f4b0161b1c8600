/**
 * Cache hits answered in the first hook (src/server/cache-hits.ts) must be the same answer the full
 * route gives: the same bytes and headers (security headers, CSP, ETag, caching, Vary), HEAD without a
 * body, 304 for a conditional request, a fresh page once the blog changes, and never the shared page's
 * public headers for a signed-in reader.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { postPath } from '../../src/domain/blogs/urls.js';
import type { BlogRow, PostRow, UserRow } from '../../src/storage/schema.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { testDatabases } from '../helpers/databases.js';
import { makeBlog, makePost } from '../helpers/factories.js';

const VARYING = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);
const stable = (headers: Record<string, unknown>) => Object.fromEntries(Object.entries(headers).filter(([name]) => !VARYING.has(name)));

for (const database of testDatabases) {
  describe(`cache hits answered first on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    let blog: BlogRow;
    let post: PostRow;
    let owner: UserRow;

    before(async () => {
      t = await startTestApp(database, { pageCacheSeconds: 60 });
      blog = await makeBlog(t.services);
      owner = await t.services.users.createUser({ email: `hits-${database.name}@example.com`, displayName: 'Owner' });
      await t.services.users.addMember(blog.id, owner.id, 'owner');
      post = await makePost(t.services, blog, { title: 'Cached and quick', body: '<p>Words.</p>' });
    });
    after(() => t.close());

    test('a hit sends the bytes and headers the route sent', async () => {
      for (const url of [postPath(post), '/']) {
        const first = await t.get(blog.name, url);
        const second = await t.get(blog.name, url);
        assert.equal(first.statusCode, 200);
        assert.equal(second.statusCode, 200);
        assert.equal(second.body, first.body);
        assert.deepEqual(stable(second.headers), stable(first.headers));
        assert.equal(second.headers['cache-control'], 'public, max-age=0, s-maxage=60, stale-while-revalidate=60');
        assert.match(String(second.headers['content-security-policy']), /default-src 'self'/);
        assert.equal(second.headers['x-content-type-options'], 'nosniff');
        assert.equal(second.headers.vary, 'Accept-Encoding');
        assert.equal(Number(second.headers['content-length']), Buffer.byteLength(second.body));
      }
    });

    test('HEAD has the headers and no body; a conditional request gets 304', async () => {
      const full = await t.get(blog.name, postPath(post));
      const head = await t.app.inject({ method: 'HEAD', url: postPath(post), headers: { host: `${blog.name}.example.test` } });
      assert.equal(head.statusCode, 200);
      assert.equal(head.body, '');
      assert.equal(head.headers.etag, full.headers.etag);
      const again = await t.get(blog.name, postPath(post), { 'if-none-match': String(full.headers.etag) });
      assert.equal(again.statusCode, 304);
      assert.equal(again.body, '');
    });

    test('a change to the blog is seen at once', async () => {
      const before = await t.get(blog.name, '/');
      await makePost(t.services, blog, { title: 'Fresh news', body: '<p>New.</p>' });
      const afterChange = await t.get(blog.name, '/');
      assert.doesNotMatch(before.body, /Fresh news/);
      assert.match(afterChange.body, /Fresh news/);
    });

    test('a signed-in reader never gets the shared page’s public headers', async () => {
      await t.get(blog.name, postPath(post));
      const session = await t.services.sessions.start(owner);
      const mine = await t.get(blog.name, postPath(post), { cookie: `dastan_session=${session.token}` });
      assert.equal(mine.statusCode, 200);
      assert.equal(mine.headers['cache-control'], 'private, no-store');
    });

    test('an unknown host and an unknown path are not answered from the cache', async () => {
      await t.get(blog.name, postPath(post));
      assert.equal((await t.get('nosuchblog', postPath(post))).statusCode, 404);
      assert.equal((await t.get(blog.name, '/2020/01/nothing-here.html')).statusCode, 404);
    });
  });
}
