/**
 * Private blogs: every public route of a private blog (taken from the app's own route table, so a new
 * route is walked without anyone remembering to) asked by someone signed out, by a reader of another
 * private blog, and by a signed-in stranger, must leak nothing of it — no title, body, label or comment
 * of its, no image bytes — and change nothing; its own reader gets everything, never cacheable by a
 * shared cache and marked noindex. Also: secret feed addresses (and renewing them), the Blogger API,
 * the readers' cap, invitations as a reader, and a reader's (absent) dashboard.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import type { BlogRow, CommentRow, PostRow, UserRow } from '../../src/storage/schema.js';
import { postPath } from '../../src/domain/blogs/urls.js';
import { testDatabases } from '../helpers/databases.js';
import { hostOf, startTestApp, type TestApp } from '../helpers/app.js';
import { Client } from '../helpers/browser-client.js';
import { makeBlog } from '../helpers/factories.js';

const SECRET = 'Zanzibarsecret';
const TINY_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

interface Fixture {
  post: PostRow;
  page: PostRow;
  comment: CommentRow;
  image: string;
}

/** A concrete address for each route pattern of the table, pointing at the private blog's real things. */
function pathFor(pattern: string, f: Fixture): string {
  const known: Record<string, string> = {
    '/:year/:month/:file': postPath(f.post),
    '/p/:file': postPath(f.page),
    '/search/label/*': `/search/label/${SECRET}label`,
    '/search': `/search?q=${SECRET}`,
    '/:year/': `/${f.post.path_year}/`,
    '/:year/:month/': `/${f.post.path_year}/${String(f.post.path_month).padStart(2, '0')}/`,
    '/:year': `/${f.post.path_year}`,
    '/:year/:month': `/${f.post.path_year}/${String(f.post.path_month).padStart(2, '0')}`,
    '/feeds/posts/:projection': '/feeds/posts/default',
    '/feeds/posts/:projection/-/*': `/feeds/posts/default/-/${SECRET}label`,
    '/feeds/comments/:projection': '/feeds/comments/default',
    '/feeds/:postId/comments/:projection': `/feeds/${f.post.id}/comments/default`,
    '/comments/:id/edit': `/comments/${f.comment.id}/edit`,
    '/comments/:id/delete': `/comments/${f.comment.id}/delete`,
    '/uploads/*': f.image,
    '/share': `/share?url=${encodeURIComponent(postPath(f.post))}`,
  };
  return known[pattern] ?? pattern.replace(/:[A-Za-z]+/g, '1').replace('*', 'x');
}

