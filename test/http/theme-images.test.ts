/**
 * The Theme page's pictures over HTTP, on SQLite and PostgreSQL: the owner uploads a logo, a header
 * image and an icon (multipart, the token in the form), sees each previewed, the blog shows them at once
 * (the page cache is on), and removes them; SVG, non-images, pictures over the pixel limit, forged
 * tokens and other roles are refused with nothing kept.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import type { BlogRow, UserRow } from '../../src/storage/schema.js';
import { testDatabases } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { Client } from '../helpers/browser-client.js';
import { makeBlog, makePost } from '../helpers/factories.js';
import { pngClaiming } from '../helpers/images.js';

const picture = (width: number, height: number, background: string) =>
  sharp({ create: { width, height, channels: 3, background } })
    .png()
    .toBuffer();

for (const database of testDatabases) {
  describe(`theme pictures on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    let blog: BlogRow;
    let owner: UserRow;
    let author: UserRow;
    let own: Client;
    const page = '/admin/blogs/www/theme';
    const fresh = async () => (await t.services.repositories.blogs.findById(blog.id))!;
    const send = (c: Client, image: string, bytes: Buffer, name = 'picture.png', type = 'image/png', csrf?: string | null) =>
      c.multipart(`${page}/images/${image}`, {}, { field: 'file', name, bytes, type }, csrf === undefined ? {} : { csrf });
    const uploadsOf = () => {
      try {
        return readdirSync(`${t.services.uploadsDir}/${blog.id}`);
      } catch {
        return [];
      }
    };

    before(async () => {
      t = await startTestApp(database, { pageCacheSeconds: 60 });
      blog = await makeBlog(t.services, { name: 'www', title: 'Pictured blog' });
      owner = await t.services.users.createUser({ email: 'owner@example.com', displayName: 'Olive Owner' });
      author = await t.services.users.createUser({ email: 'au@example.com', displayName: 'Abe Author' });
      await t.services.users.addMember(blog.id, owner.id, 'owner');
      await t.services.users.addMember(blog.id, author.id, 'author');
      await makePost(t.services, blog, { title: 'First words' });
      own = await new Client(t.app).signInAs(t.services, owner);
    });
    after(() => t.close());

    test('the owner uploads a logo, a header image and an icon: previewed on the Theme page, shown by the blog at once', async () => {
      const before = await t.get('www', '/');
      assert.doesNotMatch(before.body, /class="blog-logo"/);
      const letterIcon = (await t.get('www', '/favicon.ico')).rawPayload;

      const empty = await own.get(page);
      assert.match(empty.body, /<h2 id="pictures">Logo, header image and icon<\/h2>/);
      assert.match(empty.body, /enctype="multipart\/form-data"/);
      for (const [image, width, height, colour] of [
        ['logo', 480, 120, '#224488'],
        ['header', 1800, 450, '#886644'],
        ['icon', 256, 256, '#aa2222'],
      ] as const) {
        await own.get(page);
        const sent = await send(own, image, await picture(width, height, colour));
        assert.equal(sent.statusCode, 303, sent.body.slice(0, 300));
        assert.equal(sent.headers.location, `${page}?done=image#pictures`);
      }
      const row = await fresh();
      for (const path of [row.logo_url, row.header_image_url, row.icon_url])
        assert.match(path, new RegExp(`^/uploads/${blog.id}/\\d+/\\d+\\.png$`));

      const shown = await own.get(`${page}?done=image`);
      assert.match(shown.body, /The picture is saved/);
      for (const [name, path] of [
        ['logo', row.logo_url],
        ['header', row.header_image_url],
        ['icon', row.icon_url],
      ] as const) {
        assert.ok(shown.body.includes(`<img class="theme-picture-${name}" src="${path}"`), `${name} previewed`);
        assert.equal((await own.get(path)).statusCode, 200, `${name} served to the dashboard`);
      }
      assert.match(shown.body, /aria-describedby="picture-logo">Remove<\/button>/);

      const home = await t.get('www', '/');
      assert.match(home.body, /class="blog-logo"/, 'the cached home page made way for the logo');
      assert.match(home.body, /class="header-image"/);
      assert.match(home.body, /<meta property="og:image" content="https?:\/\/[^"]+\/uploads\//);
      const icon = (await t.get('www', '/favicon.ico')).rawPayload;
      assert.notDeepEqual(icon, letterIcon, 'the favicon is made from the uploaded icon');
    });

    test('removing a picture puts the blog back as it was', async () => {
      await own.get(page);
      const removed = await own.post(`${page}/images/logo/remove`, {});
      assert.equal(removed.statusCode, 303);
      assert.equal((await fresh()).logo_url, '');
      assert.notEqual((await fresh()).header_image_url, '', 'the other pictures stay');
      assert.doesNotMatch((await t.get('www', '/')).body, /class="blog-logo"/);
      const shown = await own.get(`${page}?done=imageRemoved`);
      assert.match(shown.body, /The picture is removed/);
      assert.match(shown.body, /<h3 id="picture-logo">Logo<\/h3>\s*<p class="hint">[^<]*<\/p>\s*<p class="muted">None yet\.<\/p>/);
    });

    test('SVG, a file that is not a picture, and one over the pixel limit are refused with a reason; nothing is kept', async () => {
      const before = await fresh();
      const files = uploadsOf().length;
      const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="9" height="9"/></svg>');
      for (const [bytes, name, type, reason] of [
        [svg, 'logo.svg', 'image/svg+xml', /not an image Dastan can use/],
        [Buffer.from('GIF89a not really'), 'logo.gif', 'image/gif', /not an image Dastan can use/],
        [pngClaiming(9000, 9000), 'huge.png', 'image/png', /9000 × 9000 pixels: too large/],
        [Buffer.alloc(0), 'empty.png', 'image/png', /choose a picture/],
      ] as const) {
        await own.get(page);
        const refused = await send(own, 'logo', bytes, name, type);
        assert.equal(refused.statusCode, 400, name);
        assert.match(refused.body, reason, name);
        assert.match(refused.body, /<h2 id="pictures">/, `${name}: the Theme page again, with the reason`);
      }
      assert.deepEqual(await fresh(), before);
      assert.equal(uploadsOf().length, files);
    });

    test('a forged or missing token, an unknown picture and other roles are refused; nothing is kept', async () => {
      const before = await fresh();
      const files = uploadsOf().length;
      const bytes = await picture(64, 64, '#123456');
      await own.get(page);
      assert.equal((await send(own, 'logo', bytes, 'a.png', 'image/png', null)).statusCode, 403, 'no token');
      assert.equal((await send(own, 'logo', bytes, 'a.png', 'image/png', 'forged')).statusCode, 403, 'a forged token');
      assert.equal((await send(own, 'wallpaper', bytes)).statusCode, 404, 'no such picture');
      assert.equal((await own.post(`${page}/images/logo/remove`, {}, { csrf: null })).statusCode, 403);
      const writer = await new Client(t.app).signInAs(t.services, author);
      await writer.get('/admin');
      assert.equal((await send(writer, 'icon', bytes)).statusCode, 403, 'an author may not change the theme');
      assert.equal((await writer.post(`${page}/images/header/remove`, {})).statusCode, 403);
      assert.equal((await send(new Client(t.app), 'icon', bytes)).statusCode, 401, 'signed out');
      assert.deepEqual(await fresh(), before);
      assert.equal(uploadsOf().length, files);
    });
  });
}
