/**
 * `--update` (issue 18, item 1): importing a newer export of the same blog brings the posts and
 * comments the blog already holds up to date — by their source IDs, or the Dastan IDs its own exports
 * carry — adds the new ones, never duplicates, and says how many were updated and how many unchanged.
 * Without it, what is there is left as it is. Blogger, WordPress and Dastan JSON, on both databases.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testDatabases } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { makeBlog, makePost } from '../helpers/factories.js';
import { STATUS_BLOGGER_2018 } from '../helpers/import-fixtures.js';
import { assertLeadsTo, exportOf } from '../helpers/imports.js';
import { bufferSource } from '../../src/importers/source.js';

/** The Blogger file as it is a month later: a post and a comment edited, a post and a comment added. */
const NEWER_BLOGGER = STATUS_BLOGGER_2018.replace('<title>Spring notes</title>', '<title>Spring notes, revised</title>')
  .replace('&lt;p&gt;Spring &amp;amp; rain.&lt;/p&gt;', '&lt;p&gt;Spring, rain &amp;amp; wind.&lt;/p&gt;')
  .replace("term='Seasons'/>", "term='Seasons'/><category scheme='tag:blogger.com,1999:blog-555' term='Weather'/>")
  .replace('&lt;b&gt;Bold&lt;/b&gt; first comment.', '&lt;b&gt;Bold&lt;/b&gt; first comment, edited.')
  .replace(
    '</feed>',
    `  <entry>
    <id>tag:blogger.com,1999:blog-555.post-1005</id>
    <blogger:type>POST</blogger:type><blogger:status>LIVE</blogger:status>
    <author><name>Owner</name></author>
    <title>Autumn notes</title>
    <content type='html'>Leaves.</content>
    <published>2020-10-01T09:00:00Z</published>
    <blogger:filename>/2020/10/autumn-notes.html</blogger:filename>
  </entry>
  <entry>
    <id>tag:blogger.com,1999:blog-555.post-9005</id>
    <blogger:parent>tag:blogger.com,1999:blog-555.post-1001</blogger:parent>
    <blogger:type>COMMENT</blogger:type><blogger:status>LIVE</blogger:status>
    <author><name>Newcomer</name></author>
    <content type='html'>Late to the party.</content>
    <published>2020-04-02T10:00:00Z</published>
  </entry>
</feed>`,
  );

