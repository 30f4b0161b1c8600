import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { BlogRow, UserRow } from '../../src/storage/schema.js';
import { testDatabases } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { Client } from '../helpers/browser-client.js';
import { makeBlog } from '../helpers/factories.js';

const idFrom = (location: unknown) => /\/(\d+)(\?|$)/.exec(String(location))![1]!;

for (const database of testDatabases) {
  describe(`dashboard on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    let blog: BlogRow;
    let owner: UserRow;
    let contributor: UserRow;
    let author: UserRow;

    before(async () => {
      t = await startTestApp(database);
      blog = await makeBlog(t.services, { name: 'www', title: 'Home blog' });
      owner = await t.services.users.createUser({ email: 'owner@example.com', displayName: 'Olive Owner' });
      contributor = await t.services.users.createUser({ email: 'con@example.com', displayName: 'Cora Contributor' });
      author = await t.services.users.createUser({ email: 'au@example.com', displayName: 'Abe Author' });
      await t.services.users.addMember(blog.id, owner.id, 'owner');
      await t.services.users.addMember(blog.id, contributor.id, 'contributor');
      await t.services.users.addMember(blog.id, author.id, 'author');
    });
    after(() => t.close());

    test('a contributor submits a draft; it stays off the blog until an admin publishes it', async () => {
      const con = await new Client(t.app).signInAs(t.services, contributor);
      const form = await con.get('/admin/blogs/www/posts/new');
      assert.doesNotMatch(form.body, /value="publish"/, 'no publish button for a contributor');
      assert.match(form.body, /value="submit"/);
      const sneaky = await con.post('/admin/blogs/www/posts', { title: 'Sneaky', body: '<p>x</p>', action: 'publish' });
      assert.equal(sneaky.statusCode, 403);
      const res = await con.post('/admin/blogs/www/posts', {
        title: 'From Cora',
        body: '<p>Cora writes</p>',
        labels: 'guest',
        action: 'submit',
      });
      assert.equal(res.statusCode, 303);
      const id = idFrom(res.headers.location);
      assert.equal((await t.services.repositories.posts.findById(blog.id, id))!.status, 'pending');
      assert.doesNotMatch((await t.get('www', '/')).body, /From Cora/);

      const own = await new Client(t.app).signInAs(t.services, owner);
      const pending = await own.get('/admin/blogs/www/posts?status=pending');
      assert.match(pending.body, /From Cora/);
      assert.match(pending.body, new RegExp(`formaction="/admin/blogs/www/posts/${id}/publish"`));
      const published = await own.post(`/admin/blogs/www/posts/${id}/publish`);
      assert.equal(published.statusCode, 303);
      const live = (await t.services.repositories.posts.findById(blog.id, id))!;
      assert.equal(live.status, 'live');
      assert.equal(live.author_name, 'Cora Contributor');
      const page = await t.get('www', `/${live.path_year}/${String(live.path_month).padStart(2, '0')}/${live.slug}.html`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Cora writes/);
      assert.equal((await con.get(`/admin/blogs/www/posts/${id}`)).statusCode, 403, 'published: no longer the contributor’s to edit');
    });

    test('a future publish date schedules the post; it goes live when its time comes', async () => {
      const au = await new Client(t.app).signInAs(t.services, author);
      const res = await au.post('/admin/blogs/www/posts', {
        title: 'Tomorrow',
        body: '<p>Soon</p>',
        publishedAt: '2026-11-21T09:30',
        action: 'publish',
      });
      assert.equal(res.statusCode, 303);
      const id = idFrom(res.headers.location);
      const scheduled = (await t.services.repositories.posts.findById(blog.id, id))!;
      assert.equal(scheduled.status, 'scheduled');
      assert.equal(scheduled.published_at, Date.parse('2026-11-21T09:30:00Z'));
      assert.equal((await t.get('www', '/2026/11/tomorrow.html')).statusCode, 404);
      t.clock.advance(22 * 3600_000);
      assert.equal(await t.services.scheduler.publishDue(), 1);
      assert.equal(await t.services.scheduler.publishDue(), 0, 'only once');
      assert.match((await t.get('www', '/2026/11/tomorrow.html')).body, /Soon/);
    });

    test('editing keeps revisions that can be compared and restored; trash can be restored and emptied', async () => {
      const own = await new Client(t.app).signInAs(t.services, owner);
      const made = await own.post('/admin/blogs/www/posts', { title: 'Versioned', body: '<p>first line</p>', action: 'draft' });
      const id = idFrom(made.headers.location);
      await own.get(`/admin/blogs/www/posts/${id}`);
      t.clock.advance(1000);
      await own.post(`/admin/blogs/www/posts/${id}`, { title: 'Versioned', body: '<p>second line</p>', action: 'draft' });
      t.clock.advance(1000);
      const list = await own.get(`/admin/blogs/www/posts/${id}/revisions`);
      const links = [...list.body.matchAll(/href="(\/admin\/blogs\/www\/posts\/\d+\/revisions\/\d+)"/g)].map((m) => m[1]!);
      assert.equal(links.length, 2);
      const compare = await own.get(links[1]!);
      assert.match(compare.body, /<del>− &lt;p&gt;first line&lt;\/p&gt;<\/del>/);
      assert.match(compare.body, /<ins>\+ &lt;p&gt;second line&lt;\/p&gt;<\/ins>/);
      assert.equal((await own.post(`${links[1]!}/restore`)).statusCode, 303);
      assert.equal((await t.services.repositories.posts.findById(blog.id, id))!.body_html, '<p>first line</p>');

      assert.equal((await own.post(`/admin/blogs/www/posts/${id}/trash`)).statusCode, 303);
      assert.doesNotMatch((await own.get('/admin/blogs/www/posts?q=versioned')).body, /Versioned/);
      assert.match((await own.get('/admin/blogs/www/trash')).body, /Versioned/);
      await own.post('/admin/blogs/www/trash/restore', { ids: [id] });
      assert.match((await own.get('/admin/blogs/www/posts?q=versioned')).body, /Versioned/);
      await own.post('/admin/blogs/www/posts/bulk', { action: 'trash', ids: [id] });
      await own.post('/admin/blogs/www/trash/empty');
      assert.equal(await t.services.repositories.posts.findById(blog.id, id), undefined);
    });

    test('the post list filters by status, label, author and words', async () => {
      const own = await new Client(t.app).signInAs(t.services, owner);
      await own.post('/admin/blogs/www/posts', { title: 'Alpha 100% sure', body: '<p>needle</p>', labels: 'greek', action: 'publish' });
      await own.post('/admin/blogs/www/posts', { title: 'Beta', body: '<p>hay</p>', labels: 'latin', action: 'draft' });
      const byLabel = await own.get('/admin/blogs/www/posts?label=greek');
      assert.match(byLabel.body, /Alpha/);
      assert.doesNotMatch(byLabel.body, />Beta</);
      const drafts = await own.get('/admin/blogs/www/posts?status=draft');
      assert.match(drafts.body, />Beta</);
      assert.doesNotMatch(drafts.body, /Alpha/);
      assert.match((await own.get('/admin/blogs/www/posts?q=NEEDLE')).body, /Alpha/);
      assert.match((await own.get('/admin/blogs/www/posts?q=100%25')).body, /Alpha/);
      assert.doesNotMatch((await own.get('/admin/blogs/www/posts?q=_')).body, /Alpha/);
      assert.match((await own.get(`/admin/blogs/www/posts?author=${owner.id}`)).body, /Alpha/);
      assert.doesNotMatch((await own.get(`/admin/blogs/www/posts?author=${author.id}`)).body, /Alpha/);
      assert.equal((await own.get('/admin/blogs/www/posts?status=nonsense')).statusCode, 400);
    });

    test('settings are saved; a bad value gets a clear 400 and changes nothing', async () => {
      const own = await new Client(t.app).signInAs(t.services, owner);
      await own.get('/admin/blogs/www/settings');
      const fields = {
        title: 'Renamed blog',
        description: 'd',
        language: 'ur',
        timeZone: 'Asia/Karachi',
        postsPerPage: '5',
        popularWindow: '7d',
        popularCount: '3',
        snippetLength: '100',
        searchDescription: 's',
        customDomain: '',
      };
      const bad = await own.post('/admin/blogs/www/settings', { ...fields, timeZone: 'Mars/Olympus' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /is not a time zone/);
      assert.equal((await t.services.repositories.blogs.findById(blog.id))!.title, 'Home blog');
      assert.equal((await own.post('/admin/blogs/www/settings', fields)).statusCode, 303);
      const saved = (await t.services.repositories.blogs.findById(blog.id))!;
      assert.deepEqual(
        [saved.title, saved.language, saved.time_zone, saved.posts_per_page, saved.popular_window],
        ['Renamed blog', 'ur', 'Asia/Karachi', 5, '7d'],
      );
      await t.services.blogs.updateSettings(blog.id, { title: 'Home blog', language: 'en', timeZone: 'UTC' });
    });

    test('an invitation link makes a new member with the invited role, once', async () => {
      const own = await new Client(t.app).signInAs(t.services, owner);
      await own.get('/admin/blogs/www/members');
      const res = await own.post('/admin/blogs/www/members/invite', { email: 'newbie@example.com', role: 'author' });
      assert.equal(res.statusCode, 200);
      const link = /id="invite-link">([^<]+)</.exec(res.body)![1]!;
      assert.equal(t.mail.lastLinkTo('newbie@example.com'), link);
      const path = new URL(link).pathname;
      const guest = new Client(t.app);
      const page = await guest.get(path);
      assert.match(page.body, /Choose a name and a password for <bdi>newbie@example.com<\/bdi>/);
      assert.equal((await guest.post(path, { displayName: 'Newbie', password: 'short' })).statusCode, 400);
      assert.equal((await guest.post(path, { displayName: 'Newbie', password: 'long enough password' })).statusCode, 303);
      const user = (await t.services.repositories.users.findByEmail('newbie@example.com'))!;
      assert.equal((await t.services.repositories.users.findMembership(blog.id, user.id))!.role, 'author');
      assert.equal((await new Client(t.app).get(path)).statusCode, 410);
      const last = await own.post(`/admin/blogs/www/members/${owner.id}`, { role: 'admin' });
      assert.equal(last.statusCode, 409, 'the last owner cannot step down');
    });
  });

  describe(`hostile input on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    let owner: UserRow;
    before(async () => {
      t = await startTestApp(database, { allowSignup: true });
      const blog = await makeBlog(t.services, { name: 'www' });
      owner = await t.services.users.createUser({ email: 'owner@example.com' });
      await t.services.users.addMember(blog.id, owner.id, 'owner');
    });
    after(() => t.close());

    test('naughty strings in every dashboard form field never give a 500, and saved titles render intact', async () => {
      const naughty: string[] = JSON.parse(readFileSync('/work/shared/testdata/naughty/blns.json', 'utf8'));
      const own = await new Client(t.app).signInAs(t.services, owner);
      await own.get('/admin/blogs/www/posts/new');
      const failures: string[] = [];
      const forms: [string, Record<string, string>, string[]][] = [
        [
          '/admin/blogs/www/posts',
          { title: 't', body: 'b', action: 'draft' },
          ['title', 'body', 'labels', 'slug', 'publishedAt', 'searchDescription', 'commentsSetting', 'authorId', 'format', 'action'],
        ],
        [
          '/admin/blogs/www/settings',
          { title: 't', language: 'en', timeZone: 'UTC', postsPerPage: '7', popularWindow: '30d', popularCount: '5', snippetLength: '150' },
          ['title', 'description', 'language', 'timeZone', 'postsPerPage', 'popularWindow', 'searchDescription', 'customDomain'],
        ],
        ['/admin/blogs/www/members/invite', { email: 'x@example.com', role: 'author' }, ['email', 'role']],
      ];
      const step = database.name === 'sqlite' ? 1 : 5;
      for (let i = 0; i < naughty.length; i += step) {
        const value = naughty[i]!;
        for (const [path, base, fields] of forms) {
          const field = fields[i % fields.length]!;
          const res = await own.post(path, { ...base, [field]: value });
          if (res.statusCode >= 500) failures.push(`${path} ${field}=${JSON.stringify(value)} → ${res.statusCode}`);
        }
        const list = await own.get(
          `/admin/blogs/www/posts?q=${encodeURIComponent(value)}&label=${encodeURIComponent(Array.from(value).slice(0, 100).join(''))}`,
        );
        if (list.statusCode >= 500) failures.push(`list q=${JSON.stringify(value)} → ${list.statusCode}`);
      }
      const anon = new Client(t.app);
      await anon.get('/admin/sign-in');
      for (let i = 0; i < naughty.length; i += 25) {
        const res = await anon.post('/admin/sign-up', { email: naughty[i]!, password: naughty[i]!, displayName: naughty[i]! });
        if (res.statusCode >= 500) failures.push(`sign-up ${JSON.stringify(naughty[i])} → ${res.statusCode}`);
      }
      assert.deepEqual(failures, []);

      const sample = 'Ω≈ç√∫˜µ≤≥÷ <script>alert(1)</script> 表ポあA鷗ŒéＢ逍Üßªąñ丂㐀𠀀 👨‍👩‍👦';
      const made = await own.post('/admin/blogs/www/posts', { title: sample, body: '<p>x</p>', action: 'draft' });
      assert.equal(made.statusCode, 303);
      const edit = await own.get(String(made.headers.location));
      assert.ok(edit.body.includes('value="Ω≈ç√∫˜µ≤≥÷ &lt;script&gt;alert(1)&lt;/script&gt; 表ポあA鷗ŒéＢ逍Üßªąñ丂㐀𠀀 👨‍👩‍👦"'));
    });
  });
}
