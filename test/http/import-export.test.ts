/**
 * Import and export in the dashboard, over HTTP on SQLite and PostgreSQL: an export uploaded, imported
 * in the background, its report shown; a running job's page reloading itself; the blog downloaded in
 * each format and imported again; and every refusal — not an export, too large, a broken file, no
 * form token, an import already running, the wrong blog, a role without the right — changing nothing.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { bufferSource } from '../../src/importers/source.js';
import type { BlogRow, UserRow } from '../../src/storage/schema.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { Client } from '../helpers/browser-client.js';
import { testDatabases } from '../helpers/databases.js';
import { makeBlog } from '../helpers/factories.js';
import { assertLeadsTo, testdata } from '../helpers/imports.js';

const SMALL_WXR = readFileSync(testdata('wxr/wordpress-importer-small-export.xml'));
const GHOST_2 = readFileSync(testdata('ghost/ghost-2.x-default_export.json'));
const MALFORMED = readFileSync(testdata('wxr/wordpress-importer-malformed.xml'));
const BLOGGER = readFileSync(testdata('blogger/google-blog-converters-blogger-sample2.xml'));
const MAX_BYTES = 100 * 1024;

const xmlFile = (name: string, bytes: Buffer) => ({ field: 'file', name, bytes, type: 'text/xml' });

for (const database of testDatabases) {
  describe(`dashboard import and export on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    let www: BlogRow;
    let elsewhere: BlogRow;
    let owner: UserRow;
    let author: UserRow;
    let otherOwner: UserRow;

    before(async () => {
      t = await startTestApp(database, { importMaxBytes: MAX_BYTES });
      www = await makeBlog(t.services, { name: 'www' });
      elsewhere = await makeBlog(t.services, { name: 'elsewhere' });
      owner = await t.services.users.createUser({ email: 'owner@example.com' });
      author = await t.services.users.createUser({ email: 'author@example.com' });
      otherOwner = await t.services.users.createUser({ email: 'other@example.com' });
      await t.services.users.addMember(www.id, owner.id, 'owner');
      await t.services.users.addMember(www.id, author.id, 'author');
      await t.services.users.addMember(elsewhere.id, otherOwner.id, 'owner');
    });
    after(() => t.close());

    const jobCount = async () => (await t.storage.db.selectFrom('import_jobs').select('id').execute()).length;
    const postCount = async (blogId: string) =>
      (await t.storage.db.selectFrom('posts').select('id').where('blog_id', '=', blogId).execute()).length;
    const waitingUploads = () => {
      try {
        return readdirSync(t.services.importsDir).length;
      } catch {
        return 0;
      }
    };

    test('upload → background import → report, then every old address works', async () => {
      const client = await new Client(t.app).signInAs(t.services, owner);
      const page = await client.get('/admin/blogs/www/import');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /enctype="multipart\/form-data"/);
      assert.match(page.body, /href="\/admin\/blogs\/www\/import"[^>]*>Import and export</);

      const res = await client.multipart('/admin/blogs/www/import', {}, xmlFile('small.xml', SMALL_WXR));
      assert.equal(res.statusCode, 303, res.body.slice(0, 300));
      const jobUrl = String(res.headers.location);
      assert.match(jobUrl, /^\/admin\/blogs\/www\/import\/\d+$/);
      await t.services.importJobs.settled();

      const report = await client.get(jobUrl);
      assert.equal(report.statusCode, 200);
      assert.doesNotMatch(report.body, /http-equiv="refresh"/, 'a finished job no longer reloads');
      assert.match(report.body, /<h1>Import report<\/h1>/);
      assert.match(report.body, /WordPress export \(WXR\)/);
      // Each figure cell names itself on a phone ("In the file", "Added"), where the table's head is hidden.
      const counts = report.body.replace(/<span class="cell-name">[^<]*<\/span>/g, '');
      assert.match(counts, /<th scope="row">Posts<\/th><td class="num">6<\/td><td class="num">6<\/td>/);
      assert.match(counts, /<th scope="row">Pages<\/th><td class="num">5<\/td><td class="num">5<\/td>/);
      assert.match(counts, /<th scope="row">Comments<\/th><td class="num">1<\/td><td class="num">1<\/td>/);
      assert.match(report.body, /<h2>Redirects \(119\)<\/h2>/);
      assert.match(report.body, /<code>\/\?p=1<\/code> →/);
      assert.match(report.body, /<h2>Warnings<\/h2>/);
      assert.equal(await postCount(www.id), 11);
      await assertLeadsTo(t, 'www', '/?p=1', 'Hello world!');
      assert.equal(waitingUploads(), 0, 'the uploaded file is removed once imported');

      // The same file again adds nothing, and says so.
      const again = await client.multipart('/admin/blogs/www/import', {}, xmlFile('small.xml', SMALL_WXR));
      assert.equal(again.statusCode, 303);
      await t.services.importJobs.settled();
      const second = await client.get(String(again.headers.location));
      assert.match(second.body, /12 entries were already here from an earlier import/);
      assert.equal(await postCount(www.id), 11);
      const list = await client.get('/admin/blogs/www/import');
      assert.equal([...list.body.matchAll(/small\.xml<\/bdi><\/a>, started <bdi>[^<]+<\/bdi>: finished/g)].length, 2);
    });

    test('a running job (perhaps in another process) shows its progress and reloads itself', async () => {
      const blog = await makeBlog(t.services, { name: 'progress' });
      await t.services.users.addMember(blog.id, owner.id, 'owner');
      await t.services.repositories.importJobs.insertRunning({
        id: '9000000001',
        blogId: blog.id,
        userId: owner.id,
        fileName: 'big.xml',
        media: true,
        now: t.clock.now(),
      });
      await t.services.repositories.importJobs.progress('9000000001', 'writing', 2500, 10000, t.clock.now());
      const client = await new Client(t.app).signInAs(t.services, owner);
      const page = await client.get('/admin/blogs/progress/import/9000000001');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<meta http-equiv="refresh" content="2">/);
      assert.match(page.body, /Importing entries: 2,500 of 10,000 entries \(25%\)/);
      assert.match(page.body, /<progress max="10000" value="2500">/);

      // A second import into the same blog waits for the first.
      const clash = await client.multipart('/admin/blogs/progress/import', {}, xmlFile('small.xml', SMALL_WXR));
      assert.equal(clash.statusCode, 409);
      assert.match(clash.body, /already running/);
      assert.equal(await postCount(blog.id), 0);
      assert.equal(waitingUploads(), 0);
    });

    test('export: each format downloads as a file, and imports back into an empty blog', async () => {
      const client = await new Client(t.app).signInAs(t.services, owner);
      await client.get('/admin/blogs/www/import');
      const expected: Record<string, RegExp> = {
        blogger: /schemas\.google\.com\/blogger\/2018/,
        wxr: /<wp:wxr_version>1\.2<\/wp:wxr_version>/,
        json: /"format": ?"dastan-export"/,
      };
      for (const format of ['blogger', 'wxr', 'json']) {
        const res = await client.post('/admin/blogs/www/export', { format });
        assert.equal(res.statusCode, 200, `${format}: ${res.body.slice(0, 200)}`);
        const extension = format === 'json' ? 'json' : 'xml';
        assert.match(
          String(res.headers['content-disposition']),
          new RegExp(`^attachment; filename="www-${format}-\\d{4}-\\d\\d-\\d\\d\\.${extension}"$`),
        );
        assert.equal(res.headers['cache-control'], 'no-store');
        assert.match(res.body, expected[format]!);
        const copy = await makeBlog(t.services, { name: `copy-${format}` });
        const report = await t.services.importer.import(bufferSource(`www.${extension}`, res.rawPayload), { blogId: copy.id });
        assert.equal(report.added.posts, 6, format);
        assert.equal(report.added.pages, 5, format);
        assert.equal(report.added.comments, 1, format);
      }
      const bad = await client.post('/admin/blogs/www/export', { format: 'rss' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /Please choose a format/);
      const noToken = await client.post('/admin/blogs/www/export', { format: 'json' }, { csrf: null });
      assert.equal(noToken.statusCode, 403);
    });

    test('refused: not an export, too large, a broken file, no form token — and nothing changes', async () => {
      const blog = await makeBlog(t.services, { name: 'refusals' });
      await t.services.users.addMember(blog.id, owner.id, 'owner');
      const client = await new Client(t.app).signInAs(t.services, owner);
      await client.get('/admin/blogs/refusals/import');
      const jobsBefore = await jobCount();

      const text = await client.multipart(
        '/admin/blogs/refusals/import',
        {},
        { field: 'file', name: 'notes.txt', bytes: Buffer.from('Dear diary,\n'), type: 'text/plain' },
      );
      assert.equal(text.statusCode, 422);
      assert.match(text.body, /not a Blogger, WordPress or Ghost export/);
      assert.match(text.body, /enctype="multipart\/form-data"/, 'the form is shown again');

      const large = await client.multipart(
        '/admin/blogs/refusals/import',
        {},
        { field: 'file', name: 'ghost.json', bytes: GHOST_2, type: 'application/json' },
      );
      assert.equal(large.statusCode, 413);
      assert.match(large.body, /larger than 100 KB, the largest import/);

      const empty = await client.multipart('/admin/blogs/refusals/import', {}, xmlFile('empty.xml', Buffer.alloc(0)));
      assert.equal(empty.statusCode, 400);
      assert.match(empty.body, /empty/);

      const forged = await client.multipart('/admin/blogs/refusals/import', {}, xmlFile('blogger.xml', BLOGGER), { csrf: 'forged' });
      assert.equal(forged.statusCode, 403);
      const tokenless = await client.multipart('/admin/blogs/refusals/import', {}, xmlFile('blogger.xml', BLOGGER), { csrf: null });
      assert.equal(tokenless.statusCode, 403);
      const urlencoded = await client.post('/admin/blogs/refusals/import', { file: 'x' });
      assert.equal(urlencoded.statusCode, 400);

      assert.equal(await jobCount(), jobsBefore);
      assert.equal(await postCount(blog.id), 0);
      assert.equal(waitingUploads(), 0, 'no refused upload is kept');

      // A file that looks like WXR but is broken: the job fails with the line and the reason, nothing is imported.
      const broken = await client.multipart('/admin/blogs/refusals/import', {}, xmlFile('malformed.xml', MALFORMED));
      assert.equal(broken.statusCode, 303);
      await t.services.importJobs.settled();
      const failed = await client.get(String(broken.headers.location));
      assert.match(failed.body, /<h1>Import failed<\/h1>/);
      assert.match(failed.body, /The file cannot be imported: line \d+/);
      assert.match(failed.body, /nothing was imported/);
      assert.equal(await postCount(blog.id), 0);
    });

    test('another blog gets nothing: its import, jobs and export answer 404; an author is refused', async () => {
      const theirs = await makeBlog(t.services, { name: 'theirs' });
      await t.services.users.addMember(theirs.id, otherOwner.id, 'owner');
      const mine = await new Client(t.app).signInAs(t.services, owner);
      const job = (await t.services.repositories.importJobs.listRecent(www.id, 1))[0]!;

      const stranger = await new Client(t.app).signInAs(t.services, otherOwner);
      await stranger.get('/admin/blogs/theirs/import');
      assert.equal((await stranger.get('/admin/blogs/www/import')).statusCode, 404);
      assert.equal((await stranger.get(`/admin/blogs/www/import/${job.id}`)).statusCode, 404);
      assert.equal((await stranger.get(`/admin/blogs/theirs/import/${job.id}`)).statusCode, 404, 'a job is found only under its own blog');
      assert.equal((await stranger.post('/admin/blogs/www/export', { format: 'json' })).statusCode, 404);
      const before = await postCount(www.id);
      assert.equal((await stranger.multipart('/admin/blogs/www/import', {}, xmlFile('blogger.xml', BLOGGER))).statusCode, 404);
      assert.equal(await postCount(www.id), before);
      assert.equal((await mine.get(`/admin/blogs/theirs/import`)).statusCode, 404);

      const writer = await new Client(t.app).signInAs(t.services, author);
      assert.equal((await writer.get('/admin/blogs/www/import')).statusCode, 403);
      assert.equal((await writer.post('/admin/blogs/www/export', { format: 'json' })).statusCode, 403);
      const posts = await writer.get('/admin/blogs/www/posts');
      assert.doesNotMatch(posts.body, /Import and export/, 'an author is not offered the page');
      void elsewhere;
    });
  });
}
