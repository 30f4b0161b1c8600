/**
 * Round trip: a blog built from real and made-up exports (drafts, scheduled posts, pages, labels,
 * threads, pending and spam comments, closed comments) is exported in each format and imported into
 * an empty blog; the two blogs are compared field by field. WXR keeps times to the second only.
 */
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { testDatabases } from '../helpers/databases.js';
import { servicesFor, TestClock } from '../helpers/factories.js';
import { testdata } from '../helpers/imports.js';
import { STATUS_BLOGGER_2018, STATUS_WXR } from '../helpers/import-fixtures.js';
import { EXPORT_FORMATS, type ExportFormat } from '../../src/exporters/export.service.js';
import { bufferSource } from '../../src/importers/source.js';
import type { Services } from '../../src/services.js';
import type { Storage } from '../../src/storage/database.js';
import type { BlogRow } from '../../src/storage/schema.js';

async function exportText(services: Services, blog: BlogRow, format: ExportFormat): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  await services.exporter.export(out, { blogId: blog.id, format });
  out.end();
  return Buffer.concat(chunks).toString('utf8');
}

/** Everything a reader or an author sees of a blog, without its IDs, in a stable order. */
async function snapshot(storage: Storage, services: Services, blogId: string, secondsOnly: boolean) {
  const time = (ms: number | null) => (ms === null ? null : secondsOnly ? Math.floor(ms / 1000) : ms);
  const blog = (await services.repositories.blogs.findById(blogId))!;
  const posts = await storage.db.selectFrom('posts').selectAll().where('blog_id', '=', blogId).execute();
  const labels = await services.repositories.posts.labelsOf(posts.map((p) => p.id));
  const postKey = new Map(posts.map((p) => [p.id, `${p.kind} ${p.path_year ?? '-'}/${p.path_month ?? '-'}/${p.slug}`]));
  const comments = await storage.db.selectFrom('comments').selectAll().where('blog_id', '=', blogId).execute();
  const commentKey = new Map(comments.map((c) => [c.id, `${postKey.get(c.post_id)} ${time(c.created_at)} ${c.author_name}`]));
  return {
    blog: { title: blog.title, description: blog.description },
    posts: posts
      .map((p) => ({
        key: postKey.get(p.id),
        kind: p.kind,
        status: p.status,
        title: p.title,
        slug: p.slug,
        pathYear: p.path_year,
        pathMonth: p.path_month,
        body: p.body_html,
        searchDescription: p.search_description,
        commentsSetting: p.comments_setting,
        author: p.author_name,
        publishedAt: time(p.published_at),
        updatedAt: time(p.updated_at),
        labels: labels.get(p.id),
      }))
      .sort((a, b) => a.key!.localeCompare(b.key!)),
    comments: comments
      .map((c) => ({
        key: commentKey.get(c.id),
        post: postKey.get(c.post_id),
        parent: c.parent_id ? commentKey.get(c.parent_id) : null,
        status: c.status,
        author: c.author_name,
        url: c.author_url,
        email: c.author_email,
        body: c.body_html,
        createdAt: time(c.created_at),
      }))
      .sort((a, b) => a.key!.localeCompare(b.key!)),
  };
}

