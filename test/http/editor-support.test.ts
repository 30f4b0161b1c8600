import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import type { BlogRow, UserRow } from '../../src/storage/schema.js';
import { testDatabases } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { Client } from '../helpers/browser-client.js';
import { makeBlog } from '../helpers/factories.js';

for (const database of testDatabases) {
  describe(`images, autosave and preview on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    let blog: BlogRow;
    let author: UserRow;
    before(async () => {
      t = await startTestApp(database);
      blog = await makeBlog(t.services, { name: 'www', title: 'Pictures' });
      author = await t.services.users.createUser({ email: 'au@example.com', displayName: 'Abe' });
      await t.services.users.addMember(blog.id, author.id, 'author');
    });
    after(() => t.close());

    test('an uploaded photo loses its metadata, gets WebP copies for srcset, and is served with a long cache', async () => {
      const photo = await sharp({ create: { width: 1800, height: 900, channels: 3, background: '#3366aa' } })
        .jpeg()
        .withExif({ IFD0: { Make: 'SpyCam', Copyright: 'secret place' } })
        .toBuffer();
      assert.ok((await sharp(photo).metadata()).exif, 'the test photo carries EXIF');
      const c = await new Client(t.app).signInAs(t.services, author);
      await c.get('/admin/blogs/www/posts/new');
      const res = await c.upload('/admin/blogs/www/uploads', 'river-at-dusk.png', photo, 'image/png');
      assert.equal(res.statusCode, 201, res.body);
      const image = res.json<{ src: string; width: number; height: number; alt: string }>();
      assert.match(image.src, new RegExp(`^/uploads/${blog.id}/\\d+/1800\\.jpg$`), 'the real type (JPEG) counts, not the name');
      assert.deepEqual([image.width, image.height, image.alt], [1800, 900, 'river at dusk']);
      const dir = path.join(t.services.uploadsDir, blog.id, image.src.split('/')[3]!);
      for (const file of ['480.webp', '960.webp', '1600.webp', '1800.webp', '1800.jpg']) {
        const meta = await sharp(readFileSync(path.join(dir, file))).metadata();
        assert.equal(meta.exif, undefined, `${file} has no EXIF`);
      }
      const served = await c.get(image.src);
      assert.equal(served.statusCode, 200);
      assert.equal(served.headers['content-type'], 'image/jpeg');
      assert.match(String(served.headers['cache-control']), /max-age=31536000, immutable/);

      const made = await c.post('/admin/blogs/www/posts', {
        title: 'With a picture',
        body: `<p><img src="${image.src}" alt="River"></p>`,
        action: 'publish',
      });
      assert.equal(made.statusCode, 303);
      const page = await t.get('www', '/2026/11/with-a-picture.html');
      assert.match(
        page.body,
        /srcset="\/uploads\/\d+\/\d+\/480\.webp 480w, \/uploads\/\d+\/\d+\/960\.webp 960w, \/uploads\/\d+\/\d+\/1600\.webp 1600w, \/uploads\/\d+\/\d+\/1800\.webp 1800w"/,
      );
    });

    test('a file that is not an image, an SVG, or one too large gets a clear 4xx and nothing is stored', async () => {
      const c = await new Client(t.app).signInAs(t.services, author);
      await c.get('/admin/blogs/www/posts/new');
      const text = await c.upload('/admin/blogs/www/uploads', 'cat.jpg', Buffer.from('not really a jpeg'), 'image/jpeg');
      assert.equal(text.statusCode, 400);
      assert.match(text.json<{ message: string }>().message, /not an image Dastan can use/);
      const svg = await c.upload(
        '/admin/blogs/www/uploads',
        'x.svg',
        Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        'image/svg+xml',
      );
      assert.equal(svg.statusCode, 400);
      const big = await sharp({
        create: { width: 1200, height: 1200, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 60 } },
      })
        .png({ compressionLevel: 0 })
        .toBuffer();
      assert.ok(big.length > 2 * 1024 * 1024);
      const tooLarge = await c.upload('/admin/blogs/www/uploads', 'big.png', big, 'image/png');
      assert.equal(tooLarge.statusCode, 413);
      assert.match(tooLarge.json<{ message: string }>().message, /larger than 2 MB/);
      const forged = await c.upload('/admin/blogs/www/uploads', 'x.png', big.subarray(0, 10), 'image/png');
      assert.equal(forged.statusCode, 400);
      c.csrf = 'forged';
      assert.equal((await c.upload('/admin/blogs/www/uploads', 'x.png', big.subarray(0, 10), 'image/png')).statusCode, 403);
      assert.equal((await c.get('/uploads/1/2/3.jpg')).statusCode, 404);
      assert.equal((await c.get('/uploads/../../etc/passwd')).statusCode, 404);
    });

    test('autosave creates a draft, then keeps it current without touching its status; preview shows it in the theme', async () => {
      const c = await new Client(t.app).signInAs(t.services, author);
      await c.get('/admin/blogs/www/posts/new');
      const first = await c.post('/admin/blogs/www/posts/autosave', { title: 'Half written', body: '<p>Once upon</p>' });
      assert.equal(first.statusCode, 201);
      const { id, autosaveUrl } = first.json<{ id: string; autosaveUrl: string }>();
      const again = await c.post(autosaveUrl, { title: 'Half written', body: '<p>Once upon a time<script>x()</script></p>' });
      assert.equal(again.statusCode, 200);
      const saved = (await t.services.repositories.posts.findById(blog.id, id))!;
      assert.equal(saved.status, 'draft');
      assert.equal(saved.body_html, '<p>Once upon a time</p>');
      const preview = await c.get(`/admin/blogs/www/posts/${id}/preview`);
      assert.equal(preview.statusCode, 200);
      assert.match(preview.body, /<h1[^>]*>Half written<\/h1>/);
      assert.match(preview.body, /Once upon a time/);
      assert.equal(preview.headers['x-robots-tag'], 'noindex');
      await c.get(`/admin/blogs/www/posts/${id}`);
      await c.post(`/admin/blogs/www/posts/${id}`, { title: 'Half written', body: '<p>Done</p>', action: 'publish' });
      const refused = await c.post(autosaveUrl, { title: 'changed live', body: '<p>x</p>' });
      assert.equal(refused.statusCode, 409);
      assert.equal((await t.services.repositories.posts.findById(blog.id, id))!.title, 'Half written');
    });
  });
}
