/**
 * The editor's states over HTTP: a draft offers Publish and Schedule, a live post Update and Unpublish;
 * "Save draft" never takes a live post offline; Schedule needs a future time; "Published — view post"
 * links the live post; preview works before any save, shows the form's unsaved text with a banner.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { BlogRow, UserRow } from '../../src/storage/schema.js';
import { testDatabases } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { Client } from '../helpers/browser-client.js';
import { makeBlog } from '../helpers/factories.js';

const idFrom = (location: unknown) => /\/(\d+)(\?|$)/.exec(String(location))![1]!;
const buttons = (html: string) => [...html.matchAll(/name="action" value="(\w+)"/g)].map((m) => m[1]);

for (const database of testDatabases) {
  describe(`editor states on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    let blog: BlogRow;
    let owner: UserRow;
    let own: Client;

    before(async () => {
      t = await startTestApp(database);
      blog = await makeBlog(t.services, { name: 'www', title: 'Home blog' });
      owner = await t.services.users.createUser({ email: 'owner@example.com', displayName: 'Olive Owner' });
      await t.services.users.addMember(blog.id, owner.id, 'owner');
      own = await new Client(t.app).signInAs(t.services, owner);
    });
    after(() => t.close());

    test('a draft offers Save draft, Send by e-mail only, Schedule and Publish; publishing says "Published" with the link', async () => {
      const form = await own.get('/admin/blogs/www/posts/new');
      assert.deepEqual(buttons(form.body), ['draft', 'mail', 'schedule', 'publish']);
      assert.doesNotMatch(form.body, /Body format/);
      const made = await own.post('/admin/blogs/www/posts', { title: 'Morning light', body: '<p>Sun.</p>', action: 'publish' });
      assert.equal(made.statusCode, 303);
      const id = idFrom(made.headers.location);
      const page = await own.get(String(made.headers.location));
      const post = (await t.services.repositories.posts.findById(blog.id, id))!;
      assert.equal(post.status, 'live');
      const path = `/${post.path_year}/${String(post.path_month).padStart(2, '0')}/morning-light.html`;
      assert.match(page.body, new RegExp(`Published — <a href="http://[^"]+${path.replace(/\//g, '\\/')}">View post</a>`));
      assert.deepEqual(buttons(page.body), ['unpublish', 'update']);
      assert.match(page.body, /data-autosave=""/, 'a live post is not autosaved');
    });

    test('"Save draft" on a live post is refused and the post stays online; Update keeps it live; Unpublish takes it down', async () => {
      const made = await own.post('/admin/blogs/www/posts', { title: 'Evening', body: '<p>Dusk.</p>', action: 'publish' });
      const id = idFrom(made.headers.location);
      const live = (await t.services.repositories.posts.findById(blog.id, id))!;
      const path = `/${live.path_year}/${String(live.path_month).padStart(2, '0')}/${live.slug}.html`;

      const refused = await own.post(`/admin/blogs/www/posts/${id}`, { title: 'Evening', body: '<p>Changed.</p>', action: 'draft' });
      assert.equal(refused.statusCode, 409);
      assert.match(refused.body, /Update/);
      assert.equal((await t.services.repositories.posts.findById(blog.id, id))!.status, 'live');
      assert.equal((await t.get('www', path)).statusCode, 200);

      const updated = await own.post(`/admin/blogs/www/posts/${id}`, { title: 'Evening', body: '<p>Dusk, later.</p>', action: 'update' });
      assert.equal(updated.statusCode, 303);
      assert.match((await own.get(String(updated.headers.location))).body, /Updated —/);
      const after = (await t.services.repositories.posts.findById(blog.id, id))!;
      assert.equal(after.status, 'live');
      assert.equal(after.published_at, live.published_at, 'the date stays');
      assert.match((await t.get('www', path)).body, /Dusk, later\./);

      const down = await own.post(`/admin/blogs/www/posts/${id}`, { title: 'Evening', body: '<p>Dusk, later.</p>', action: 'unpublish' });
      assert.equal(down.statusCode, 303);
      assert.equal((await t.services.repositories.posts.findById(blog.id, id))!.status, 'draft');
      assert.equal((await t.get('www', path)).statusCode, 404);
      assert.deepEqual(buttons((await own.get(String(down.headers.location))).body), ['draft', 'mail', 'schedule', 'publish']);
      const again = await own.post(`/admin/blogs/www/posts/${id}`, { title: 'Evening', body: '<p>x</p>', action: 'unpublish' });
      assert.equal(again.statusCode, 409);
    });

    test('Schedule needs a future time in the blog’s zone; a scheduled post offers Update schedule and Unpublish', async () => {
      const none = await own.post('/admin/blogs/www/posts', { title: 'Later', body: '<p>Soon.</p>', action: 'schedule' });
      assert.equal(none.statusCode, 400);
      assert.match(none.body, /future/);
      const past = await own.post('/admin/blogs/www/posts', {
        title: 'Later',
        body: '<p>Soon.</p>',
        publishedAt: '2001-01-01T10:00',
        action: 'schedule',
      });
      assert.equal(past.statusCode, 400);
      const ok = await own.post('/admin/blogs/www/posts', {
        title: 'Later',
        body: '<p>Soon.</p>',
        publishedAt: '2099-05-01T10:00',
        action: 'schedule',
      });
      assert.equal(ok.statusCode, 303);
      const page = await own.get(String(ok.headers.location));
      assert.match(page.body, /Scheduled\./);
      assert.deepEqual(buttons(page.body), ['unpublish', 'update']);
      assert.match(page.body, /Update schedule/);
      assert.doesNotMatch(page.body, /in UTC/);
      const post = (await t.services.repositories.posts.findById(blog.id, idFrom(ok.headers.location)))!;
      assert.equal(post.status, 'scheduled');
    });

    test('preview before any save shows the form’s text in the theme, with a banner and a way back; nothing is saved', async () => {
      const before = (await t.services.repositories.postAdmin.list({ blogId: blog.id, kind: 'post' }, 100, 0)).posts.length;
      const res = await own.post('/admin/blogs/www/posts/preview', {
        title: 'Not yet saved',
        body: '<p>Fresh words<script>x()</script></p>',
      });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /class="dastan-preview-banner"/);
      assert.match(res.body, /href="\/admin\/blogs\/www\/posts\/new">Back to the editor/);
      assert.match(res.body, /Fresh words/);
      assert.doesNotMatch(res.body, /x\(\)/, 'sanitized like a save');
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.equal((await t.services.repositories.postAdmin.list({ blogId: blog.id, kind: 'post' }, 100, 0)).posts.length, before);
      const css = await own.get(/href="(\/admin\/static\/preview\.css[^"]*)"/.exec(res.body)![1]!);
      assert.equal(css.statusCode, 200);

      const made = await own.post('/admin/blogs/www/posts', { title: 'Saved one', body: '<p>Stored.</p>', action: 'publish' });
      const id = idFrom(made.headers.location);
      const unsaved = await own.post(`/admin/blogs/www/posts/${id}/preview`, { title: 'Saved one', body: '<p>Edited, not stored.</p>' });
      assert.match(unsaved.body, /Edited, not stored\./);
      assert.match(unsaved.body, new RegExp(`href="/admin/blogs/www/posts/${id}">Back to the editor`));
      assert.match((await t.services.repositories.posts.findById(blog.id, id))!.body_html, /Stored\./);
      assert.match((await own.get(`/admin/blogs/www/posts/${id}/preview`)).body, /Stored\./);
    });
  });
}
