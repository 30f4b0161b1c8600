/**
 * The Layout screen over HTTP, on both databases: who may open it; saving the form; the draft buttons
 * without a script (add, move across areas, remove) change nothing stored; bad input is refused with a
 * 400 and a message, the form shown again escaped; the preview renders the draft unsaved; the page order
 * moves the menu and the Pages gadget; reset brings the default back.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { BlogRow, UserRow } from '../../src/storage/schema.js';
import { testDatabases } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { Client } from '../helpers/browser-client.js';
import { makeBlog, makePost } from '../helpers/factories.js';

/** The `gadget` fields of the form on a page, in order. */
const placesOf = (html: string) => [...html.matchAll(/name="gadget" value="([^"]+)"/g)].map((m) => m[1]!);

/** The default layout as the form sends it, plus `extra` fields. */
function defaultForm(extra: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  const kinds = ['home', 'post', 'page', 'label', 'archive'];
  return {
    gadget: ['sidebar|popular-posts|popular', 'sidebar|labels|labels', 'sidebar|archive|archive', 'sidebar|search|search'],
    'g-popular-posts-show': kinds,
    'g-labels-show': kinds,
    'g-archive-show': kinds,
    'g-search-show': kinds,
    ...extra,
  };
}

for (const database of testDatabases) {
  describe(`the Layout screen on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    let blog: BlogRow;
    let owner: UserRow;
    let author: UserRow;
    let client: Client;

    before(async () => {
      t = await startTestApp(database);
      blog = await makeBlog(t.services, { name: 'www', title: 'Home blog' });
      await makeBlog(t.services, { name: 'other', title: 'Other blog' });
      owner = await t.services.users.createUser({ email: 'owner@example.com', displayName: 'Olive' });
      author = await t.services.users.createUser({ email: 'author@example.com', displayName: 'Abe' });
      await t.services.users.addMember(blog.id, owner.id, 'owner');
      await t.services.users.addMember(blog.id, author.id, 'author');
      await makePost(t.services, blog, { title: 'First walk' });
      client = await new Client(t.app).signInAs(t.services, owner);
    });
    after(() => t.close());

    const stored = async () => (await t.services.repositories.blogs.findById(blog.id))!.layout;

    test('owners and admins open it; an author and another blog are refused', async () => {
      const page = await client.get('/admin/blogs/www/layout');
      assert.equal(page.statusCode, 200);
      assert.deepEqual(placesOf(page.body), [
        'sidebar|popular-posts|popular',
        'sidebar|labels|labels',
        'sidebar|archive|archive',
        'sidebar|search|search',
      ]);
      assert.match(page.body, /<a href="\/admin\/blogs\/www\/layout" aria-current="page">/);
      assert.match(page.body, /<script type="module" src="\/admin\/static\/layout\.js\?v=[0-9a-f]+"><\/script>/);
      const script = await client.get(/src="(\/admin\/static\/layout\.js\?v=[0-9a-f]+)"/.exec(page.body)![1]!);
      assert.equal(script.statusCode, 200);
      assert.match(String(script.headers['content-type']), /javascript/);
      const authors = await new Client(t.app).signInAs(t.services, author);
      assert.equal((await authors.get('/admin/blogs/www/layout')).statusCode, 403);
      assert.equal((await client.get('/admin/blogs/other/layout')).statusCode, 404, 'not a member: no such blog here');
    });

    test('without a script: add, move across areas and remove change the draft shown, not what is stored', async () => {
      await client.get('/admin/blogs/www/layout');
      const added = await client.post('/admin/blogs/www/layout', defaultForm({ action: 'add', 'add-type': 'text', 'add-area': 'footer' }));
      assert.equal(added.statusCode, 200);
      assert.ok(placesOf(added.body).includes('footer|text-1|text'));
      assert.match(added.body, /Not saved yet/);
      assert.match(
        added.body,
        /<details class="slot-settings" open>\s*<summary id="summary-text-1"[^>]*data-focus>/,
        'the new gadget opens, focused',
      );
      assert.doesNotMatch(added.body, /<option value="search">/, 'a second Search cannot be added');
      const up = await client.post('/admin/blogs/www/layout', defaultForm({ action: 'up:popular-posts' }));
      assert.deepEqual(placesOf(up.body)[0], 'sidebar|popular-posts|popular', 'the top of the first area stays');
      const down = await client.post('/admin/blogs/www/layout', defaultForm({ action: 'down:search' }));
      assert.deepEqual(placesOf(down.body).at(-1), 'footer|search|search', 'down from the bottom of the sidebar: into the footer');
      const removed = await client.post('/admin/blogs/www/layout', defaultForm({ action: 'remove:labels' }));
      assert.ok(!placesOf(removed.body).some((p) => p.includes('labels')));
      assert.equal(await stored(), '', 'nothing was saved');
    });

    test('saving stores the layout and readers see it; bad input is a 400 with a message and nothing changes', async () => {
      await client.get('/admin/blogs/www/layout');
      const saved = await client.post(
        '/admin/blogs/www/layout',
        defaultForm({
          gadget: ['sidebar|links-1|links', 'sidebar|search|search', 'under-post|text-1|text'],
          'g-links-1-title': 'Friends <b>&',
          'g-links-1-links': 'https://example.org/a Example A\n\n/p/about.html About\nmailto:me@example.org',
          'g-links-1-show': ['home', 'post'],
          'g-search-show': 'home',
          'g-text-1-text': 'Thanks!',
          'g-text-1-show': 'post',
          action: 'save',
        }),
      );
      assert.equal(saved.statusCode, 303, saved.body.slice(0, 300));
      assert.equal(saved.headers.location, '/admin/blogs/www/layout?done=saved');
      const layout = JSON.parse(await stored());
      assert.deepEqual(layout.sidebar[0].settings.links, [
        { url: 'https://example.org/a', text: 'Example A' },
        { url: '/p/about.html', text: 'About' },
        { url: 'mailto:me@example.org', text: '' },
      ]);
      const home = (await t.get('www', '/')).body;
      assert.match(home, /<h2 id="links-1-heading">Friends &lt;b&gt;&amp;<\/h2>/);
      assert.match(home, /<a href="mailto:me@example\.org"><bdi>mailto:me@example\.org<\/bdi><\/a>/);
      const shown = await client.get('/admin/blogs/www/layout?done=saved');
      assert.match(shown.body, /Saved\. Readers see the new layout now\./);
      assert.match(shown.body, /value="Friends &lt;b&gt;&amp;"/);

      const before = await stored();
      for (const [fields, message] of [
        [{ 'g-links-1-links': 'javascript:alert(1) Click' }, /A link must be a web address/],
        [{ 'g-links-1-title': 'x'.repeat(201) }, /A gadget title is at most 200 characters/],
      ] as const) {
        const bad = await client.post(
          '/admin/blogs/www/layout',
          defaultForm({ gadget: ['sidebar|links-1|links'], ...{ 'g-links-1-links': 'https://example.org/' }, ...fields, action: 'save' }),
        );
        assert.equal(bad.statusCode, 400);
        assert.match(bad.body, message);
        assert.match(bad.body, /role="alert"/);
      }
      const xss = await client.post(
        '/admin/blogs/www/layout',
        defaultForm({
          gadget: ['sidebar|text-1|text', 'sidebar|links-1|links'],
          'g-text-1-title': '"><script>alert(1)</script>',
          'g-links-1-links': 'javascript:x',
          action: 'save',
        }),
      );
      assert.equal(xss.statusCode, 400);
      assert.doesNotMatch(xss.body, /<script>alert/);
      assert.match(xss.body, /&quot;&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
      for (const junk of [
        { gadget: 'sidebar|Bad Id|text' },
        { gadget: 'header|x|text' },
        { gadget: 'sidebar|x|clock' },
        { action: 'explode' },
        { gadget: ['sidebar|a|text', 'sidebar|a|text'], 'g-a-text': ['1', '2'] },
      ] as Record<string, string | string[]>[]) {
        const res = await client.post('/admin/blogs/www/layout', defaultForm({ action: 'save', ...junk }));
        assert.equal(res.statusCode, 400, JSON.stringify(junk));
      }
      assert.equal(await stored(), before, 'nothing refused was stored');
    });

    test('the preview renders the draft in the blog’s theme, unsaved', async () => {
      await client.get('/admin/blogs/www/layout');
      const before = await stored();
      const preview = await client.post(
        '/admin/blogs/www/layout/preview',
        defaultForm({
          gadget: ['footer|text-5|text'],
          'g-text-5-title': 'Draft words',
          'g-text-5-text': 'Not yet.',
          'g-text-5-show': 'home',
          'preview-kind': 'home',
        }),
      );
      assert.equal(preview.statusCode, 200);
      assert.match(preview.body, /class="dastan-preview-banner"/);
      assert.match(preview.body, /<div class="gadget-area gadget-area-footer">[\s\S]*Draft words/);
      assert.equal(preview.headers['cache-control'], 'no-store');
      assert.equal(await stored(), before);
      const bad = await client.post(
        '/admin/blogs/www/layout/preview',
        defaultForm({ gadget: ['sidebar|image-1|image'], 'g-image-1-src': '/etc/passwd' }),
      );
      assert.equal(bad.statusCode, 400);
    });

    test('page order: each move is saved and reorders the menu and the Pages gadget; reset brings the default back', async () => {
      const a = await makePost(t.services, blog, { kind: 'page', title: 'Alpha page', slug: 'alpha' });
      const b = await makePost(t.services, blog, { kind: 'page', title: 'Beta page', slug: 'beta' });
      const page = await client.get('/admin/blogs/www/layout');
      assert.ok(page.body.indexOf('Alpha page') < page.body.indexOf('Beta page'));
      const moved = await client.post('/admin/blogs/www/layout/pages', { move: `${b.id}:up` });
      assert.equal(moved.statusCode, 303);
      const home = (await t.get('www', '/')).body;
      assert.ok(home.indexOf('Beta page') < home.indexOf('Alpha page'), 'the menu follows the new order');
      assert.equal((await client.post('/admin/blogs/www/layout/pages', { move: `${a.id}:sideways` })).statusCode, 400);
      assert.equal((await client.post('/admin/blogs/www/layout/pages', { move: '999999:up' })).statusCode, 400);
      const reset = await client.post('/admin/blogs/www/layout/reset');
      assert.equal(reset.statusCode, 303);
      assert.equal(await stored(), '');
    });
  });
}
