/**
 * The Big List of Naughty Strings in the dashboard forms that test/http/dashboard.test.ts leaves out:
 * editing an existing post and its autosave, settings' numbers and choices, search-engine options,
 * embed providers, members' roles, handing over and deleting, the account's password, creating a blog,
 * signing in, the forgotten-password and reset forms, and the set-up page — on both databases. Each
 * answer is a clear 4xx or a success, never a 500; saved text (titles, descriptions) renders intact.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { decode } from 'html-entities';
import type { BlogRow, PostRow, UserRow } from '../../src/storage/schema.js';
import { testDatabases } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { Client } from '../helpers/browser-client.js';
import { makeBlog, makePost } from '../helpers/factories.js';

const naughty: string[] = JSON.parse(readFileSync('/work/shared/testdata/naughty/blns.json', 'utf8'));

/** What a browser shows in the named text field or textarea, decoded. */
function shown(html: string, id: string): string | undefined {
  const input = new RegExp(`<input[^>]*id="${id}"[^>]*value="([^"]*)"`).exec(html)?.[1];
  const area = new RegExp(`<textarea[^>]*id="${id}"[^>]*>([^<]*)</textarea>`).exec(html)?.[1];
  const raw = input ?? area;
  return raw === undefined ? undefined : decode(raw);
}

