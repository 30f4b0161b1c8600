/**
 * The Redirects screen on both databases: owners add, change and remove redirects (an old path to a
 * post, a page or any address on the blog; 301 or 302), imported redirects show in the same list, each
 * use is counted in memory and written in a batch, and a loop, the address of a live post and a target
 * off the blog are refused with a message saying why.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { postPath } from '../../src/domain/blogs/urls.js';
import type { BlogRow, PostRow } from '../../src/storage/schema.js';
import { testDatabases } from '../helpers/databases.js';
import { hostOf, startTestApp, type TestApp } from '../helpers/app.js';
import { Client } from '../helpers/browser-client.js';
import { makeBlog, makePost } from '../helpers/factories.js';

for (const database of testDatabases) {
  describe(`the Redirects screen on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    let blog: BlogRow;
    let post: PostRow;
    let page: PostRow;
    let client: Client;
    const screen = '/admin/blogs/www/redirects';

    before(async () => {
      t = await startTestApp(database);
      blog = await makeBlog(t.services, { name: 'www', title: 'Walks' });
      const owner = await t.services.users.createUser({ email: 'owner@example.com' });
      await t.services.users.addMember(blog.id, owner.id, 'owner');
      post = await makePost(t.services, blog, { title: 'The long walk', publishedAt: Date.parse('2026-11-02T10:00:00Z') });
      page = await makePost(t.services, blog, { kind: 'page', title: 'About us', slug: 'about' });
      client = await new Client(t.app).signInAs(t.services, owner);
    });
    after(() => t.close());

    const add = async (fields: Record<string, string>) => {
      await client.get(screen);
      return client.post(screen, { status: '301', ...fields });
    };
    const follow = (path: string) => t.get('www', path);
    const rows = () => t.services.redirects.list(blog);

    test('an old path to a post (which it follows), counted in a batch, and shown with the post’s title', async () => {
      const res = await add({ from: '/2019/05/Old-Walk.html?utm=x', to: `http://${hostOf('www')}:3000${postPath(post)}` });
      assert.equal(res.statusCode, 303, /role="alert"[^<]*/.exec(res.body)?.[0]);
      assert.equal(res.headers.location, `${screen}?done=saved`);
      const [row] = await rows();
      assert.equal(row!.from_path, '/2019/05/old-walk.html', 'written down one way: lower case, no query');
      assert.equal(row!.post_id, post.id, 'a post’s address is stored as the post');
      assert.equal(row!.source, 'owner');
      for (let i = 0; i < 3; i++) {
        const moved = await follow('/2019/05/old-walk.html');
        assert.equal(moved.statusCode, 301);
        assert.equal(moved.headers.location, postPath(post));
      }
      assert.equal((await rows())[0]!.hits, 0, 'nothing written per use');
      await t.services.redirects.hits.flush();
      const counted = (await rows())[0]!;
      assert.equal(Number(counted.hits), 3);
      assert.equal(Number(counted.last_hit_at), t.clock.now());
      const list = await client.get(`${screen}?done=saved`);
      assert.match(list.body, /The redirect is saved/);
      assert.match(list.body, /The long walk/);
      assert.match(list.body, /followed 3 times/);
    });

    test('a 302 to any path of the blog, not cached; changed later to a 301 to the page, keeping its count', async () => {
      await add({ from: '/old-labels/hills', to: '/search/label/hills', status: '302' });
      const moved = await follow('/old-labels/hills/');
      assert.equal(moved.statusCode, 302);
      assert.equal(moved.headers.location, '/search/label/hills');
      assert.equal(moved.headers['cache-control'], 'no-store');
      await t.services.redirects.hits.flush();
      const form = await client.get(`${screen}?edit=${encodeURIComponent('/old-labels/hills')}`);
      assert.match(form.body, /value="\/search\/label\/hills"/);
      assert.match(form.body, /name="editing" value="\/old-labels\/hills"/);
      const changed = await client.post(screen, {
        from: '/old-labels/walks',
        to: '/p/about.html',
        status: '301',
        editing: '/old-labels/hills',
      });
      assert.equal(changed.statusCode, 303);
      const row = (await rows()).find((r) => r.from_path === '/old-labels/walks')!;
      assert.equal(row.post_id, page.id);
      assert.equal(Number(row.status_code), 301);
      assert.equal(Number(row.hits), 1, 'the count stays with the changed redirect');
      assert.ok(!(await rows()).some((r) => r.from_path === '/old-labels/hills'));
      assert.equal((await follow('/old-labels/hills')).statusCode, 404);
    });

    test('a loop, the address of a live post and a target off the blog are refused, with the form as typed', async () => {
      await add({ from: '/a', to: '/b' });
      await add({ from: '/b', to: '/c' });
      const before = await rows();
      for (const [fields, status, message] of [
        [{ from: '/c', to: '/a' }, 400, /\/c → \/a → \/b → \/c.*round in circles/],
        [{ from: '/d', to: '/d/' }, 400, /to itself/],
        [{ from: postPath(post), to: '/p/about.html' }, 409, /address of the live post “The long walk”/],
        [{ from: '/e', to: 'https://elsewhere.example/x' }, 400, /only lead to an address on this blog/],
        [{ from: '/e', to: '//elsewhere.example/x' }, 400, /only lead to an address on this blog/],
        [{ from: '/e', to: 'javascript:alert(1)' }, 400, /only lead to an address on this blog/],
        [{ from: '/', to: '/p/about.html' }, 400, /not the home page/],
        [{ from: '/a', to: '/p/about.html' }, 409, /already a redirect from \/a/],
      ] as const) {
        const res = await add(fields);
        assert.equal(res.statusCode, status, JSON.stringify(fields));
        assert.match(res.body.replaceAll('&gt;', '>'), message);
        assert.match(
          res.body,
          new RegExp(`id="redirect-to"[^>]*value="${fields.to.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}"`),
          'typed values kept',
        );
      }
      assert.deepEqual(await rows(), before, 'nothing stored');
    });

    test('imported redirects are in the same list, marked imported, and can be removed like the rest', async () => {
      await t.services.repositories.redirects.insertMany([
        { blog_id: blog.id, from_path: '/?p=12', post_id: post.id, target_path: null, created_at: 1 },
      ]);
      const list = await client.get(screen);
      assert.match(list.body, /<code dir="ltr">\/\?p=12<\/code>/);
      assert.match(list.body, /imported/);
      assert.equal((await follow('/?p=12')).headers.location, postPath(post));
      const removed = await client.post(`${screen}/remove`, { from: '/?p=12' });
      assert.equal(removed.statusCode, 303);
      assert.ok(!(await rows()).some((r) => r.from_path === '/?p=12'));
      assert.equal((await client.post(`${screen}/remove`, { from: '/?p=12' })).statusCode, 404);
    });

    test('the screen in Urdu for an Urdu-speaking owner', async () => {
      const urdu = await t.services.users.createUser({ email: 'urdu@example.com' });
      await t.storage.db.updateTable('users').set({ language: 'ur' }).where('id', '=', urdu.id).execute();
      await t.services.users.addMember(blog.id, urdu.id, 'admin');
      const res = await (await new Client(t.app).signInAs(t.services, urdu)).get(screen);
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /ری ڈائریکٹ شامل کریں/);
    });
  });
}
