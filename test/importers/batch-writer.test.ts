/**
 * The import writer stores each batch of entries together, in a few multi-row inserts: what it stores
 * must not depend on where the batches end. The same entries — imported IDs another blog or an earlier
 * entry already has, a permalink and a slug taken earlier in the batch, an old address two posts
 * claim, replies whose parent is in the same batch or comes later, a comment before its post — are
 * written with batches of 500, 3, 2 and 1 entries on each database and give the same rows; running
 * them again adds nothing.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { testDatabases } from '../helpers/databases.js';
import { servicesFor, TestClock } from '../helpers/factories.js';
import { ImportWriter } from '../../src/importers/import.writer.js';
import type { ImportedComment, ImportedPost, ImportItem } from '../../src/importers/import-model.js';
import type { Services } from '../../src/services.js';
import { importWriteServices } from '../../src/importers/writer/write-services.js';
import type { Storage } from '../../src/storage/database.js';
import type { BlogRow } from '../../src/storage/schema.js';

const post = (sourceId: string, fields: Partial<ImportedPost> = {}): ImportedPost => ({
  type: 'post',
  sourceId,
  kind: 'post',
  status: 'live',
  title: `Post ${sourceId}`,
  body: `<p>Body of ${sourceId}</p><script>alert(1)</script>`,
  format: 'html',
  publishedAt: Date.parse('2020-02-10T10:00:00Z'),
  labels: [],
  oldAddresses: [],
  ...fields,
});

const comment = (sourceId: string, replyTo: string, fields: Partial<ImportedComment> = {}): ImportedComment => ({
  type: 'comment',
  sourceId,
  replyTo,
  status: 'live',
  authorName: `Reader ${sourceId}`,
  body: `<b>Said</b> ${sourceId}<img src=x onerror=alert(1)>`,
  createdAt: Date.parse('2020-03-01T10:00:00Z'),
  ...fields,
});

/** What another blog imported first: it holds the IDs 5001 (a post) and 6001 (a comment). */
const OTHER: ImportItem[] = [post('o1', { keepId: '5001' }), comment('oc1', 'o1', { keepId: '6001' })];

const ENTRIES: ImportItem[] = [
  comment('early', 'p3'), // before its post: waits until the end
  post('p1', {
    keepId: '5001',
    permalink: { slug: 'spring', year: 2020, month: 2, path: '/2020/02/spring.html' },
    labels: ['Garden', 'Travel'],
  }),
  post('p2', { keepId: '5002', permalink: { slug: 'spring', year: 2020, month: 2, path: '/2020/02/spring.html' }, labels: ['Garden'] }),
  post('p3', { keepId: '5002', title: 'Notes', oldAddresses: [{ from: '/old/notes' }] }),
  post('p4', { title: 'Notes', labels: ['Garden', 'Kitchen'], oldAddresses: [{ from: '/old/notes' }, { from: '/?p=4' }] }),
  comment('c1', 'p1', { keepId: '6001' }),
  comment('c2', 'p1', { keepId: '6002', parentSourceId: 'c1' }),
  comment('c3', 'p1', { keepId: '6002', parentSourceId: 'c2', status: 'pending' }),
  comment('c4', 'p1', { keepId: '6004', parentSourceId: 'c9' }), // its parent comes later
  comment('c9', 'p1', { keepId: '6009', status: 'spam' }),
  { type: 'redirect', from: '/category/garden/', to: { label: 'Garden' } },
];

async function importInto(storage: Storage, clock: TestClock, services: Services, blog: BlogRow, items: ImportItem[], batchSize: number) {
  const written: number[] = [];
  const writer = new ImportWriter(blog, {
    storage,
    bind: (db) => importWriteServices(db, clock.now),
    earlierPosts: services.repositories.posts.sourceIds(blog.id),
    earlierComments: services.repositories.comments.sourceIds(blog.id),
    now: clock.now,
    batchSize,
    onWritten: (n) => written.push(n),
  });
  await writer.write(
    (async function* () {
      yield* items;
    })(),
  );
  return { writer, written };
}

/** The blog's rows with IDs told by source ID: an imported ID kept shows as itself, a new one as "new". */
async function rowsOf(storage: Storage, services: Services, blogId: string) {
  const posts = await storage.db.selectFrom('posts').selectAll().where('blog_id', '=', blogId).orderBy('source_id').execute();
  const comments = await storage.db.selectFrom('comments').selectAll().where('blog_id', '=', blogId).orderBy('source_id').execute();
  const redirects = await storage.db.selectFrom('redirects').selectAll().where('blog_id', '=', blogId).orderBy('from_path').execute();
  const labels = await services.repositories.posts.labelsOf(posts.map((p) => p.id));
  const source = new Map([...posts, ...comments].map((r) => [r.id, r.source_id]));
  const id = (value: string) => (/^\d{4}$/.test(value) ? value : 'new');
  return {
    posts: posts.map((p) => ({
      source: p.source_id,
      id: id(p.id),
      path: `${p.path_year}/${p.path_month}/${p.slug}`,
      body: p.body_html,
      labels: labels.get(p.id) ?? [],
    })),
    comments: comments.map((c) => ({
      source: c.source_id,
      id: id(c.id),
      post: source.get(c.post_id),
      parent: c.parent_id === null ? null : source.get(c.parent_id),
      status: c.status,
      body: c.body_html,
    })),
    redirects: redirects.map((r) => ({ from: r.from_path, post: r.post_id === null ? null : source.get(r.post_id), to: r.target_path })),
  };
}

