/**
 * The dashboard import's choices (issue 18, item 9 and `--update`), over HTTP on SQLite and PostgreSQL:
 * "keep this blog's settings" or "take them from the file" — keep by default once the blog has posts,
 * so a second upload no longer renames the blog — and "update the posts and comments already here".
 * A choice that is not one of the form's is refused with nothing kept.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { UserRow } from '../../src/storage/schema.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { Client } from '../helpers/browser-client.js';
import { testDatabases } from '../helpers/databases.js';
import { makeBlog } from '../helpers/factories.js';
import { STATUS_BLOGGER_2018 } from '../helpers/import-fixtures.js';

const xmlFile = (name: string, text: string) => ({ field: 'file', name, bytes: Buffer.from(text), type: 'text/xml' });
/** The same blog's backup, later: another title, a post edited. */
const RENAMED = STATUS_BLOGGER_2018.replace('<title>Modern blog</title>', '<title>Renamed by the file</title>').replace(
  '<title>Spring notes</title>',
  '<title>Spring notes, revised</title>',
);
const checked = (html: string) =>
  [...html.matchAll(/<input type="radio" id="(settings-\w+)" name="settings" value="\w+" checked>/g)].map((m) => m[1]);

for (const database of testDatabases) {
  describe(`the dashboard import's choices on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    let owner: UserRow;
    before(async () => {
      t = await startTestApp(database);
      owner = await t.services.users.createUser({ email: 'owner@example.com' });
    });
    after(() => t.close());

    const titleOf = async (blogId: string) => (await t.services.repositories.blogs.findById(blogId))!.title;
    const upload = async (client: Client, blogName: string, fields: Record<string, string>, text: string) => {
      const res = await client.multipart(`/admin/blogs/${blogName}/import`, fields, xmlFile('blog.xml', text));
      assert.equal(res.statusCode, 303, res.body.slice(0, 300));
      await t.services.importJobs.settled();
      return client.get(String(res.headers.location));
    };

    test('an empty blog takes the file’s settings by default; once it has posts, it keeps its own', async () => {
      const blog = await makeBlog(t.services, { name: 'keeping', title: 'My own title' });
      await t.services.users.addMember(blog.id, owner.id, 'owner');
      const client = await new Client(t.app).signInAs(t.services, owner);

      const empty = await client.get('/admin/blogs/keeping/import');
      assert.deepEqual(checked(empty.body), ['settings-file']);
      assert.match(empty.body, /<legend>The blog’s title, description and settings<\/legend>/);
      // The form as a browser sends it: the radio button chosen by default.
      await upload(client, 'keeping', { settings: 'file' }, STATUS_BLOGGER_2018);
      assert.equal(await titleOf(blog.id), 'Modern blog');

      await t.services.blogs.updateSettings(blog.id, { title: 'My own title' });
      const written = await client.get('/admin/blogs/keeping/import');
      assert.deepEqual(checked(written.body), ['settings-keep'], 'a blog with posts keeps its settings by default');
      const kept = await upload(client, 'keeping', { settings: 'keep' }, RENAMED);
      assert.equal(await titleOf(blog.id), 'My own title');
      assert.match(kept.body, /The blog kept its own settings\./);
      // A form without the choice (an older page, a script) gets the same default.
      await upload(client, 'keeping', {}, RENAMED);
      assert.equal(await titleOf(blog.id), 'My own title');

      await upload(client, 'keeping', { settings: 'file' }, RENAMED);
      assert.equal(await titleOf(blog.id), 'Renamed by the file', 'taking the settings is still a choice');
    });

    test('"update what is already here" brings changed entries up to date and says how many', async () => {
      const blog = await makeBlog(t.services, { name: 'refreshing', title: 'Refreshing' });
      await t.services.users.addMember(blog.id, owner.id, 'owner');
      const client = await new Client(t.app).signInAs(t.services, owner);
      await client.get('/admin/blogs/refreshing/import');
      await upload(client, 'refreshing', {}, STATUS_BLOGGER_2018);
      const posts = await t.storage.db.selectFrom('posts').select('title').where('blog_id', '=', blog.id).execute();

      const plain = await upload(client, 'refreshing', {}, RENAMED);
      assert.doesNotMatch(plain.body, /id="report-updated"/);
      const report = await upload(client, 'refreshing', { update: '1' }, RENAMED);
      assert.match(report.body, /Entries already here are updated from the file\./);
      assert.match(report.body, /<p id="report-updated">Updated from the file: <bdi>1<\/bdi> post|Updated from the file: 1 post/);
      const after = await t.storage.db.selectFrom('posts').select('title').where('blog_id', '=', blog.id).execute();
      assert.equal(after.length, posts.length, 'nothing added twice');
      assert.ok(after.some((p) => p.title === 'Spring notes, revised'));
      assert.equal(await titleOf(blog.id), 'Modern blog', 'the first upload into the empty blog named it; the later ones kept that');
    });

    test('a choice the form does not offer is refused, and nothing is kept', async () => {
      const blog = await makeBlog(t.services, { name: 'choosy', title: 'Choosy' });
      await t.services.users.addMember(blog.id, owner.id, 'owner');
      const client = await new Client(t.app).signInAs(t.services, owner);
      await client.get('/admin/blogs/choosy/import');
      const res = await client.multipart('/admin/blogs/choosy/import', { settings: 'both' }, xmlFile('blog.xml', STATUS_BLOGGER_2018));
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /Please choose whether to keep the blog’s settings or take them from the file\./);
      assert.equal((await t.storage.db.selectFrom('import_jobs').select('id').where('blog_id', '=', blog.id).execute()).length, 0);
      assert.deepEqual(readdirSync(t.services.importsDir), []);
    });
  });
}