for (const database of testDatabases) {
  describe(`naughty strings in the other dashboard forms on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    let blog: BlogRow;
    let owner: UserRow;
    let author: UserRow;
    let post: PostRow;
    // Every third string on SQLite, every tenth on PostgreSQL (the fields rotate, so each field still sees many).
    const step = database.name === 'sqlite' ? 3 : 10;

    before(async () => {
      t = await startTestApp(database);
      blog = await makeBlog(t.services, { name: 'www' });
      owner = await t.services.users.createUser({ email: 'owner@example.com', password: 'correct horse battery' });
      author = await t.services.users.createUser({ email: 'author@example.com' });
      await t.services.users.addMember(blog.id, owner.id, 'owner');
      await t.services.users.addMember(blog.id, author.id, 'author');
      post = await makePost(t.services, blog, { draft: true, authorId: owner.id, authorName: 'Owner' });
    });
    after(() => t.close());

    test('signed in: every string in every field gives a 4xx or a success, and saved text renders intact', async () => {
      const own = await new Client(t.app).signInAs(t.services, owner);
      await own.get('/admin/blogs/www/settings');
      const failures: string[] = [];
      const settings = {
        title: 't',
        language: 'en',
        timeZone: 'UTC',
        postsPerPage: '7',
        popularWindow: '30d',
        popularCount: '5',
        snippetLength: '150',
      };
      const forms: [string, Record<string, string>, string[]][] = [
        [
          `/admin/blogs/www/posts/${post.id}`,
          { title: 't', body: 'b', action: 'draft' },
          ['title', 'body', 'labels', 'slug', 'searchDescription', 'publishedAt', 'commentsSetting', 'format'],
        ],
        [`/admin/blogs/www/posts/${post.id}/autosave`, { title: 't', body: 'b' }, ['title', 'body', 'labels', 'searchDescription']],
        [
          '/admin/blogs/www/settings',
          settings,
          ['description', 'popularCount', 'snippetLength', 'labelsStyle', 'postsPerPage', 'searchDescription'],
        ],
        [
          '/admin/blogs/www/settings/search',
          { customRobotsTxt: '1', robotsTxt: 'User-agent: *', customRobotsTags: '1' },
          ['robotsTxt', 'home', 'archive', 'item'],
        ],
        ['/admin/blogs/www/settings/embeds', {}, ['providers']],
        [`/admin/blogs/www/members/${author.id}`, {}, ['role']],
        ['/admin/blogs/www/hand-over', {}, ['to']],
        ['/admin/blogs/www/delete', {}, ['confirm']],
        ['/admin/blogs', { name: 'x', title: 't' }, ['name', 'title']],
        ['/admin/account/password', { current: 'wrong', password: 'a new password' }, ['current', 'password']],
      ];
      const renders: string[] = [];
      for (let i = 0; i < naughty.length; i += step) {
        const value = naughty[i]!;
        for (const [path, base, fields] of forms) {
          const field = fields[i % fields.length]!;
          // Typing the blog's own name would delete it: that is the form working, not a naughty string.
          if (path.endsWith('/delete') && value.trim().toLowerCase() === 'www') continue;
          const res = await own.post(path, { ...base, [field]: value });
          if (res.statusCode >= 500 || res.statusCode < 200) failures.push(`${path} ${field}=${JSON.stringify(value)} → ${res.statusCode}`);
          if (res.statusCode === 303 && path === '/admin/blogs/www/settings' && field === 'description') {
            const saved = (await t.services.repositories.blogs.findById(blog.id))!.description;
            if (shown((await own.get('/admin/blogs/www/settings')).body, 'description') !== saved)
              renders.push(`description ${JSON.stringify(value)}`);
          }
          if (
            res.statusCode === 303 &&
            path === `/admin/blogs/www/posts/${post.id}` &&
            (field === 'title' || field === 'searchDescription')
          ) {
            const saved = (await t.services.repositories.posts.findById(blog.id, post.id))!;
            const page = (await own.get(`/admin/blogs/www/posts/${post.id}`)).body;
            const expected = field === 'title' ? saved.title : saved.search_description;
            if (shown(page, field) !== expected) renders.push(`${field} ${JSON.stringify(value)} → ${JSON.stringify(shown(page, field))}`);
          }
        }
      }
      assert.deepEqual(failures, []);
      assert.deepEqual(renders, []);
      assert.ok(await t.services.repositories.blogs.findByName('www'), 'the blog is still there');
    });

    test('signed out: sign-in, forgotten password and reset forms never give a 500', async () => {
      const anon = new Client(t.app);
      const failures: string[] = [];
      // Sign-in hashes a password each time (scrypt): a sample of the list is enough here.
      for (let i = 0; i < naughty.length; i += step * 20) {
        await anon.get('/admin/sign-in');
        const res = await anon.post('/admin/sign-in', { email: naughty[i]!, password: naughty[i]! });
        if (res.statusCode >= 500) failures.push(`sign-in ${JSON.stringify(naughty[i])} → ${res.statusCode}`);
      }
      for (let i = 0; i < naughty.length; i += step) {
        const value = naughty[i]!;
        await anon.get('/admin/forgot');
        const forgot = await anon.post('/admin/forgot', { email: value });
        if (forgot.statusCode >= 500) failures.push(`forgot ${JSON.stringify(value)} → ${forgot.statusCode}`);
        const token = encodeURIComponent(value).slice(0, 200) || 'x';
        const get = await anon.get(`/admin/reset/${token}`);
        if (get.statusCode >= 500) failures.push(`reset page ${JSON.stringify(value)} → ${get.statusCode}`);
        const reset = await anon.post(`/admin/reset/${token}`, { password: value });
        if (reset.statusCode >= 500) failures.push(`reset ${JSON.stringify(value)} → ${reset.statusCode}`);
      }
      assert.deepEqual(failures, []);
    });
  });

  describe(`naughty strings in the set-up form on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    before(async () => (t = await startTestApp(database)));
    after(() => t.close());

    test('every string in every set-up field: a 4xx with a reason until the set-up is done, never a 500', async () => {
      const c = new Client(t.app);
      const failures: string[] = [];
      const base = {
        email: 'not an address',
        password: 'correct horse battery',
        displayName: 'Owner',
        blogName: 'first',
        blogTitle: 'First',
      };
      const fields = ['email', 'password', 'displayName', 'blogName', 'blogTitle'];
      for (let i = 0; i < naughty.length; i += database.name === 'sqlite' ? 5 : 15) {
        await c.get('/admin/setup');
        // The e-mail address stays invalid (unless it is the field tried), so no try completes the set-up.
        const res = await c.post('/admin/setup', { ...base, [fields[i % fields.length]!]: naughty[i]! });
        if (res.statusCode >= 500) failures.push(`setup ${fields[i % fields.length]}=${JSON.stringify(naughty[i])} → ${res.statusCode}`);
      }
      assert.deepEqual(failures, []);
    });
  });
}
