/**
 * Translated text over HTTP, on SQLite and PostgreSQL: an owner's own wording of theme messages (Theme →
 * Texts) shows on the blog at once, bad messages are refused with a reason and change nothing, only
 * owners and admins may change it; and each user's dashboard speaks the language they pick.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { BlogRow, UserRow } from '../../src/storage/schema.js';
import { testDatabases } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { Client } from '../helpers/browser-client.js';
import { makeBlog, makePost } from '../helpers/factories.js';

for (const database of testDatabases) {
  describe(`theme texts and the dashboard's language on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    let blog: BlogRow;
    let owner: UserRow;
    let author: UserRow;
    let own: Client;
    const texts = '/admin/blogs/urdu/theme/texts';

    before(async () => {
      // The page cache is on: a change must still show at once.
      t = await startTestApp(database, { pageCacheSeconds: 60 });
      blog = await makeBlog(t.services, { name: 'urdu', title: 'Kahani', language: 'ur' });
      owner = await t.services.users.createUser({ email: 'owner@example.com', displayName: 'Olive Owner' });
      author = await t.services.users.createUser({ email: 'au@example.com', displayName: 'Abe Author' });
      await t.services.users.addMember(blog.id, owner.id, 'owner');
      await t.services.users.addMember(blog.id, author.id, 'author');
      await makePost(t.services, blog, { title: 'دریا', publishedAt: Date.parse('2026-11-01T10:00:00Z') });
      own = await new Client(t.app).signInAs(t.services, owner);
    });
    after(() => t.close());

    test('the owner rewords a message; the blog shows it at once; clearing the field brings the catalogue back', async () => {
      assert.match((await t.get('urdu', '/')).body, /<h2 id="popular-posts-heading">اس بلاگ کی مقبول تحریریں<\/h2>/);
      const page = await own.get(texts);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Popular posts from this blog/);
      assert.match(page.body, /اس بلاگ کی مقبول تحریریں/);
      const saved = await own.post(texts, {
        'sidebar.popular': 'سب سے زیادہ پڑھی گئی',
        'post.comments.count': '{count, plural, one {# رائے} other {# آراء}}',
      });
      assert.equal(saved.statusCode, 303);
      const home = (await t.get('urdu', '/')).body;
      assert.match(home, /<h2 id="popular-posts-heading">سب سے زیادہ پڑھی گئی<\/h2>/);
      assert.match(home, />0 آراء</);
      await own.post(texts, { 'sidebar.popular': '', 'post.comments.count': '{count, plural, one {# رائے} other {# آراء}}' });
      assert.match((await t.get('urdu', '/')).body, /اس بلاگ کی مقبول تحریریں/);
    });

    test('a broken message, an unknown name or key, or an author: refused with a reason, nothing changed', async () => {
      const before = (await t.services.repositories.blogs.findById(blog.id))!.text_overrides;
      for (const [form, reason] of [
        [{ 'sidebar.popular': '{oops' }, /not a valid message/],
        [{ 'post.comments.count': '{total} تبصرے' }, /uses \{total\}/],
        [{ 'no.such.key': 'x' }, /no message/],
        [{ 'sidebar.popular': 'x'.repeat(1001) }, /at most 1000/],
      ] as const) {
        const res = await own.post(texts, form);
        assert.equal(res.statusCode, 400, JSON.stringify(form));
        assert.match(res.body, reason);
      }
      const authorClient = await new Client(t.app).signInAs(t.services, author);
      assert.equal((await authorClient.post(texts, { 'sidebar.popular': 'x' })).statusCode, 403);
      assert.equal((await t.services.repositories.blogs.findById(blog.id))!.text_overrides, before);
    });

    test('the dashboard speaks the language the user picks, right to left for Urdu', async () => {
      const english = await own.get('/admin/account');
      assert.match(english.body, /<html lang="en" dir="ltr">/);
      assert.match(english.body, />My blogs</);
      assert.equal((await own.post('/admin/account/language', { language: 'ur' })).statusCode, 303);
      const urdu = await own.get('/admin/account');
      assert.match(urdu.body, /<html lang="ur" dir="rtl">/);
      assert.match(urdu.body, />میرے بلاگ</);
      assert.match(urdu.body, /<option value="ur" lang="ur" selected>اردو<\/option>/);
      assert.equal((await own.post('/admin/account/language', { language: 'klingon' })).statusCode, 400);
      // Another user's dashboard is not affected.
      const authorClient = await new Client(t.app).signInAs(t.services, author);
      assert.match((await authorClient.get('/admin/account')).body, /<html lang="en" dir="ltr">/);
      await own.post('/admin/account/language', { language: 'en' });
    });
  });
}
