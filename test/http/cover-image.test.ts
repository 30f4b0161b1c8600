/**
 * The cover image in the editor over HTTP, on both databases: saved with the post (create, update,
 * autosave), shown in the editor after a reload, in the theme's page, refused with a reason when the
 * address is not a picture's, kept when a form without the field saves, and removed by an empty address.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { BlogRow } from '../../src/storage/schema.js';
import { testDatabases } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { Client } from '../helpers/browser-client.js';
import { makeBlog } from '../helpers/factories.js';

const idFrom = (location: unknown) => /\/(\d+)(\?|$)/.exec(String(location))![1]!;
const COVER = 'https://images.example.org/river.jpg';

for (const database of testDatabases) {
  describe(`the cover image in the editor on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    let blog: BlogRow;
    let own: Client;

    before(async () => {
      t = await startTestApp(database);
      blog = await makeBlog(t.services, { name: 'www', title: 'Home blog' });
      const owner = await t.services.users.createUser({ email: 'owner@example.com', displayName: 'Olive Owner' });
      await t.services.users.addMember(blog.id, owner.id, 'owner');
      own = await new Client(t.app).signInAs(t.services, owner);
    });
    after(() => t.close());

    const stored = async (id: string) => (await t.services.repositories.posts.findById(blog.id, id))!;

    test('a new post saves its cover and alt text; the editor shows them after a reload, the theme above the post', async () => {
      const empty = await own.get('/admin/blogs/www/posts/new');
      assert.match(empty.body, /<legend>Cover image<\/legend>/);
      assert.match(empty.body, /id="cover-preview" alt="" hidden>/, 'no preview without a cover');
      const made = await own.post('/admin/blogs/www/posts', {
        title: 'By the river',
        body: '<p>High water.</p>',
        coverImageUrl: ` ${COVER} `,
        coverImageAlt: 'The river, brown and high',
        action: 'publish',
      });
      assert.equal(made.statusCode, 303);
      const id = idFrom(made.headers.location);
      const post = await stored(id);
      assert.equal(post.cover_image_url, COVER);
      assert.equal(post.cover_image_alt, 'The river, brown and high');
      const editor = await own.get(`/admin/blogs/www/posts/${id}`);
      assert.match(editor.body, new RegExp(`id="cover-preview" alt="" src="${COVER}"`));
      assert.match(editor.body, new RegExp(`name="coverImageUrl" value="${COVER}"`));
      assert.match(editor.body, /name="coverImageAlt" value="The river, brown and high"/);
      const live = await own.get(`http://www.example.test/${post.path_year}/${String(post.path_month).padStart(2, '0')}/${post.slug}.html`);
      assert.equal(live.statusCode, 200);
      assert.match(live.body, /alt="The river, brown and high"/);
    });

    test('Update changes the cover, an empty address removes it, a form without the field keeps it', async () => {
      const made = await own.post('/admin/blogs/www/posts', { title: 'Hills', body: '<p>Green.</p>', action: 'draft' });
      const id = idFrom(made.headers.location);
      assert.equal((await stored(id)).cover_image_url, '');
      const path = `/admin/blogs/www/posts/${id}`;
      await own.post(`${path}/autosave`, { title: 'Hills', body: '<p>Green.</p>', coverImageUrl: COVER, coverImageAlt: 'Hills' });
      assert.equal((await stored(id)).cover_image_url, COVER, 'autosave carries the cover');
      await own.post(path, { title: 'Hills', body: '<p>Green.</p>', action: 'draft' });
      assert.equal((await stored(id)).cover_image_url, COVER, 'a form without the field leaves it');
      await own.post(path, { title: 'Hills', body: '<p>Green.</p>', coverImageUrl: '', coverImageAlt: 'Hills', action: 'draft' });
      const removed = await stored(id);
      assert.equal(removed.cover_image_url, '');
      assert.equal(removed.cover_image_alt, '', 'no alt text without a picture');
    });

    test('an address that is not a picture’s is refused with the reason, the form kept, nothing saved', async () => {
      const made = await own.post('/admin/blogs/www/posts', { title: 'Fields', body: '<p>Wheat.</p>', action: 'draft' });
      const id = idFrom(made.headers.location);
      for (const bad of ['javascript:alert(1)', 'data:image/png;base64,AAAA', '/etc/passwd', 'https://x.example/a b.jpg']) {
        const res = await own.post(`/admin/blogs/www/posts/${id}`, {
          title: 'Fields changed',
          body: '<p>Wheat.</p>',
          coverImageUrl: bad,
          action: 'draft',
        });
        assert.equal(res.statusCode, 400, bad);
        assert.match(res.body, /The cover image must be an uploaded picture or an http\(s\) address of one\./);
        assert.match(res.body, /value="Fields changed"/, 'the form comes back as typed');
        assert.equal((await stored(id)).title, 'Fields');
      }
    });

    test('preview shows the form’s cover before it is saved', async () => {
      const res = await own.post('/admin/blogs/www/posts/preview', {
        title: 'Unsaved',
        body: '<p>Draft.</p>',
        coverImageUrl: COVER,
        coverImageAlt: 'A preview cover',
      });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /alt="A preview cover"/);
    });
  });
}
