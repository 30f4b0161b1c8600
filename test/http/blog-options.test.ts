/**
 * The blog options of the dashboard over HTTP, on both databases: embed providers (owner only) and the
 * per-blog frame-src, per-role allow-lists, robots and search-description options, the labels style.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { BlogRow, UserRow } from '../../src/storage/schema.js';
import { testDatabases } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { Client } from '../helpers/browser-client.js';
import { makeBlog, makePost } from '../helpers/factories.js';

const idFrom = (location: unknown) => /\/(\d+)(\?|$)/.exec(String(location))![1]!;
const frameSrc = (csp: unknown) => /frame-src ([^;]*)/.exec(String(csp))?.[1]?.split(' ') ?? [];

for (const database of testDatabases) {
  describe(`blog options on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    let blog: BlogRow;
    let owner: UserRow;
    let admin: UserRow;
    let author: UserRow;

    before(async () => {
      t = await startTestApp(database);
      blog = await makeBlog(t.services, { name: 'www', title: 'Home blog' });
      await makeBlog(t.services, { name: 'other', title: 'Other blog' });
      owner = await t.services.users.createUser({ email: 'owner@example.com', displayName: 'Olive' });
      admin = await t.services.users.createUser({ email: 'admin@example.com', displayName: 'Ada' });
      author = await t.services.users.createUser({ email: 'author@example.com', displayName: 'Abe' });
      await t.services.users.addMember(blog.id, owner.id, 'owner');
      await t.services.users.addMember(blog.id, admin.id, 'admin');
      await t.services.users.addMember(blog.id, author.id, 'author');
    });
    after(() => t.close());

    const current = async () => (await t.services.repositories.blogs.findById(blog.id))!;

    test('the owner adds embed providers; a bad line is refused with its number and changes nothing', async () => {
      const client = await new Client(t.app).signInAs(t.services, owner);
      const page = await client.get('/admin/blogs/www/settings/embeds');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /https:\/\/player\.vimeo\.com\/video\//);
      const bad = await client.post('/admin/blogs/www/settings/embeds', { providers: 'media.example.org/embed/\nhttp://x.example.org/' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /Line 2: &quot;http:\/\/x\.example\.org\/&quot; is not an https:\/\/ address/);
      assert.match(bad.body, /media\.example\.org\/embed\/\nhttp:\/\/x\.example\.org\//, 'the typed text is shown again');
      assert.equal((await current()).embed_providers, '');
      const ok = await client.post('/admin/blogs/www/settings/embeds', {
        providers: ' media.example.org/embed/ \r\nhttps://www.youtube.com/embed/\nmedia.example.org/embed/',
      });
      assert.equal(ok.statusCode, 303);
      assert.equal((await current()).embed_providers, 'https://media.example.org/embed/');
      const admins = await new Client(t.app).signInAs(t.services, admin);
      assert.equal((await admins.get('/admin/blogs/www/settings/embeds')).statusCode, 403);
    });

    test("reader pages allow the blog's own providers in frame-src; another blog's do not", async () => {
      const post = await makePost(t.services, blog, { publishedAt: Date.parse('2026-11-01T10:00:00Z') });
      const mine = await t.get('www', `/2026/11/${post.slug}.html`);
      assert.ok(frameSrc(mine.headers['content-security-policy']).includes('https://media.example.org'));
      assert.ok(frameSrc(mine.headers['content-security-policy']).includes('https://www.youtube-nocookie.com'));
      const theirs = await t.get('other', '/');
      assert.ok(!frameSrc(theirs.headers['content-security-policy']).includes('https://media.example.org'));
      assert.ok(frameSrc(theirs.headers['content-security-policy']).includes('https://player.vimeo.com'));
    });

    test("an author's embeds, classes and styles: only allowed embeds stay, no class or style; an admin keeps classes", async () => {
      const body =
        '<p class="lead" style="color:red">Hi</p>' +
        '<iframe src="https://media.example.org/embed/7" srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;" sandbox="allow-top-navigation"></iframe>' +
        '<iframe src="https://evil.example.org/embed/7"></iframe>' +
        '<iframe src="https://www.youtube.com/embed/abcdefg"></iframe>';
      const saved: Record<string, string> = {};
      for (const [name, user] of [
        ['author', author],
        ['admin', admin],
      ] as const) {
        const client = await new Client(t.app).signInAs(t.services, user);
        await client.get('/admin/blogs/www/posts/new');
        const res = await client.post('/admin/blogs/www/posts', { title: `By ${name}`, body, action: 'publish' });
        assert.equal(res.statusCode, 303, res.body.slice(0, 300));
        saved[name] = (await t.services.repositories.posts.findById(blog.id, idFrom(res.headers.location)))!.body_html;
      }
      for (const html of Object.values(saved)) {
        assert.match(
          html,
          /<iframe src="https:\/\/media\.example\.org\/embed\/7" title="Embedded content" loading="lazy" sandbox="allow-scripts allow-same-origin allow-popups allow-presentation"/,
        );
        assert.match(html, /<iframe src="https:\/\/www\.youtube\.com\/embed\/abcdefg"/);
        assert.doesNotMatch(html, /evil|srcdoc|allow-top-navigation|style=/);
      }
      assert.match(saved.author!, /^<p>Hi<\/p>/);
      assert.match(saved.admin!, /^<p class="lead">Hi<\/p>/);
    });

    test('robots.txt: a custom one is checked, served with the sitemap line, and turned off again', async () => {
      const client = await new Client(t.app).signInAs(t.services, admin);
      assert.equal((await client.get('/admin/blogs/www/settings/search')).statusCode, 200);
      const bad = await client.post('/admin/blogs/www/settings/search', {
        customRobotsTxt: '1',
        robotsTxt: 'User-agent: *\n<script>alert(1)</script>',
        searchDescriptionEnabled: '1',
      });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /Line 2 of the robots.txt/);
      assert.match(bad.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/, 'the typed text comes back escaped');
      assert.equal((await current()).robots_txt, null);
      const ok = await client.post('/admin/blogs/www/settings/search', {
        customRobotsTxt: '1',
        robotsTxt: 'User-agent: *\r\nDisallow: /p/private.html\r\n',
        searchDescriptionEnabled: '1',
      });
      assert.equal(ok.statusCode, 303);
      const robots = await t.get('www', '/robots.txt');
      assert.equal(robots.body, 'User-agent: *\nDisallow: /p/private.html\n\nSitemap: http://example.test/sitemap.xml\n');
      assert.match((await t.get('other', '/robots.txt')).body, /^Disallow: \/search$/m);
      await client.post('/admin/blogs/www/settings/search', { robotsTxt: 'User-agent: *', searchDescriptionEnabled: '1' });
      assert.match((await t.get('www', '/robots.txt')).body, /^Disallow: \/search$/m);
    });

    test('robots header tags per kind of page, and the search description switch', async () => {
      const post = await makePost(t.services, blog, {
        publishedAt: Date.parse('2026-11-02T10:00:00Z'),
        labels: ['tea'],
        searchDescription: 'All about tea leaves',
      });
      const path = `/2026/11/${post.slug}.html`;
      const robotsOf = async (p: string) => /<meta name="robots" content="([^"]*)">/.exec((await t.get('www', p)).body)?.[1];
      assert.equal(await robotsOf('/'), undefined);
      assert.equal(await robotsOf('/search/label/tea'), 'noindex, follow');
      assert.equal(await robotsOf(path), undefined);
      assert.match((await t.get('www', path)).body, /<meta name="description" content="All about tea leaves">/);

      const client = await new Client(t.app).signInAs(t.services, owner);
      await client.get('/admin/blogs/www/settings/search');
      const bad = await client.post('/admin/blogs/www/settings/search', { customRobotsTags: '1', home: 'noindex"><script>' });
      assert.equal(bad.statusCode, 400);
      const res = await client.post('/admin/blogs/www/settings/search', {
        customRobotsTags: '1',
        home: [],
        archive: ['noindex', 'nofollow'],
        item: ['noarchive', 'nosnippet'],
      });
      assert.equal(res.statusCode, 303);
      assert.equal(await robotsOf('/'), undefined);
      assert.equal(await robotsOf('/search/label/tea'), 'noindex, nofollow');
      assert.equal(await robotsOf('/2026/'), 'noindex, nofollow');
      assert.equal(await robotsOf(path), 'noarchive, nosnippet');
      assert.equal(await robotsOf('/2026/11/nothing-here.html'), 'noindex');
      // The search description switch was left off in that form: the start of the text stands in.
      assert.doesNotMatch((await t.get('www', path)).body, /All about tea leaves/);
      const form = await client.get('/admin/blogs/www/settings/search');
      assert.match(form.body, /id="item-noarchive" name="item" value="noarchive" checked/);
      assert.doesNotMatch(form.body, /id="searchDescriptionEnabled"[^>]*checked/);
    });

    test('the labels gadget style is in the settings form', async () => {
      const client = await new Client(t.app).signInAs(t.services, admin);
      const page = await client.get('/admin/blogs/www/settings');
      assert.match(page.body, /<option value="list" selected>/);
      const b = await current();
      const res = await client.post('/admin/blogs/www/settings', {
        title: b.title,
        language: 'en',
        timeZone: 'UTC',
        postsPerPage: '7',
        popularWindow: '30d',
        popularCount: '5',
        snippetLength: '150',
        labelsStyle: 'cloud',
        customDomain: '',
      });
      assert.equal(res.statusCode, 303);
      assert.equal((await current()).labels_style, 'cloud');
      const wrong = await client.post('/admin/blogs/www/settings', {
        title: 'x',
        language: 'en',
        timeZone: 'UTC',
        postsPerPage: '7',
        popularWindow: '30d',
        popularCount: '5',
        snippetLength: '150',
        labelsStyle: 'tag soup',
      });
      assert.equal(wrong.statusCode, 400);
      assert.equal((await current()).labels_style, 'cloud');
    });

    test('the owner hands a blog over (and stays an admin), and deletes a blog after typing its name', async () => {
      const spare = await makeBlog(t.services, { name: 'spare', title: 'Spare blog' });
      await t.services.users.addMember(spare.id, owner.id, 'owner');
      await t.services.users.addMember(spare.id, author.id, 'author');
      await makePost(t.services, spare, { publishedAt: Date.parse('2026-11-01T10:00:00Z') });
      const client = await new Client(t.app).signInAs(t.services, owner);
      const page = await client.get('/admin/blogs/spare/owner');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, new RegExp(`<option value="${author.id}">\u2068Abe\u2069`));
      const handed = await client.post('/admin/blogs/spare/hand-over', { to: author.id });
      assert.equal(handed.statusCode, 303);
      assert.equal((await t.services.repositories.users.findMembership(spare.id, author.id))!.role, 'owner');
      assert.equal((await t.services.repositories.users.findMembership(spare.id, owner.id))!.role, 'admin');
      assert.equal((await client.get('/admin/blogs/spare/owner')).statusCode, 403, 'no longer the owner');

      const newOwner = await new Client(t.app).signInAs(t.services, author);
      await newOwner.get('/admin/blogs/spare/owner');
      const wrong = await newOwner.post('/admin/blogs/spare/delete', { confirm: 'www' });
      assert.equal(wrong.statusCode, 400);
      assert.match(wrong.body, /Type the blog&apos;s name, spare, to confirm/);
      assert.equal((await t.get('spare', '/')).statusCode, 200);
      const deleted = await newOwner.post('/admin/blogs/spare/delete', { confirm: 'spare' });
      assert.equal(deleted.statusCode, 303);
      assert.equal(deleted.headers.location, '/admin?done=deleted');
      assert.match((await newOwner.get('/admin?done=deleted')).body, /The blog was deleted/);
      assert.equal((await t.get('spare', '/')).statusCode, 404);
      assert.equal((await newOwner.get('/admin/blogs/spare/posts')).statusCode, 404);
      assert.equal((await t.get('www', '/')).statusCode, 200, 'other blogs stay');
    });
  });
}