/** What a response must not show an outsider: the blog's words or its image. */
function leaks(res: LightMyRequestResponse): string | null {
  // The refusal page's sign-in link carries the asker's own address back: not the blog's content.
  if (res.body.replace(/\?next=[^"]*"/g, '').includes(SECRET)) return 'shows the blog’s content';
  if (res.rawPayload.includes(TINY_PNG.subarray(16, 40)) || res.headers['content-type'] === 'image/png') return 'serves its image';
  return null;
}

for (const database of testDatabases) {
  describe(`private blogs on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    let blog: BlogRow;
    let otherBlog: BlogRow;
    let owner: UserRow;
    let reader: UserRow;
    let otherReader: UserRow;
    let stranger: UserRow;
    let f: Fixture;

    before(async () => {
      t = await startTestApp(database, { privateBlogReadersMax: 3 });
      blog = await makeBlog(t.services, { name: 'www', title: `${SECRET} family diary` });
      otherBlog = await makeBlog(t.services, { name: 'elsewhere', title: 'Elsewhere' });
      owner = await t.services.users.createUser({ email: 'owner@example.com' });
      reader = await t.services.users.createUser({ email: 'reader@example.com' });
      otherReader = await t.services.users.createUser({ email: 'other-reader@example.com' });
      stranger = await t.services.users.createUser({ email: 'stranger@example.com' });
      await t.services.users.addMember(blog.id, owner.id, 'owner');
      await t.services.users.addMember(blog.id, reader.id, 'reader');
      await t.services.users.addMember(otherBlog.id, owner.id, 'owner');
      await t.services.users.addMember(otherBlog.id, otherReader.id, 'reader');
      const image = await t.services.images.store(blog.id, TINY_PNG);
      const post = await t.services.posts.createPost({
        blogId: blog.id,
        title: `${SECRET} post`,
        body: `<p>${SECRET} body</p><p><img src="${image.src}" alt=""></p>`,
        labels: [`${SECRET}label`],
      });
      const page = await t.services.posts.createPost({ blogId: blog.id, kind: 'page', title: `${SECRET} page`, body: `<p>${SECRET}</p>` });
      const comment = await t.services.comments.addComment({
        blogId: blog.id,
        postId: post.id,
        authorName: 'R',
        body: `${SECRET} comment`,
        status: 'live',
      });
      for (const b of [blog, otherBlog]) await t.services.blogs.updateSettings(b.id, { visibility: 'private' });
      blog = (await t.services.repositories.blogs.findById(blog.id))!;
      f = { post: (await t.services.repositories.posts.findById(blog.id, post.id))!, page, comment, image: image.src };
    });
    after(() => t.close());

    const publicRoutes = () =>
      t.app.routeTable.filter((r) => !/^\/(admin|v3)(\/|$)/.test(r.url) && !r.url.startsWith('/static/') && r.method !== 'OPTIONS');

    test('every public route: nothing for the signed-out, a stranger or another blog’s reader, and nothing changed', async () => {
      const routes = publicRoutes();
      assert.ok(routes.length >= 30, `only ${routes.length} public routes found`);
      const problems: string[] = [];
      const outsiders: [string, Client][] = [
        ['signed out', new Client(t.app)],
        ['a stranger', await new Client(t.app).signInAs(t.services, stranger)],
        ['another blog’s reader', await new Client(t.app).signInAs(t.services, otherReader)],
      ];
      let checks = 0;
      for (const [who, client] of outsiders) {
        for (const route of routes) {
          const path = pathFor(route.url, f);
          const comments = (await t.services.repositories.comments.listForPosts(blog.id, [f.post.id])).length;
          const res = route.method === 'GET' ? await client.get(path) : await client.post(path, { body: 'x', email: 'a@example.com' });
          checks++;
          const leak = leaks(res);
          if (leak) problems.push(`${who}: ${route.method} ${path} → ${res.statusCode} ${leak}`);
          if (res.statusCode === 200 && !['/robots.txt', '/.well-known/oauth-authorization-server'].includes(route.url))
            problems.push(`${who}: ${route.method} ${path} → 200 (expected a refusal)`);
          if (String(res.headers['cache-control'] ?? '').includes('public'))
            problems.push(`${who}: ${route.method} ${path} sent public caching`);
          if ((await t.services.repositories.comments.listForPosts(blog.id, [f.post.id])).length !== comments)
            problems.push(`${who}: ${route.method} ${path} changed the comments`);
        }
      }
      assert.deepEqual(problems, []);
      assert.ok(checks >= 90);
    });

    test('its reader reads everything, never cached by a shared cache, never indexed', async () => {
      const client = await new Client(t.app).signInAs(t.services, reader);
      const problems: string[] = [];
      for (const pattern of [
        '/',
        '/:year/:month/:file',
        '/p/:file',
        '/search',
        '/search/label/*',
        '/:year/',
        '/feeds/posts/:projection',
        '/feed.json',
        '/feeds/comments/:projection',
        '/uploads/*',
      ]) {
        for (let i = 0; i < 2; i++) {
          const res = await client.get(pathFor(pattern, f));
          if (res.statusCode !== 200) problems.push(`${pattern} → ${res.statusCode}`);
          if (res.headers['cache-control'] !== 'private, no-store')
            problems.push(`${pattern}: cache-control ${res.headers['cache-control']}`);
          if (!String(res.headers['x-robots-tag']).includes('noindex')) problems.push(`${pattern}: no noindex`);
        }
      }
      assert.deepEqual(problems, []);
      assert.match((await client.get(postPath(f.post))).body, new RegExp(`${SECRET} comment`));
      // Nothing the reader saw is handed to the next visitor from the page cache.
      assert.equal((await new Client(t.app).get(postPath(f.post))).statusCode, 403);
      const robots = await new Client(t.app).get('/robots.txt');
      assert.match(robots.body, /^User-agent: \*\nDisallow: \/$/m);
      const sitemap = await client.get('/sitemap.xml');
      assert.equal(sitemap.statusCode, 200);
      assert.doesNotMatch(sitemap.body, /<loc>/);
    });

    test('the refusal page says the blog is private, names nothing of it, and offers to sign in', async () => {
      const res = await new Client(t.app).get(postPath(f.post));
      assert.equal(res.statusCode, 403);
      assert.match(res.body, /This blog is private/);
      assert.match(res.body, new RegExp(`href="/admin/sign-in\\?next=${encodeURIComponent(postPath(f.post))}"`));
      const other = await (await new Client(t.app).signInAs(t.services, otherReader)).get('/');
      assert.match(other.body, /not as one of its readers/);
    });

    test('a secret feed address opens the feeds without a session; a new one shuts the old', async () => {
      const client = await new Client(t.app).signInAs(t.services, reader);
      const account = await client.get('/admin/account');
      assert.equal(account.statusCode, 200);
      const feedUrl = /value="(http[^"]+key=[^"]+)"/.exec(account.body)?.[1]?.replace(/&amp;/g, '&');
      assert.ok(feedUrl, 'the account page shows the feed address');
      const url = new URL(feedUrl);
      assert.equal(url.pathname, '/feeds/posts/default');
      const key = url.searchParams.get('key')!;
      const anonymous = new Client(t.app);
      const feed = await anonymous.get(`/feeds/posts/default?key=${key}`);
      assert.equal(feed.statusCode, 200);
      assert.match(feed.body, new RegExp(`${SECRET} post`));
      assert.equal(feed.headers['cache-control'], 'private, no-store');
      assert.equal((await anonymous.get(`/feed.json?key=${key}`)).statusCode, 200);
      assert.equal((await anonymous.get(`/feeds/posts/default?key=${key}&alt=rss`)).statusCode, 200);
      // The key opens feeds only, of this blog only.
      assert.equal((await anonymous.get(`/?key=${key}`)).statusCode, 403);
      assert.equal((await new Client(t.app, hostOf('elsewhere')).get(`/feeds/posts/default?key=${key}`)).statusCode, 403);
      assert.equal((await anonymous.get(`/feeds/posts/default?key=${'A'.repeat(43)}`)).statusCode, 403);
      // The same address is shown again on the next visit.
      assert.ok((await client.get('/admin/account')).body.includes(key));
      const renewed = await client.post('/admin/account/feeds/www/renew');
      assert.equal(renewed.statusCode, 303);
      assert.equal((await anonymous.get(`/feeds/posts/default?key=${key}`)).statusCode, 403);
      const newKey = /key=([A-Za-z0-9_-]{43})/.exec((await client.get('/admin/account?done=feed')).body)?.[1];
      assert.ok(newKey && newKey !== key);
      assert.equal((await anonymous.get(`/feeds/posts/default?key=${newKey}`)).statusCode, 200);
      // A reader who is removed loses the feed too.
      await t.services.members.changeRole(blog.id, reader.id, null);
      assert.equal((await anonymous.get(`/feeds/posts/default?key=${newKey}`)).statusCode, 403);
      await t.services.users.addMember(blog.id, reader.id, 'reader');
    });

    test('the Blogger API: nothing without a token of a reader, everything with one', async () => {
      const anonymous = new Client(t.app);
      const paths = [
        `/v3/blogs/${blog.id}`,
        `/v3/blogs/${blog.id}/posts`,
        `/v3/blogs/${blog.id}/posts/${f.post.id}`,
        `/v3/blogs/${blog.id}/pages`,
        `/v3/blogs/${blog.id}/posts/search?q=${SECRET}`,
        `/v3/blogs/byurl?url=${encodeURIComponent(`http://${hostOf('www')}/`)}`,
      ];
      const outsiderToken = (await t.services.api.tokens.create(otherReader.id, 'x', [{ blog: '*', level: 'read' }])).token;
      const readerToken = (await t.services.api.tokens.create(reader.id, 'feed reader', [{ blog: blog.id, level: 'read' }])).token;
      for (const path of paths) {
        const plain = await anonymous.get(path);
        assert.ok([401, 403].includes(plain.statusCode), `${path} → ${plain.statusCode}`);
        assert.ok(!plain.body.includes(SECRET), path);
        const outsider = await t.app.inject({ url: path, headers: { host: hostOf('www'), authorization: `Bearer ${outsiderToken}` } });
        assert.ok([401, 403].includes(outsider.statusCode), `${path} with another blog's reader → ${outsider.statusCode}`);
        assert.ok(!outsider.body.includes(SECRET), path);
        const own = await t.app.inject({ url: path, headers: { host: hostOf('www'), authorization: `Bearer ${readerToken}` } });
        assert.equal(own.statusCode, 200, `${path} with its reader's token`);
      }
      const asReader = await t.app.inject({
        url: `/v3/blogs/${blog.id}?view=AUTHOR`,
        headers: { host: hostOf('www'), authorization: `Bearer ${readerToken}` },
      });
      assert.equal(asReader.statusCode, 403, 'a reader has no AUTHOR view');
    });

    test('a reader has no dashboard beyond their account', async () => {
      const client = await new Client(t.app).signInAs(t.services, reader);
      for (const path of ['/admin/blogs/www', '/admin/blogs/www/posts', '/admin/blogs/www/settings', '/admin/blogs/www/posts/new']) {
        assert.equal((await client.get(path)).statusCode, 404, path);
      }
      const home = await client.get('/admin');
      assert.doesNotMatch(home.body, /href="\/admin\/blogs\/www"/);
      assert.match(home.body, /Private blogs you read/);
      assert.equal((await client.post('/admin/blogs/www/posts', { title: 'x', body: 'y', action: 'draft' })).statusCode, 404);
    });

    test('owners make a blog private in Settings and invite readers up to the cap', async () => {
      const client = await new Client(t.app).signInAs(t.services, owner);
      const settings = await client.get('/admin/blogs/elsewhere/settings');
      assert.match(settings.body, /name="visibility" value="private" checked/);
      const form = {
        title: 'Elsewhere',
        language: 'en',
        timeZone: 'UTC',
        postsPerPage: '7',
        popularWindow: '30d',
        popularCount: '5',
        snippetLength: '150',
        searchDescription: '',
        description: '',
      };
      assert.equal((await client.post('/admin/blogs/elsewhere/settings', { ...form, visibility: 'public' })).statusCode, 303);
      assert.equal((await new Client(t.app, hostOf('elsewhere')).get('/')).statusCode, 200);
      await client.get('/admin/blogs/elsewhere/settings');
      assert.equal((await client.post('/admin/blogs/elsewhere/settings', { ...form, visibility: 'secret' })).statusCode, 400);
      await client.get('/admin/blogs/elsewhere/settings');
      assert.equal((await client.post('/admin/blogs/elsewhere/settings', { ...form, visibility: 'private' })).statusCode, 303);
      assert.equal((await new Client(t.app, hostOf('elsewhere')).get('/')).statusCode, 403);

      // The cap (3 here) counts readers and open invitations: www has one reader.
      await client.get('/admin/blogs/www/members');
      const first = await client.post('/admin/blogs/www/members/invite', { email: 'new-reader@example.com', role: 'reader' });
      assert.equal(first.statusCode, 200);
      const link = /\/admin\/invite\/[A-Za-z0-9_-]{43}/.exec(first.body)?.[0];
      assert.ok(link);
      assert.equal((await client.post('/admin/blogs/www/members/invite', { email: 'second@example.com', role: 'reader' })).statusCode, 200);
      const over = await client.post('/admin/blogs/www/members/invite', { email: 'third@example.com', role: 'reader' });
      assert.equal(over.statusCode, 409);
      assert.match(over.body, /PRIVATE_BLOG_READERS_MAX/);

      // The invited reader makes an account on the blog's host and lands on the blog, reading it.
      const invited = new Client(t.app);
      const page = await invited.get(link);
      assert.match(page.body, /invited to read/);
      const accepted = await invited.post(link, { displayName: 'New Reader', password: 'a long enough password' });
      assert.equal(accepted.statusCode, 303);
      assert.equal(accepted.headers.location, '/');
      const home = await invited.get('/');
      assert.equal(home.statusCode, 200);
      assert.match(home.body, new RegExp(SECRET));
    });
  });
}
