/**
 * The dashboard's frame and landing pages over HTTP: set-up asks language and time zone from lists and
 * lands the owner in the new blog's overview; the overview shows each role what it may see; the post
 * list carries views and comment counts; settings offer the same lists.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testDatabases } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { Client } from '../helpers/browser-client.js';
import { makeBlog, makePost } from '../helpers/factories.js';

const PASSWORD = 'correct horse battery';
/** Like assert.match, without printing a whole page when it fails. */
const has = (text: string, re: RegExp, message?: string) => assert.ok(re.test(text), message ?? `expected ${re}`);
const hasNot = (text: string, re: RegExp, message?: string) => assert.ok(!re.test(text), message ?? `did not expect ${re}`);

for (const database of testDatabases) {
  describe(`the writer's studio on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    before(async () => (t = await startTestApp(database)));
    after(() => t.close());

    test('set-up offers languages and time zones as lists, refuses an unknown zone, and lands in the overview', async () => {
      const c = new Client(t.app);
      const page = await c.get('/admin/setup');
      has(page.body, /<select id="language" name="language">/);
      has(page.body, /<option value="ur">Urdu — اردو \(ur\)<\/option>/);
      has(page.body, /<option value="Asia\/Karachi">Asia \/ Karachi<\/option>/);
      const form = { email: 'o@example.com', password: PASSWORD, blogName: 'first', blogTitle: 'First', language: 'ur' };
      const bad = await c.post('/admin/setup', { ...form, timeZone: 'Mars/Olympus' });
      assert.equal(bad.statusCode, 400);
      has(bad.body, /&quot;Mars\/Olympus&quot; is not a time zone/);
      assert.equal(await t.services.repositories.users.count(), 0, 'nothing was created');
      has(bad.body, /<option value="Mars\/Olympus" selected>/, 'what was sent is shown again');

      const done = await c.post('/admin/setup', { ...form, timeZone: 'Asia/Karachi' });
      assert.equal(done.statusCode, 303);
      assert.equal(done.headers.location, '/admin/blogs/first?welcome=1');
      const blog = (await t.services.repositories.blogs.findByName('first'))!;
      assert.equal(blog.language, 'ur');
      assert.equal(blog.time_zone, 'Asia/Karachi');
      const overview = await c.get('/admin/blogs/first?welcome=1');
      assert.equal(overview.statusCode, 200);
      has(overview.body, /Your blog is ready\./);
      has(overview.body, /<a class="button big" href="\/admin\/blogs\/first\/posts\/new">Write your first post<\/a>/);
      // The dashboard speaks its user's language (here English, left to right); the editor writes in the blog's direction.
      has(overview.body, /<html lang="en" dir="ltr">/, "the dashboard follows its user's language, not the blog's");
      has(overview.body, /aria-current="page"[^>]*>|href="\/admin\/blogs\/first" aria-current="page"/);

      const settings = await c.get('/admin/blogs/first/settings');
      has(settings.body, /<option value="Asia\/Karachi" selected>/);
      has(settings.body, /<option value="ur" selected>/);
    });

    test('the overview shows an owner comments and views, an author neither; the post list counts both per post', async () => {
      const blog = await makeBlog(t.services, { name: 'tea', title: 'Tea' });
      const owner = await t.services.users.createUser({ email: 'owner@tea.example', displayName: 'Olive' });
      const author = await t.services.users.createUser({ email: 'author@tea.example', displayName: 'Abe' });
      await t.services.users.addMember(blog.id, owner.id, 'owner');
      await t.services.users.addMember(blog.id, author.id, 'author');
      const post = await makePost(t.services, blog, { title: 'Oolong, slowly', publishedAt: t.clock.now() - 86_400_000 });
      await t.services.comments.addComment({ blogId: blog.id, postId: post.id, authorName: 'Rumi', body: '<p>Lovely.</p>' });
      await t.services.comments.addComment({
        blogId: blog.id,
        postId: post.id,
        authorName: 'Sara',
        body: '<p>Which garden?</p>',
        status: 'pending',
      });
      const today = new Date(t.clock.now()).toISOString().slice(0, 10);
      await t.services.repositories.views.addCounts([{ blogId: blog.id, postId: post.id, day: today, views: 42 }]);

      const own = await new Client(t.app, 'tea.example.test').signInAs(t.services, owner);
      const overview = await own.get('/admin/blogs/tea');
      assert.equal(overview.statusCode, 200);
      has(overview.body, /Views this week/);
      has(overview.body, /<p class="big-number">42<\/p>/);
      has(overview.body, /<title>\u2068[A-Z][a-z]{2}, [A-Z][a-z]{2} \d{1,2}\u2069: 42 views<\/title>/, 'the bar has a tooltip');
      has(overview.body, /Which garden\?/);
      has(overview.body, /Oolong, slowly/);
      has(overview.body, /Write a post/);

      const list = await own.get('/admin/blogs/tea/posts');
      has(
        list.body,
        /<span class="cell-name">Views: <\/span><a href="\/admin\/blogs\/[^/]+\/stats\/posts\/\d+">42<span class="visually-hidden"> \(views by day\)<\/span><\/a><\/td>/,
      );
      has(list.body, /<span class="cell-name">Comments: <\/span>1 <a href="\/admin\/blogs\/tea\/comments" class="waiting">1 waiting<\/a>/);

      const au = await new Client(t.app, 'tea.example.test').signInAs(t.services, author);
      const authorView = await au.get('/admin/blogs/tea');
      assert.equal(authorView.statusCode, 200);
      hasNot(authorView.body, /Views this week|Which garden/);
      has(authorView.body, /Oolong, slowly/);
      hasNot(authorView.body, /\/admin\/blogs\/tea\/stats/, 'no Stats link for an author');
    });

    test("the blog switcher lists the user's other blogs and no one else's", async () => {
      const mine = await makeBlog(t.services, { name: 'mine', title: 'Mine' });
      const also = await makeBlog(t.services, { name: 'also', title: 'Also mine' });
      const theirs = await makeBlog(t.services, { name: 'theirs', title: 'Not yours' });
      const user = await t.services.users.createUser({ email: 'two@blogs.example', displayName: 'Two' });
      await t.services.users.addMember(mine.id, user.id, 'author');
      await t.services.users.addMember(also.id, user.id, 'admin');
      void theirs;
      const c = await new Client(t.app, 'mine.example.test').signInAs(t.services, user);
      const page = await c.get('/admin/blogs/mine/posts');
      has(page.body, /<li><a href="\/admin\/blogs\/also">Also mine<\/a><\/li>/);
      hasNot(page.body, /Not yours/);
      assert.equal((await c.get('/admin/blogs/theirs')).statusCode, 404);
    });

    test('refusals inside the dashboard are dashboard pages with a way back, and say nothing of other blogs', async () => {
      const blog = await makeBlog(t.services, { name: 'pages', title: 'Pages blog' });
      const author = await t.services.users.createUser({ email: 'abe@pages.example', displayName: 'Abe' });
      await t.services.users.addMember(blog.id, author.id, 'author');
      const c = await new Client(t.app, 'pages.example.test').signInAs(t.services, author);
      const refused = await c.get('/admin/blogs/pages/stats');
      assert.equal(refused.statusCode, 403);
      has(refused.body, /<h1>Your role cannot open this page<\/h1>/);
      has(refused.body, /Only the owner and admins see the stats\./);
      has(refused.body, /<a class="button" href="\/admin\/blogs\/pages">Back to \u2068Pages blog\u2069<\/a>/);
      has(refused.body, /class="side-nav"/, 'inside the dashboard frame');

      const missing = await c.get('/admin/blogs/pages/posts/123456789');
      assert.equal(missing.statusCode, 404);
      has(missing.body, /<h1>Page not found<\/h1>/);
      has(missing.body, /Back to \u2068Pages blog\u2069/);

      const unknown = await c.get('/admin/no-such-screen');
      assert.equal(unknown.statusCode, 404);
      has(unknown.body, /<h1>Page not found<\/h1>/);
      has(unknown.body, /<a class="button" href="\/admin">Back to your blogs<\/a>/);

      const other = await c.get('/admin/blogs/tea/stats');
      assert.equal(other.statusCode, 404, 'a blog of others answers as if it did not exist');
      hasNot(other.body, /Tea|side-nav/);

      const json = await t.app.inject({
        method: 'GET',
        url: '/admin/nope',
        headers: { host: 'pages.example.test', accept: 'application/json' },
      });
      assert.equal(json.statusCode, 404);
    });
  });
}