for (const database of testDatabases) {
  describe(`the import writer's batches on ${database.name}`, { skip: database.skip }, () => {
    const results: { batchSize: number; rows: Awaited<ReturnType<typeof rowsOf>>; report: unknown }[] = [];

    for (const batchSize of [500, 3, 2, 1]) {
      test(`batches of ${batchSize}: IDs, permalinks and threads as entry by entry; a second run adds nothing`, async () => {
        const storage = await database.open();
        try {
          const clock = new TestClock();
          const services = servicesFor(storage, clock);
          const other = await services.blogs.createBlog({ name: 'other', title: 'Other' });
          await importInto(storage, clock, services, other, OTHER, batchSize);
          const blog = await services.blogs.createBlog({ name: 'mine', title: 'Mine' });
          const { writer, written } = await importInto(storage, clock, services, blog, ENTRIES, batchSize);
          const rows = await rowsOf(storage, services, blog.id);

          const posts = new Map(rows.posts.map((p) => [p.source, p]));
          assert.equal(posts.get('p1')?.id, 'new', "5001 is the other blog's post: a new ID");
          assert.equal(posts.get('p2')?.id, '5002');
          assert.equal(posts.get('p3')?.id, 'new', '5002 was taken by the entry before');
          assert.equal(posts.get('p1')?.path, '2020/2/spring');
          assert.notEqual(posts.get('p2')?.path, '2020/2/spring', 'the permalink p1 took gets p2 a new one');
          assert.deepEqual([posts.get('p3')?.path, posts.get('p4')?.path], ['2020/2/notes', '2020/2/notes-2']);
          assert.equal(posts.get('p1')?.body, '<p>Body of p1</p>', 'the body is sanitized as always');
          assert.deepEqual(posts.get('p4')?.labels, ['Garden', 'Kitchen']);

          const comments = new Map(rows.comments.map((c) => [c.source, c]));
          assert.deepEqual(
            ['c1', 'c2', 'c3', 'c4', 'c9'].map((s) => comments.get(s)?.id),
            ['new', '6002', 'new', '6004', '6009'],
            "6001 is the other blog's comment, 6002 was taken by the entry before",
          );
          assert.equal(comments.get('c2')?.parent, 'c1', 'a reply to a comment of the same batch');
          assert.equal(comments.get('c3')?.parent, 'c2');
          assert.equal(comments.get('c4')?.parent, 'c9', 'a reply linked to a parent that came later');
          assert.equal(comments.get('early')?.post, 'p3', 'a comment stored once its post came');
          assert.equal(comments.get('c1')?.body, '<b>Said</b> c1', 'the comment is sanitized as always');

          assert.deepEqual(rows.redirects, [
            { from: '/2020/02/spring.html', post: 'p2', to: null },
            { from: '/?p=4', post: 'p4', to: null },
            { from: '/category/garden', post: null, to: '/search/label/Garden' },
            { from: '/old/notes', post: 'p3', to: null },
          ]);
          assert.deepEqual(
            writer.redirects.map((r) => r.from),
            ['/2020/02/spring.html', '/old/notes', '/?p=4', '/category/garden'],
            'the report lists each redirect once, in file order',
          );
          assert.equal(written.at(-1), 11, 'every post, comment and redirect counted as written');

          // Run again: nothing is added, nothing changes.
          const again = await importInto(storage, clock, services, blog, ENTRIES, batchSize);
          assert.equal(again.writer.alreadyImported, 10);
          assert.deepEqual([again.writer.added.posts, again.writer.added.comments, again.writer.added.redirects], [0, 0, 0]);
          assert.deepEqual(await rowsOf(storage, services, blog.id), rows);

          results.push({
            batchSize,
            rows,
            report: { added: writer.added, skipped: writer.skipped.list(), warnings: writer.warnings.list(), redirects: writer.redirects },
          });
        } finally {
          await storage.close();
        }
      });
    }

    test('every batch size stores the same rows and reports the same', () => {
      assert.equal(results.length, 4);
      for (const result of results.slice(1)) {
        assert.deepEqual(result.rows, results[0]!.rows, `batches of ${result.batchSize}`);
        assert.deepEqual(result.report, results[0]!.report, `batches of ${result.batchSize}`);
      }
    });
  });
}
