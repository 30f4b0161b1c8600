/**
 * Theme previews over HTTP, on SQLite and PostgreSQL: the blog's own page in each bundled theme and
 * with unsaved colours, fonts and width (checked as saving would), never stored, cached or indexed;
 * the Theme page frames one per theme and a live one (its policy allows frames of its own origin);
 * owners and admins only.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { BlogRow, UserRow } from '../../src/storage/schema.js';
import { testDatabases } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { Client } from '../helpers/browser-client.js';
import { makeBlog, makePost } from '../helpers/factories.js';

/** The stylesheet a preview links as a `data:` URL, decoded. */
const previewCss = (html: string) => {
  const data = /<link rel="stylesheet" href="data:text\/css;base64,([^"]+)"/.exec(html)?.[1];
  assert.ok(data, 'the preview links its stylesheet as a data: URL');
  return Buffer.from(data, 'base64').toString('utf8');
};

for (const database of testDatabases) {
  describe(`theme previews on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    let blog: BlogRow;
    let owner: UserRow;
    let author: UserRow;
    let own: Client;
    const preview = '/admin/blogs/www/theme/preview';
    const fresh = async () => (await t.services.repositories.blogs.findById(blog.id))!;

    before(async () => {
      t = await startTestApp(database, { pageCacheSeconds: 60 });
      blog = await makeBlog(t.services, { name: 'www', title: 'Previewed blog' });
      owner = await t.services.users.createUser({ email: 'owner@example.com', displayName: 'Olive Owner' });
      author = await t.services.users.createUser({ email: 'au@example.com', displayName: 'Abe Author' });
      await t.services.users.addMember(blog.id, owner.id, 'owner');
      await t.services.users.addMember(blog.id, author.id, 'author');
      await makePost(t.services, blog, { title: 'River crossing at dawn', labels: ['travel'] });
      own = await new Client(t.app).signInAs(t.services, owner);
    });
    after(() => t.close());

    test('each bundled theme previews the blog’s own posts, not cached, not indexed, nothing stored', async () => {
      const before = await fresh();
      const seen = new Set<string>();
      for (const theme of ['default', 'minimal', 'magazine']) {
        const res = await own.get(`${preview}?theme=${theme}`);
        assert.equal(res.statusCode, 200, theme);
        assert.match(res.body, /River crossing at dawn/, `${theme}: the blog's own post`);
        assert.equal(res.headers['cache-control'], 'no-store');
        assert.equal(res.headers['x-robots-tag'], 'noindex');
        assert.match(String(res.headers['content-security-policy']), /style-src[^;]*data:/);
        seen.add(previewCss(res.body));
      }
      assert.equal(seen.size, 3, 'three different stylesheets');
      const post = await own.get(`${preview}?theme=magazine&page=post`);
      assert.match(post.body, /<h1[^>]*>\s*River crossing at dawn/);
      assert.deepEqual(await fresh(), before, 'previewing changes nothing');
      assert.doesNotMatch((await t.get('www', '/')).body, /data:text\/css/, 'the live blog keeps its theme');
    });

    test('unsaved colours, fonts and width show in the preview; bad ones are refused as saving refuses them', async () => {
      const res = await own.get(`${preview}?theme=minimal&background=&text=&accent=%23a30d5e&headingFont=serif&bodyFont=&contentWidth=50`);
      assert.equal(res.statusCode, 200);
      const css = previewCss(res.body);
      assert.match(css, /--link: #a30d5e;/);
      assert.match(css, /--font-heading: /);
      assert.match(css, /50rem/);
      assert.doesNotMatch((await fresh()).theme_settings, /a30d5e/, 'nothing stored');

      const saved = await own.get(`${preview}?theme=default`);
      assert.doesNotMatch(previewCss(saved.body), /#a30d5e/, 'without settings in the address, the saved ones');
      const badColour = await own.get(`${preview}?accent=%23zz0000`);
      assert.equal(badColour.statusCode, 400);
      assert.match(badColour.body, /must be a hex colour/);
      const unreadable = await own.get(`${preview}?background=%23ffffff&text=%23fefefe`);
      assert.equal(unreadable.statusCode, 400);
      assert.match(unreadable.body, /contrast/);
      assert.equal((await own.get(`${preview}?theme=..%2F..%2Fetc`)).statusCode, 400);
      assert.equal((await own.get(`${preview}?page=admin`)).statusCode, 400);
    });

    test('the Theme page frames a preview of each theme and a live one, and allows frames of its own origin only', async () => {
      const page = await own.get('/admin/blogs/www/theme');
      for (const theme of ['default', 'minimal', 'magazine'])
        assert.ok(page.body.includes(`<iframe src="${preview}?theme=${theme}"`), theme);
      assert.match(
        page.body,
        /<iframe id="theme-live-preview" src="\/admin\/blogs\/www\/theme\/preview\?theme=default"[^>]* sandbox="allow-same-origin"/,
      );
      assert.match(page.body, /<script type="module" src="\/admin\/static\/theme-preview\.js\?v=[0-9a-f]+"><\/script>/);
      const csp = String(page.headers['content-security-policy']);
      assert.match(csp, /frame-src [^;]*'self'/);
      assert.doesNotMatch(csp, /unsafe-inline/);
      assert.match(csp, /script-src 'self'(;|$)/);
      const script = await own.get(/src="(\/admin\/static\/theme-preview\.js[^"]+)"/.exec(page.body)![1]!);
      assert.equal(script.statusCode, 200);
      assert.match(String(script.headers['content-type']), /javascript/);
      const other = await own.get('/admin/blogs/www/posts');
      assert.doesNotMatch(
        String(other.headers['content-security-policy']),
        /frame-src [^;]*'self'/,
        'only the Theme page frames its own pages',
      );
    });

    test('authors, strangers and the signed-out cannot preview', async () => {
      const writer = await new Client(t.app).signInAs(t.services, author);
      assert.equal((await writer.get(`${preview}?theme=minimal`)).statusCode, 403);
      const stranger = await t.services.users.createUser({ email: 'x@example.com', displayName: 'Stranger' });
      assert.equal((await (await new Client(t.app).signInAs(t.services, stranger)).get(preview)).statusCode, 404);
      const anonymous = await new Client(t.app).get(preview);
      assert.equal(anonymous.statusCode, 303);
      assert.match(String(anonymous.headers.location), /^\/admin\/sign-in/);
    });
  });
}
