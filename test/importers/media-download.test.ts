/**
 * Downloading an imported blog's images (opt-in), on SQLite and PostgreSQL, from a local image server
 * (the machine has no internet; 127.0.0.1 is allowed by an explicit option): a good image is stored as
 * an upload and the post points at it; a 404, a file too large, a text file posing as an image, a
 * redirect to ftp and a private address are reported and keep their old address; a second run fetches
 * nothing again; and the dashboard's checkbox does the same in the background.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { MediaFetchLimits } from '../../src/importers/media/fetch-image.js';
import { bufferSource } from '../../src/importers/source.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { Client } from '../helpers/browser-client.js';
import { testDatabases } from '../helpers/databases.js';
import { makeBlog } from '../helpers/factories.js';
import { IMAGE_PATHS, startImageServer, type ImageServer } from '../helpers/image-server.js';

const LIMITS: MediaFetchLimits = { timeoutMs: 3000, maxBytes: 200 * 1024, maxRedirects: 3, allowAddresses: ['127.0.0.1'] };

/** A WordPress export of one post showing the server's images (and one elsewhere, not the blog's). */
function wxrWithImages(origin: string): string {
  const img = (path: string) => `<img src="${origin}${path}" alt="">`;
  const body = [
    `<a href="${origin}${IMAGE_PATHS.photo}">${img(IMAGE_PATHS.photo)}</a>`,
    img(IMAGE_PATHS.missing),
    img(IMAGE_PATHS.huge),
    img(IMAGE_PATHS.fake),
    img(IMAGE_PATHS.toFtp),
    '<img src="http://10.20.30.40/wp-content/uploads/2020/01/intranet.png" alt="">',
    `<img src="${origin}/static/not-the-blogs.png" alt="">`,
  ].join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Pictures</title><link>${origin}/</link><wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>${origin}/</wp:base_site_url>
<item><title>With pictures</title><link>${origin}/2020/01/with-pictures/</link><dc:creator>ann</dc:creator>
<content:encoded><![CDATA[${body}]]></content:encoded><wp:post_id>7</wp:post_id>
<wp:post_date_gmt>2020-01-05 10:00:00</wp:post_date_gmt><wp:post_name>with-pictures</wp:post_name>
<wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>
</channel></rss>`;
}

let images: ImageServer;
before(async () => {
  images = await startImageServer();
});
after(() => images.close());

for (const database of testDatabases) {
  describe(`downloading imported images on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(database, { mediaLimits: LIMITS });
    });
    after(() => t.close());

    const bodyOf = async (blogId: string) =>
      (await t.storage.db.selectFrom('posts').select('body_html').where('blog_id', '=', blogId).executeTakeFirstOrThrow()).body_html;

    test('good images are stored and the post points at them; failures are reported and left as they were', async () => {
      const blog = await makeBlog(t.services);
      const wxr = wxrWithImages(images.origin);
      const report = await t.services.importer.import(bufferSource('pictures.xml', wxr), { blogId: blog.id });
      const original = await bodyOf(blog.id);
      // The same import again, now with --media: the posts are there already, their images are brought home.
      const media = (await t.services.importer.import(bufferSource('pictures.xml', wxr), { blogId: blog.id, media: true })).mediaDownload!;
      assert.equal(report.added.posts, 1);
      assert.equal(media.found, 6, 'the six hosted images, not the one from elsewhere');
      assert.equal(media.stored, 1);
      assert.equal(media.alreadyStored, 0);
      assert.equal(media.postsChanged, 1);
      const reasons = Object.fromEntries(media.failed.map((f) => [f.url.replace(images.origin, ''), f.reason]));
      assert.deepEqual(reasons, {
        [IMAGE_PATHS.missing]: 'the server answered 404',
        [IMAGE_PATHS.huge]: 'larger than 200 KB',
        [IMAGE_PATHS.fake]: 'not an image Dastan can use (JPEG, PNG, WebP, GIF or AVIF)',
        [IMAGE_PATHS.toFtp]: 'refused: ftp: is not http or https',
        'http://10.20.30.40/wp-content/uploads/2020/01/intranet.png': 'refused: 10.20.30.40 is a private or local address',
      });

      const body = await bodyOf(blog.id);
      const local = /<a href="(\/uploads\/\d+\/\d+\/64\.png)"><img src="(\/uploads\/\d+\/\d+\/64\.png)"/.exec(body);
      assert.ok(local, body);
      assert.equal(local[1], local[2], 'the link and the image are the same download');
      assert.match(body, /srcset="\/uploads\/\d+\/\d+\/64\.webp 64w"/, 'the local copy gets its srcset');
      for (const path of [IMAGE_PATHS.missing, IMAGE_PATHS.huge, IMAGE_PATHS.fake, IMAGE_PATHS.toFtp, '/static/not-the-blogs.png'])
        assert.ok(body.includes(`src="${images.origin}${path}"`), `${path} keeps its address`);
      assert.equal(images.hits.get('/static/not-the-blogs.png'), undefined, 'an image not hosted by the old blog is not fetched');

      const served = await t.get(blog.name, local[1]!);
      assert.equal(served.statusCode, 200);
      assert.equal(served.headers['content-type'], 'image/png');
      const page = await t.get(blog.name, '/2020/01/with-pictures.html');
      assert.equal(page.statusCode, 200);
      assert.ok(page.body.includes(`src="${local[1]}"`), 'readers see the local copy');

      // Again: the post already shows the copy; only the failures are tried again.
      const photoHits = images.hits.get(IMAGE_PATHS.photo);
      const again = await t.services.importer.import(bufferSource('pictures.xml', wxr), { blogId: blog.id, media: true });
      assert.equal(again.added.posts, 0);
      assert.deepEqual([again.mediaDownload!.found, again.mediaDownload!.stored, again.mediaDownload!.postsChanged], [5, 0, 0]);
      assert.equal(images.hits.get(IMAGE_PATHS.photo), photoHits);
      assert.equal(await bodyOf(blog.id), body);

      // An import stopped after storing the image but before rewriting the post: the stored copy is used, not fetched again.
      const post = await t.storage.db.selectFrom('posts').select('id').where('blog_id', '=', blog.id).executeTakeFirstOrThrow();
      await t.services.repositories.posts.update(blog.id, post.id, { body_html: original });
      const resumed = await t.services.importer.import(bufferSource('pictures.xml', wxr), { blogId: blog.id, media: true });
      assert.deepEqual(
        [resumed.mediaDownload!.alreadyStored, resumed.mediaDownload!.stored, resumed.mediaDownload!.postsChanged],
        [1, 0, 1],
      );
      assert.equal(images.hits.get(IMAGE_PATHS.photo), photoHits);
      assert.equal(await bodyOf(blog.id), body);
    });

    test('without the explicit allowance the local server is refused, and nothing changes', async () => {
      const blog = await makeBlog(t.services);
      const photoHits = images.hits.get(IMAGE_PATHS.photo) ?? 0;
      const report = await t.services.importer.import(bufferSource('pictures.xml', wxrWithImages(images.origin)), {
        blogId: blog.id,
        media: true,
        mediaLimits: { allowAddresses: [] },
      });
      assert.equal(report.mediaDownload!.stored, 0);
      assert.equal(report.mediaDownload!.failed.length, 6);
      assert.ok(report.mediaDownload!.failed.every((f) => /^refused: .* is a private or local address$/.test(f.reason)));
      assert.equal(images.hits.get(IMAGE_PATHS.photo) ?? 0, photoHits);
      assert.doesNotMatch(await bodyOf(blog.id), /="\/uploads\//);
    });

    test('without --media no image is fetched', async () => {
      const blog = await makeBlog(t.services);
      const before = [...images.hits.values()].reduce((a, b) => a + b, 0);
      const report = await t.services.importer.import(bufferSource('pictures.xml', wxrWithImages(images.origin)), { blogId: blog.id });
      assert.equal(report.mediaDownload, undefined);
      assert.equal(
        [...images.hits.values()].reduce((a, b) => a + b, 0),
        before,
      );
    });

    test("the dashboard's checkbox downloads the images in the background and reports them", async () => {
      const blog = await makeBlog(t.services, { name: 'pictures' });
      const owner = await t.services.users.createUser({ email: `pictures-${database.name}@example.com` });
      await t.services.users.addMember(blog.id, owner.id, 'owner');
      const client = await new Client(t.app).signInAs(t.services, owner);
      await client.get('/admin/blogs/pictures/import');
      const res = await client.multipart(
        '/admin/blogs/pictures/import',
        { media: '1' },
        { field: 'file', name: 'pictures.xml', bytes: Buffer.from(wxrWithImages(images.origin)), type: 'text/xml' },
      );
      assert.equal(res.statusCode, 303, res.body.slice(0, 300));
      await t.services.importJobs.settled();
      const page = await client.get(String(res.headers.location));
      assert.match(page.body, /with its images/);
      assert.match(page.body, /Images in the posts: 6\. Downloaded: 1; already here: 0\. Posts that now show the local copies: 1\./);
      assert.match(page.body, /gone\.png<\/code>: the server answered 404/);
      assert.match(await bodyOf(blog.id), /<img src="\/uploads\//);
    });
  });
}
