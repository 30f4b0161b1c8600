/**
 * What the themes show beside a post's text, over HTTP on SQLite and PostgreSQL: excerpts and jump
 * breaks on lists, Newer/Older links, the pages menu in the owner's order, cover and first images
 * (`og:image`, thumbnails with srcset, copies made once on request), share links and the fediverse
 * share page, popular posts leaving out the post being read, and the favicon on every blog host.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import type { BlogRow, PostRow } from '../../src/storage/schema.js';
import { testDatabases } from '../helpers/databases.js';
import { hostOf, startTestApp, type TestApp } from '../helpers/app.js';
import { makeBlog, makePost } from '../helpers/factories.js';
import { postPath } from '../../src/domain/blogs/urls.js';

const LONG = 'Words that go on and on about the river and the hills. '.repeat(30);
const DAY = 86_400_000;

for (const database of testDatabases) {
  describe(`theme features on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    let blog: BlogRow;
    let other: BlogRow;
    let posts: PostRow[];
    let cover: string;
    const get = (url: string, blogName = 'feat') => t.app.inject({ url, headers: { host: hostOf(blogName) } });
    /** The blog's own address, as its pages name it. */
    const originOf = (html: string) => /<link rel="canonical" href="(https?:\/\/[^/"]+)/.exec(html)?.[1] ?? '';

    before(async () => {
      t = await startTestApp(database);
      blog = await makeBlog(t.services, { name: 'feat', title: 'Features' });
      other = await makeBlog(t.services, { name: 'elsewhere', title: 'Ünïcode blog' });
      const jpeg = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#3366aa' } })
        .jpeg()
        .toBuffer();
      cover = (await t.services.images.store(blog.id, jpeg)).src;
      const start = Date.UTC(2026, 9, 1);
      posts = [
        await makePost(t.services, blog, { title: 'First', body: `<p>${LONG}</p>`, publishedAt: start }),
        await makePost(t.services, blog, {
          title: 'Second',
          body: `<p>Before the break.</p><a name="more"></a><p>After the break.</p>`,
          publishedAt: start + DAY,
          coverImageUrl: cover,
          coverImageAlt: 'A blue picture',
        }),
        await makePost(t.services, blog, {
          title: 'Third',
          body: `<p><img src="https://images.example.org/a.jpg?x=1&amp;y=2" alt="Inline"></p><p>Short.</p>`,
          publishedAt: start + 2 * DAY,
        }),
      ];
      for (const [title, order] of [
        ['Contact', 0],
        ['About', 1],
      ] as const) {
        const page = await makePost(t.services, blog, { kind: 'page', title, slug: title.toLowerCase(), body: '<p>A page.</p>' });
        await t.services.repositories.posts.update(blog.id, page.id, { menu_order: order });
      }
      for (let n = 0; n < 5; n++) t.services.viewCounter.record(blog.id, posts[0]!.id);
      for (let n = 0; n < 3; n++) t.services.viewCounter.record(blog.id, posts[1]!.id);
      await t.services.viewCounter.flush();
    });
    after(() => t?.close());

    test('lists cut a post at its jump break, or to an excerpt of the blog’s length, with a Read more link', async () => {
      const mainOf = (html: string) => /<main[\s\S]*<\/main>/.exec(html)?.[0] ?? '';
      const home = mainOf((await get('/')).body);
      assert.match(home, /Before the break\./);
      assert.doesNotMatch(home, /After the break\./);
      assert.ok(!home.includes(LONG.trim()), 'the long post is not shown whole');
      assert.match(home, new RegExp(`href="${postPath(posts[0]!)}#more"`));
      await t.services.blogs.updateSettings(blog.id, { excerptLength: 0 });
      assert.ok(mainOf((await get('/')).body).includes(LONG.trim()), 'excerpt length 0: the whole post');
      await t.services.blogs.updateSettings(blog.id, { excerptLength: 300 });
    });

    test('a post links the next newer and older posts; the newest has no newer one', async () => {
      const middle = (await get(postPath(posts[1]!))).body;
      assert.match(middle, new RegExp(`rel="prev" href="${postPath(posts[2]!)}"`));
      assert.match(middle, new RegExp(`rel="next" href="${postPath(posts[0]!)}"`));
      const newest = (await get(postPath(posts[2]!))).body;
      assert.doesNotMatch(newest, /class="post-nav-newer"/);
      assert.match(newest, /class="post-nav-older"/);
    });

    test('the pages menu lists the blog’s pages in the owner’s order and marks the page being read', async () => {
      const home = (await get('/')).body;
      const menu = /<nav class="pages-menu"[\s\S]*?<\/nav>/.exec(home)?.[0] ?? '';
      assert.ok(menu.indexOf('Contact') < menu.indexOf('About') && menu.indexOf('Contact') > 0, menu);
      assert.match((await get('/p/about.html')).body, /<a href="\/p\/about.html" aria-current="page"><bdi>About<\/bdi><\/a>/);
    });

    test('og:image is the cover, else the first image; cards carry a srcset of the upload’s copies', async () => {
      const page = (await get(postPath(posts[1]!))).body;
      assert.ok(page.includes(`<meta property="og:image" content="${originOf(page)}${cover}">`));
      assert.match(
        (await get(postPath(posts[2]!))).body,
        /<meta property="og:image" content="https:\/\/images.example.org\/a.jpg\?x=1&amp;y=2">/,
      );
      assert.doesNotMatch((await get(postPath(posts[0]!))).body, /og:image/);
      const home = (await get('/')).body;
      const base = cover.replace(/\/\d+\.jpg$/, '');
      const widths = (format: string) => [320, 640, 960, 1200].map((w) => `${base}/${w}.${format} ${w}w`).join(', ');
      const sizes = ' sizes="[^"]+"';
      assert.match(
        home,
        new RegExp(
          `<picture><source type="image/avif" srcset="${widths('avif')}"${sizes}><source type="image/webp" srcset="${widths('webp')}"${sizes}>` +
            `<img src="${cover}" alt="[^"]*" width="\\d+" height="\\d+" (loading="lazy"|fetchpriority="high") decoding="async"></picture>`,
        ),
        'the cards’ picture: AVIF, then WebP, then the upload’s own JPEG',
      );
    });

    test('a smaller copy is made on its first request and then served as a file; other widths are 404', async () => {
      const base = cover.replace(/\/\d+\.jpg$/, '');
      const first = await get(`${base}/320.webp`);
      assert.equal(first.statusCode, 200);
      assert.equal(first.headers['content-type'], 'image/webp');
      assert.equal((await sharp(first.rawPayload).metadata()).width, 320);
      assert.deepEqual((await get(`${base}/320.webp`)).rawPayload, first.rawPayload);
      assert.equal((await get(`${base}/333.webp`)).statusCode, 404);
      assert.equal((await get(`${base}/1600.webp`)).statusCode, 404, 'never larger than the upload');

      // AVIF takes seconds to make: the WebP copy stands in (briefly cached) while it is made in the background.
      const standIn = await get(`${base}/640.avif`);
      assert.equal(standIn.statusCode, 200);
      assert.equal(standIn.headers['content-type'], 'image/webp');
      assert.equal(standIn.headers['cache-control'], 'public, max-age=60');
      await t.services.images.variants.settled();
      const avif = await get(`${base}/640.avif`);
      assert.equal(avif.headers['content-type'], 'image/avif');
      assert.match(String(avif.headers['cache-control']), /immutable/);
      const meta = await sharp(avif.rawPayload).metadata();
      assert.deepEqual([meta.format, meta.width], ['heif', 640]);
      assert.equal((await get(`${base}/1600.avif`)).statusCode, 404, 'never larger than the upload');
    });

    test('share links are plain links; the fediverse page asks for the server and refuses bad ones', async () => {
      const page = (await get(postPath(posts[1]!))).body;
      const url = `${originOf(page)}${postPath(posts[1]!)}`;
      assert.ok(page.includes(`href="https://www.facebook.com/sharer/sharer.php?u=${encodeURIComponent(url)}"`));
      assert.ok(page.includes(`href="mailto:?subject=Second&amp;body=${encodeURIComponent(url)}"`));
      assert.match(page, /<script type="module" src="\/static\/share.js"><\/script>/);
      const share = `/share?url=${encodeURIComponent(url)}&title=Second`;
      assert.match((await get(share)).body, /name="instance"/);
      const chosen = await get(`${share}&instance=${encodeURIComponent('@me@Mastodon.Social')}`);
      assert.equal(chosen.statusCode, 200);
      assert.ok(chosen.body.includes(`href="https://mastodon.social/share?text=${encodeURIComponent(`Second ${url}`)}"`));
      const bad = await get(`${share}&instance=${encodeURIComponent('javascript:alert(1)')}`);
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /Please give the address of your server/);
      assert.equal((await get(`/share?url=${encodeURIComponent('https://evil.example/')}&title=x`)).statusCode, 400);
      assert.equal((await get('/static/share.js')).headers['content-type'], 'text/javascript; charset=utf-8');
    });

    test('popular posts show thumbnails and leave out the post being read', async () => {
      const gadget = (html: string) => /<section id="popular-posts"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
      const onHome = gadget((await get('/')).body);
      assert.match(onHome, />First</);
      assert.match(onHome, /class="popular-thumb"/);
      const onFirst = gadget((await get(postPath(posts[0]!))).body);
      assert.doesNotMatch(onFirst, />First</);
      assert.match(onFirst, />Second</);
    });

    test('every blog host answers /favicon.ico with a letter icon', async () => {
      for (const name of ['feat', 'elsewhere']) {
        const res = await get('/favicon.ico', name);
        assert.equal(res.statusCode, 200);
        assert.equal(res.headers['content-type'], 'image/x-icon');
        assert.deepEqual([...res.rawPayload.subarray(0, 4)], [0, 0, 1, 0]);
        assert.equal((await sharp(res.rawPayload.subarray(22)).metadata()).width, 32);
      }
      assert.match((await get('/')).body, /<link rel="icon" href="\/favicon.ico\?v=[a-z0-9]+" sizes="32x32">/);
      assert.ok(other);
    });

    test('Newer/Older links follow a post published later (the links are kept per content version)', async () => {
      const newest = posts[2]!;
      assert.doesNotMatch((await get(postPath(newest))).body, /class="post-nav-newer"/);
      const later = await makePost(t.services, blog, { title: 'Fourth', body: '<p>Later.</p>', publishedAt: Date.UTC(2026, 9, 9) });
      assert.match((await get(postPath(newest))).body, new RegExp(`rel="prev" href="${postPath(later)}"`));
    });
  });
}