for (const database of testDatabases) {
  describe(`--update on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(database);
    });
    after(() => t.close());

    const count = async (table: 'posts' | 'comments', blogId: string) =>
      (await t.storage.db.selectFrom(table).select('id').where('blog_id', '=', blogId).execute()).length;
    const titleOf = async (blogId: string, id: string) => (await t.services.repositories.posts.findById(blogId, id))!.title;

    test('a newer Blogger backup: changed entries updated by their IDs, new ones added, nothing twice', async () => {
      const blog = await makeBlog(t.services, { name: 'updating' });
      const first = await t.services.importer.import(bufferSource('blog.xml', STATUS_BLOGGER_2018), { blogId: blog.id });
      const posts = await count('posts', blog.id);
      const comments = await count('comments', blog.id);
      assert.equal(first.updated, undefined, 'no update counts without --update');

      // Without --update, the newer file only adds what is new.
      const plain = await t.services.importer.import(bufferSource('newer.xml', NEWER_BLOGGER), { blogId: blog.id, dryRun: false });
      assert.deepEqual([plain.added.posts, plain.added.comments], [1, 1]);
      assert.equal(await titleOf(blog.id, '1001'), 'Spring notes', 'left as it was');

      const report = await t.services.importer.import(bufferSource('newer.xml', NEWER_BLOGGER), { blogId: blog.id, update: true });
      assert.deepEqual(report.updated, { posts: 1, pages: 0, comments: 1, unchanged: report.alreadyImported - 2 }, JSON.stringify(report));
      assert.deepEqual([report.added.posts, report.added.pages, report.added.drafts, report.added.comments], [0, 0, 0, 0]);
      assert.equal(await count('posts', blog.id), posts + 1);
      assert.equal(await count('comments', blog.id), comments + 1);

      const post = (await t.services.repositories.posts.findById(blog.id, '1001'))!;
      assert.equal(post.title, 'Spring notes, revised');
      assert.match(post.body_html, /Spring, rain &amp; wind\./);
      assert.deepEqual((await t.services.repositories.posts.labelsOf([post.id])).get(post.id)?.sort(), ['Seasons', 'Weather']);
      await assertLeadsTo(t, blog.name, '/2020/02/spring-notes.html', 'Spring notes, revised');
      const edited = await t.storage.db
        .selectFrom('comments')
        .select('body_html')
        .where('blog_id', '=', blog.id)
        .where('id', '=', '9001')
        .executeTakeFirst();
      assert.match(edited!.body_html, /first comment, edited\./);

      const again = await t.services.importer.import(bufferSource('newer.xml', NEWER_BLOGGER), { blogId: blog.id, update: true });
      assert.deepEqual(
        again.updated,
        { posts: 0, pages: 0, comments: 0, unchanged: again.alreadyImported },
        'a second run changes nothing',
      );
      assert.equal(await count('posts', blog.id), posts + 1);
    });

    for (const format of ['wxr', 'json', 'blogger'] as const) {
      test(`a blog's own ${format} export, edited elsewhere, updates it by its Dastan IDs`, async () => {
        const blog = await makeBlog(t.services, { name: `own${format}` });
        const kept = await makePost(t.services, blog, { title: 'Kept as it is', body: '<p>Same.</p>' });
        const edited = await makePost(t.services, blog, { title: 'Changing', body: '<p>Before the trip.</p>', labels: ['trip'] });
        await t.services.comments.addComment({ blogId: blog.id, postId: edited.id, authorName: 'Reader', body: 'Nice.', status: 'live' });
        const file = (await exportOf(t.services, blog.id, format)).toString('utf8');
        assert.ok(file.includes('Before the trip.'), 'the export carries the body');
        const newer = file.replaceAll('Before the trip.', 'After the trip.').replaceAll('Nice.', 'Nice, really.');

        const report = await t.services.importer.import(bufferSource(`newer.${format}`, newer), { blogId: blog.id, update: true });
        assert.deepEqual([report.added.posts, report.added.comments], [0, 0], JSON.stringify(report));
        assert.deepEqual(report.updated, { posts: 1, pages: 0, comments: 1, unchanged: 1 }, JSON.stringify(report));
        assert.equal(await count('posts', blog.id), 2);
        assert.match((await t.services.repositories.posts.findById(blog.id, edited.id))!.body_html, /After the trip\./);
        assert.equal((await t.services.repositories.posts.findById(blog.id, kept.id))!.body_html, '<p>Same.</p>');
        const comment = await t.storage.db.selectFrom('comments').select('body_html').where('post_id', '=', edited.id).executeTakeFirst();
        assert.match(comment!.body_html, /Nice, really\./);
      });
    }

    test('the content rules hold for an update: a hostile body is sanitized as the editor would', async () => {
      const blog = await makeBlog(t.services, { name: 'hostileupdate' });
      await t.services.importer.import(bufferSource('blog.xml', STATUS_BLOGGER_2018), { blogId: blog.id });
      const hostile = STATUS_BLOGGER_2018.replace(
        '&lt;p&gt;Spring &amp;amp; rain.&lt;/p&gt;',
        '&lt;p onclick="alert(1)"&gt;Spring&lt;script&gt;alert(2)&lt;/script&gt;&lt;img src=x onerror=alert(3)&gt;&lt;/p&gt;',
      );
      const report = await t.services.importer.import(bufferSource('hostile.xml', hostile), { blogId: blog.id, update: true });
      assert.equal(report.updated?.posts, 1);
      const row = await t.storage.db
        .selectFrom('posts')
        .select('body_html')
        .where('blog_id', '=', blog.id)
        .where('title', '=', 'Spring notes')
        .executeTakeFirst();
      const body = row!.body_html;
      assert.doesNotMatch(body, /onclick|<script|onerror|alert\(2\)/i);
      assert.match(body, /Spring/);
    });
  });
}
