/**
 * What the real files do not show: comments keep their threads and status (published, pending, spam)
 * whatever order the file lists them in; scheduled posts wait; authors who are members are linked;
 * redirects follow the post and only lead to live posts; an interrupted import is simply run again.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { testDatabases } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { assertLeadsTo, assertMoved } from '../helpers/imports.js';
import { STATUS_BLOGGER_2018, STATUS_WXR } from '../helpers/import-fixtures.js';
import { bufferSource } from '../../src/importers/source.js';
import { generateBloggerExport } from '../../bench/generate-blogger-export.js';
import type { BlogRow, CommentRow } from '../../src/storage/schema.js';

for (const database of testDatabases) {
  describe(`threads, status and redirects on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(database);
    });
    after(() => t.close());

    const commentsOf = async (blog: BlogRow): Promise<Map<string, CommentRow>> => {
      const rows = await t.storage.db.selectFrom('comments').selectAll().where('blog_id', '=', blog.id).execute();
      return new Map(rows.map((c) => [c.author_name, c]));
    };

    test('WordPress: approval status, threads (a reply listed before its parent), scheduled posts, members', async () => {
      const blog = await t.services.blogs.createBlog({ name: 'wpstatus', title: 'Mine' });
      const ana = await t.services.users.createUser({ email: 'ana@example.com', displayName: 'Ana' });
      await t.services.users.addMember(blog.id, ana.id, 'author');
      const report = await t.services.importer.import(bufferSource('status.xml', STATUS_WXR), { blogId: blog.id });

      assert.deepEqual(
        { posts: report.added.posts, pages: report.added.pages, scheduled: report.added.scheduled, comments: report.added.comments },
        { posts: 2, pages: 1, scheduled: 1, comments: 4 },
      );
      assert.deepEqual(
        { pending: report.added.pendingComments, spam: report.added.spamComments, members: report.added.members },
        { pending: 1, spam: 1, members: 1 },
      );
      assert.deepEqual(
        report.skipped.map((s) => [s.reason, s.count]),
        [["a comment in WordPress's trash", 1]],
      );

      const comments = await commentsOf(blog);
      assert.equal(comments.get('First reader')?.status, 'live');
      assert.equal(comments.get('First reader')?.author_url, 'https://first.example/');
      assert.equal(comments.get('Second reader')?.status, 'pending');
      assert.equal(comments.get('Second reader')?.parent_id, comments.get('First reader')?.id);
      assert.equal(comments.get('Late reply')?.parent_id, comments.get('Second reader')?.id, 'linked once its parent came in');
      assert.equal(comments.get('Spammer')?.status, 'spam');
      const learned = await t.services.repositories.spam.corpus(blog.id);
      assert.equal(learned.spam, 1, "the blog's spam classifier learned the imported spam comment");
      assert.ok(learned.ham >= 1, 'and the published ones as not spam');

      const post = (await t.services.repositories.posts.findLivePost(blog.id, 2019, 5, 'talk-of-the-town'))!;
      assert.equal(post.author_id, ana.id, 'the author is the member with that e-mail');
      assert.equal(post.author_name, 'Ana Lima');
      assert.equal(post.search_description, 'What the town says.');
      assert.match(post.body_html, /^<p>First line<br \/>\nsecond line<\/p>\n\n<p>A new paragraph &amp; more\.<\/p>$/);
      assert.deepEqual((await t.services.repositories.posts.labelsOf([post.id])).get(post.id), ['Town talk', 'Travel']);

      const page = await t.services.repositories.posts.findLivePage(blog.id, 'about');
      assert.equal(page?.comments_setting, 'closed-show');

      // Old addresses lead to the post; its comment feed to its comment feed.
      await assertLeadsTo(t, 'wpstatus', '/2019/05/talk-of-the-town/', 'Talk of the town');
      await assertLeadsTo(t, 'wpstatus', '/?p=10', 'Talk of the town');
      await assertMoved(t, 'wpstatus', '/2019/05/talk-of-the-town/feed/', `/feeds/${post.id}/comments/default`);
      await assertLeadsTo(t, 'wpstatus', '/about/', 'About us');
      await assertLeadsTo(t, 'wpstatus', '/?page_id=12', 'About us');

      // The scheduled post is not public yet: its old address leads nowhere until it is.
      assert.equal((await t.get('wpstatus', '/?p=11')).statusCode, 200, 'the home page, not the post');
      assert.equal((await t.get('wpstatus', '/?p=11')).headers.location, undefined);
      t.clock.ms = Date.parse('2027-01-16T00:00:00Z');
      assert.equal(await t.services.scheduler.publishDue(), 1);
      await assertMoved(t, 'wpstatus', '/?p=11', '/2027/01/coming-soon.html');
      t.clock.ms = Date.parse('2026-11-20T12:00:00Z');

      // A redirect follows the post when its permalink changes, and stops when it is no longer live.
      await t.services.repositories.posts.update(blog.id, post.id, { slug: 'town-talk' });
      await t.services.repositories.blogs.touch(blog.id, t.clock.now());
      await assertMoved(t, 'wpstatus', '/?p=10', '/2019/05/town-talk.html');
      await t.services.repositories.posts.update(blog.id, post.id, { status: 'draft' });
      await t.services.repositories.blogs.touch(blog.id, t.clock.now() + 1);
      assert.equal((await t.get('wpstatus', '/2019/05/talk-of-the-town/')).statusCode, 404);
    });

    test('Blogger 2018: comments before their post, replies before their parent, pending and spam, scheduled and draft', async () => {
      const blog = await t.services.blogs.createBlog({ name: 'b2018', title: 'Mine' });
      const report = await t.services.importer.import(bufferSource('takeout.atom', STATUS_BLOGGER_2018), { blogId: blog.id });
      assert.deepEqual(
        [report.added.posts, report.added.pages, report.added.drafts, report.added.scheduled, report.added.comments],
        [3, 1, 1, 1, 4],
      );
      assert.deepEqual(
        report.skipped.map((s) => s.reason),
        ['a deleted post'],
      );

      const comments = await commentsOf(blog);
      assert.equal(comments.get('Reader')?.status, 'live');
      assert.equal(comments.get('Reader')?.body_html, '<b>Bold</b> first comment.');
      assert.equal(comments.get('Replier')?.parent_id, comments.get('Reader')?.id);
      assert.equal(comments.get('Replier')?.author_url, 'https://replier.example/');
      assert.equal(comments.get('Waiting')?.status, 'pending');
      assert.equal(comments.get('Spam')?.status, 'spam');

      // The path comes from blogger:filename (February), not the publish date (March).
      const post = (await t.services.repositories.posts.findLivePost(blog.id, 2020, 2, 'spring-notes'))!;
      assert.equal(post.id, '1001');
      assert.equal(post.updated_at, Date.parse('2020-03-01T09:30:00.250Z'));
      assert.equal(post.search_description, 'Notes on spring.');
      const posts = await t.storage.db.selectFrom('posts').selectAll().where('blog_id', '=', blog.id).execute();
      const byTitle = new Map(posts.map((p) => [p.title, p]));
      assert.deepEqual(
        [byTitle.get('Summer plans')?.status, byTitle.get('Summer plans')?.path_year, byTitle.get('Summer plans')?.path_month],
        ['scheduled', 2027, 6],
      );
      assert.deepEqual([byTitle.get('Half written')?.status, byTitle.get('Half written')?.slug], ['draft', 'half-written-draft']);
      await assertLeadsTo(t, 'b2018', '/2020/02/spring-notes.html', 'Spring notes');
      await assertLeadsTo(t, 'b2018', '/p/contact-us.html', 'Contact');
      assert.equal((await t.get('b2018', '/2027/06/summer-plans.html')).statusCode, 404);
    });

    test('a classic Blogger backup keeps every reply in its thread', async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'dastan-threads-'));
      try {
        const file = path.join(dir, 'blog.xml');
        const generated = await generateBloggerExport({ posts: 40, comments: 150, out: file });
        const blog = await t.services.blogs.createBlog({ name: 'classic', title: 'Mine' });
        const report = await t.services.importer.importFile(file, { blogId: blog.id });
        assert.equal(report.added.comments, generated.comments);
        const replies = await t.storage.db
          .selectFrom('comments')
          .select('id')
          .where('blog_id', '=', blog.id)
          .where('parent_id', 'is not', null)
          .execute();
        assert.equal(replies.length, generated.replies);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    test('an import that stops halfway is simply run again: what is missing is added, nothing twice', async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'dastan-resume-'));
      try {
        const file = path.join(dir, 'blog.xml');
        const generated = await generateBloggerExport({ posts: 300, comments: 900, out: file });
        const bytes = readFileSync(file);
        // Opened to look at its first bytes (gzip? zip?), to recognise it, then read through whole (the
        // check), then the connection drops 70% of the way through the fourth read, while the entries are stored.
        let opened = 0;
        const flaky = {
          name: 'blog.xml',
          size: bytes.length,
          open: () =>
            ++opened < 4
              ? Readable.from([bytes])
              : Readable.from(
                  (async function* () {
                    yield bytes.subarray(0, Math.floor(bytes.length * 0.7));
                    throw new Error('connection reset');
                  })(),
                ),
        };
        const blog = await t.services.blogs.createBlog({ name: 'resume', title: 'Mine' });
        await assert.rejects(t.services.importer.import(flaky, { blogId: blog.id }), /connection reset/);
        const partial = await t.storage.db.selectFrom('comments').select('id').where('blog_id', '=', blog.id).execute();
        assert.ok(partial.length > 0 && partial.length < generated.comments, `${partial.length} comments stored before it stopped`);

        const report = await t.services.importer.importFile(file, { blogId: blog.id });
        assert.ok(report.alreadyImported > 0);
        const posts = await t.storage.db.selectFrom('posts').select('id').where('blog_id', '=', blog.id).execute();
        const comments = await t.storage.db.selectFrom('comments').select(['id', 'parent_id']).where('blog_id', '=', blog.id).execute();
        assert.equal(posts.length, generated.posts + generated.pages);
        assert.equal(comments.length, generated.comments);
        assert.equal(comments.filter((c) => c.parent_id !== null).length, generated.replies);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