for (const database of testDatabases) {
  describe(`export and import again on ${database.name}`, { skip: database.skip }, () => {
    let storage: Storage;
    let services: Services;
    let original: BlogRow;
    before(async () => {
      storage = await database.open();
      services = servicesFor(storage, new TestClock());
      original = await services.blogs.createBlog({ name: 'original', title: 'Original', description: 'Everything at once' });
      for (const file of [
        'blogger/pelican-bloggerexport.xml',
        'wxr/wordpress-importer-small-export.xml',
        'ghost/ghost-2.x-default_export.json',
      ]) {
        await services.importer.importFile(testdata(file), { blogId: original.id });
      }
      await services.importer.import(bufferSource('status.xml', STATUS_WXR), { blogId: original.id });
      await services.importer.import(bufferSource('takeout.atom', STATUS_BLOGGER_2018), { blogId: original.id });
      await services.posts.createPost({
        blogId: original.id,
        title: 'Comments closed and hidden',
        body: '<p>Quiet, with a “quote” &amp; an <a href="https://example.com/?a=1&amp;b=2">address</a>.</p>',
        labels: ['Commas, no', 'ümlaut'.normalize('NFC')].map((l) => l.replace(',', '')),
        commentsSetting: 'closed-hide',
        publishedAt: Date.parse('2021-04-05T06:07:08.009Z'),
        authorName: 'Someone',
      });
    });
    after(() => storage.close());

    for (const format of EXPORT_FORMATS) {
      test(`${format}: the same posts, pages, labels, comments, threads, status, dates and URLs`, async () => {
        const text = await exportText(services, original, format);
        const copy = await services.blogs.createBlog({ name: `copy-${format}`, title: 'Empty' });
        const report = await services.importer.import(bufferSource(`export.${format}`, text), { blogId: copy.id });
        assert.deepEqual(report.skipped, [], 'nothing is left out');

        const secondsOnly = format === 'wxr';
        const before = await snapshot(storage, services, original.id, secondsOnly);
        const after = await snapshot(storage, services, copy.id, secondsOnly);
        assert.ok(before.posts.length === 30 && before.comments.length === 10, 'the blog has plenty to compare');
        assert.ok(before.posts.some((p) => p.status === 'scheduled') && before.posts.some((p) => p.status === 'draft'));
        assert.ok(
          before.comments.some((c) => c.status === 'pending') &&
            before.comments.some((c) => c.status === 'spam') &&
            before.comments.some((c) => c.parent),
        );
        assert.deepEqual(after.blog, before.blog);
        assert.equal(after.posts.length, before.posts.length);
        for (const [i, post] of before.posts.entries()) assert.deepEqual(after.posts[i], post, post.key);
        assert.equal(after.comments.length, before.comments.length);
        for (const [i, comment] of before.comments.entries()) assert.deepEqual(after.comments[i], comment, comment.key);
      });
    }

    test('json also carries the redirects', async () => {
      const copy = await services.blogs.createBlog({ name: 'copy-redirects', title: 'Empty' });
      await services.importer.import(bufferSource('export.json', await exportText(services, original, 'json')), { blogId: copy.id });
      const where = async (blogId: string) => {
        const rows = await storage.db
          .selectFrom('redirects as r')
          .leftJoin('posts as p', 'p.id', 'r.post_id')
          .select(['r.from_path', 'r.target_path', 'p.slug', 'p.kind'])
          .where('r.blog_id', '=', blogId)
          .orderBy('r.from_path')
          .execute();
        return rows.map((r) => [
          r.from_path,
          r.kind ? `${r.kind} ${r.slug}` : r.target_path,
          r.kind && r.target_path ? 'comments feed' : '',
        ]);
      };
      const before = await where(original.id);
      assert.ok(before.length > 100);
      assert.deepEqual(await where(copy.id), before);
    });

    test('the exports are well-formed and say what they are', async () => {
      const blogger = await exportText(services, original, 'blogger');
      assert.match(
        blogger,
        /^<\?xml version='1.0' encoding='utf-8'\?>\n<feed xmlns='http:\/\/www.w3.org\/2005\/Atom' xmlns:blogger='http:\/\/schemas.google.com\/blogger\/2018'/,
      );
      assert.match(blogger, /<blogger:status>PENDING<\/blogger:status>/);
      const wxr = await exportText(services, original, 'wxr');
      assert.match(wxr, /<wp:wxr_version>1.2<\/wp:wxr_version>/);
      assert.match(wxr, /<wp:comment_approved><!\[CDATA\[spam\]\]><\/wp:comment_approved>/);
      const json = JSON.parse(await exportText(services, original, 'json')) as { dastan: { format: string }; posts: unknown[] };
      assert.equal(json.dastan.format, 'dastan-export');
      assert.equal(json.posts.length, 30);
    });
  });
}
