/**
 * Deleting a blog, on both databases: the repository names every table that holds a blog's rows (read
 * from the live schema, so a table added later without being listed fails here), and deleting one blog
 * leaves no row of it anywhere and every row of another blog as it was.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { Services } from '../../src/services.js';
import type { Storage } from '../../src/storage/database.js';
import { BLOG_OWNED_TABLES, POST_OWNED_TABLES } from '../../src/storage/repositories/blog-deletion.repository.js';
import type { BlogRow } from '../../src/storage/schema.js';
import { ownTables, testDatabases } from '../helpers/databases.js';
import { makeBlog, makePost, servicesFor, TestClock } from '../helpers/factories.js';

/** A blog with a row in every table a blog owns: posts, labels, a comment thread, views, redirects, members, an invitation, revisions. */
async function fill(s: Services, blog: BlogRow, tag: string): Promise<void> {
  const owner = await s.users.createUser({ email: `owner-${tag}@example.com` });
  await s.users.addMember(blog.id, owner.id, 'owner');
  // A private blog's reader, with a secret feed address.
  const reader = await s.users.createUser({ email: `reader-${tag}@example.com` });
  await s.users.addMember(blog.id, reader.id, 'reader');
  await s.blogs.updateSettings(blog.id, { visibility: 'private' });
  await s.members.readers.privateBlogsOf(reader.id);
  const post = await makePost(s, blog, { labels: ['one', 'two'], publishedAt: Date.parse('2026-11-01T00:00:00Z') });
  await s.editor.update(
    blog,
    post,
    {
      title: 'Edited',
      body: '<p>e</p>',
      format: 'html',
      labels: ['one'],
      slug: '',
      searchDescription: '',
      commentsSetting: 'allow',
      author: owner,
      role: 'owner',
    },
    'publish',
    owner.id,
  );
  const comment = await s.comments.addComment({ blogId: blog.id, postId: post.id, authorName: 'Reader', body: 'first' });
  await s.comments.addComment({ blogId: blog.id, postId: post.id, parentId: comment.id, authorName: 'Reader', body: 'reply' });
  // Also makes the post's row in post_view_totals and the blog's in blog_view_windows.
  await s.repositories.views.addCounts([{ blogId: blog.id, postId: post.id, day: '2026-11-02', views: 3 }]);
  await s.repositories.redirects.insertMany([
    { blog_id: blog.id, from_path: `/old-${tag}`, post_id: post.id, target_path: null, created_at: 1 },
  ]);
  await s.members.invite(blog, `invitee-${tag}@example.com`, 'author', owner, 'http://x');
  await fillTheRest(s, blog, post.id, comment.id, tag);
}

/** One row in each of the tables the comment, spam, audience, theme and import features keep per blog. */
async function fillTheRest(s: Services, blog: BlogRow, postId: string, commentId: string, tag: string): Promise<void> {
  const db = s.storage.db;
  const b = blog.id;
  await db
    .insertInto('spam_learned_comments')
    .values({ comment_id: commentId, blog_id: b, is_spam: 1, tokens: '[]', created_at: 1 })
    .execute();
  await db.insertInto('spam_tokens').values({ blog_id: b, token: 'casino', spam_count: 1, ham_count: 0, updated_at: 1 }).execute();
  await db.insertInto('spam_corpora').values({ blog_id: b, spam_docs: 1, ham_docs: 0, updated_at: 1 }).execute();
  await db
    .insertInto('comment_settings')
    .values({
      blog_id: b,
      access: 'anyone',
      moderation: 'never',
      moderation_days: 0,
      close_days: null,
      depth: 3,
      hold_words: '',
      reject_words: '',
      max_links: null,
      notify_moderators: 0,
      notify_authors: 0,
      proof_of_work: 0,
      updated_at: 1,
    })
    .execute();
  await db.insertInto('post_views_monthly').values({ blog_id: b, post_id: postId, month: '2026-01', views: 2 }).execute();
  await db.insertInto('blog_views_hourly').values({ blog_id: b, period: '2026-11-02T10', views: 2 }).execute();
  await db.insertInto('blog_views_minutely').values({ blog_id: b, period: '2026-11-02T10:01', views: 2 }).execute();
  await db.insertInto('view_facets_daily').values({ blog_id: b, period: '2026-11-02', kind: 'device', value: 'phone', views: 2 }).execute();
  await db
    .insertInto('view_facets_monthly')
    .values({ blog_id: b, period: '2026-01', kind: 'referrer', value: 'example.org', views: 2 })
    .execute();
  await db.insertInto('blog_list_feeds').values({ blog_id: b, url: 'https://other.example/feed', items: '[]', fetched_at: 1 }).execute();
  await db
    .insertInto('theme_files')
    .values({ blog_id: b, theme: 'default', file: 'theme.css', content: 'p {}', updated_by: null, updated_at: 1 })
    .execute();
  await db
    .insertInto('import_jobs')
    .values({
      id: tag === 'a' ? '1000000000000001' : '1000000000000002',
      blog_id: b,
      user_id: null,
      file_name: 'x.xml',
      status: 'done',
      phase: 'done',
      done: 1,
      total: 1,
      media: 0,
      report: null,
      error: null,
      created_at: 1,
      updated_at: 1,
      finished_at: 1,
    })
    .execute();
  await db
    .insertInto('imported_media')
    .values({ blog_id: b, source_url: `https://example.org/${tag}.png`, local_src: `/uploads/${tag}.webp`, created_at: 1 })
    .execute();
  await s.jobs.enqueue({ kind: 'mail', payload: { tag }, key: tag, blogId: b });
  const subscriberId = tag === 'a' ? '2000000000000001' : '2000000000000002';
  await db
    .insertInto('subscribers')
    .values({
      id: subscriberId,
      blog_id: b,
      email: `reader-${tag}@example.com`,
      status: 'active',
      frequency: 'each',
      confirm_hash: null,
      source: 'form',
      created_at: 1,
      confirmed_at: 1,
      unsubscribed_at: null,
      stopped_reason: null,
      updated_at: 1,
    })
    .execute();
  await db
    .insertInto('subscriber_mails')
    .values({
      blog_id: b,
      post_id: postId,
      subscriber_id: subscriberId,
      status: 'sent',
      message_id: `<${tag}@x>`,
      error: null,
      created_at: 1,
    })
    .execute();
  await db
    .insertInto('contact_messages')
    .values({
      id: tag === 'a' ? '3000000000000001' : '3000000000000002',
      blog_id: b,
      name: 'Reader',
      email: 'reader@example.org',
      body_html: '<p>Hello</p>',
      folder: 'inbox',
      address_hash: 'h',
      email_hash: 'e',
      created_at: 1,
      read_at: null,
      mailed_at: null,
    })
    .execute();
  await db
    .insertInto('media')
    .values({
      id: tag === 'a' ? '4000000000000001' : '4000000000000002',
      blog_id: b,
      src: `/uploads/${tag}/1/800.jpg`,
      width: 800,
      height: 600,
      bytes: 1,
      created_at: 1,
    })
    .execute();
  const webhookId = tag === 'a' ? '5000000000000001' : '5000000000000002';
  await db
    .insertInto('webhooks')
    .values({
      id: webhookId,
      blog_id: b,
      url: 'https://hooks.example.org/',
      secret: 's',
      events: '[]',
      created_by: null,
      created_at: 1,
      disabled_at: null,
    })
    .execute();
  await db
    .insertInto('webhook_deliveries')
    .values({
      id: tag === 'a' ? '6000000000000001' : '6000000000000002',
      webhook_id: webhookId,
      blog_id: b,
      event: 'post.published',
      payload: '{}',
      status: 'delivered',
      response_code: 200,
      error: null,
      created_at: 1,
      last_attempt_at: 1,
    })
    .execute();
  await db
    .insertInto('subscriber_digests')
    .values({
      blog_id: b,
      week: '2026-11-23',
      subscriber_id: subscriberId,
      status: 'sent',
      message_id: `<d${tag}@x>`,
      error: null,
      created_at: 1,
    })
    .execute();
}

async function rowsOf(storage: Storage, blogId: string, postIds: string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of BLOG_OWNED_TABLES) {
    const row = await storage.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('blog_id', '=', blogId)
      .executeTakeFirst();
    counts[table] = Number(row?.n ?? 0);
  }
  for (const table of POST_OWNED_TABLES) {
    const row =
      postIds.length === 0
        ? { n: 0 }
        : await storage.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('post_id', 'in', postIds)
            .executeTakeFirst();
    counts[table] = Number(row?.n ?? 0);
  }
  return counts;
}

for (const database of testDatabases) {
  describe(`deleting a blog on ${database.name}`, { skip: database.skip }, () => {
    test('every table with a blog_id or post_id column is listed for deletion', async () => {
      const storage = await database.open();
      try {
        const schema = await ownTables(storage);
        const listed = new Set<string>([...BLOG_OWNED_TABLES, ...POST_OWNED_TABLES]);
        const holding = [...schema]
          .filter(
            ([name, columns]) =>
              name !== 'blogs' && !name.startsWith('posts_fts') && (columns.includes('blog_id') || columns.includes('post_id')),
          )
          .map(([name]) => name);
        assert.deepEqual(
          holding.filter((t) => !listed.has(t)),
          [],
          'tables holding blog rows that deleteBlog does not name',
        );
        for (const table of BLOG_OWNED_TABLES) assert.ok(schema.get(table)?.includes('blog_id'), `${table} has a blog_id`);
        for (const table of POST_OWNED_TABLES) assert.ok(schema.get(table)?.includes('post_id'), `${table} has a post_id`);
      } finally {
        await storage.close();
      }
    });

    test("deletes every row of the blog and its uploads, and nothing of another blog's", async () => {
      const storage = await database.open();
      const dataDir = mkdtempSync(path.join(tmpdir(), 'dastan-delete-'));
      try {
        const s = servicesFor(storage, new TestClock(), { dataDir });
        const doomed = await makeBlog(s, { name: 'doomed' });
        const kept = await makeBlog(s, { name: 'kept' });
        await fill(s, doomed, 'a');
        await fill(s, kept, 'b');
        const uploads = path.join(s.uploadsDir, doomed.id, '1');
        mkdirSync(uploads, { recursive: true });
        writeFileSync(path.join(uploads, '480.webp'), 'x');
        const postIds = async (b: BlogRow) =>
          (await storage.db.selectFrom('posts').select('id').where('blog_id', '=', b.id).execute()).map((r) => r.id);
        const doomedPosts = await postIds(doomed);
        const before = await rowsOf(storage, doomed.id, doomedPosts);
        for (const [table, n] of Object.entries(before)) assert.ok(n > 0, `the test fills ${table}`);
        const keptBefore = await rowsOf(storage, kept.id, await postIds(kept));

        await assert.rejects(s.blogOptions.deleteBlog(doomed, 'kept'), /Type the blog's name, doomed/);
        assert.deepEqual(await rowsOf(storage, doomed.id, doomedPosts), before, 'a wrong name deletes nothing');

        const counts = await s.blogOptions.deleteBlog(doomed, ' Doomed ');
        assert.equal(counts.posts, before.posts);
        assert.deepEqual(
          Object.values(await rowsOf(storage, doomed.id, doomedPosts)).filter((n) => n > 0),
          [],
        );
        assert.equal(await s.repositories.blogs.findById(doomed.id), undefined);
        assert.equal(existsSync(path.join(s.uploadsDir, doomed.id)), false);
        assert.deepEqual(await rowsOf(storage, kept.id, await postIds(kept)), keptBefore);
        assert.ok(await s.repositories.users.findByEmail('owner-a@example.com'), 'accounts stay: they may belong to other blogs');
        await assert.rejects(s.blogOptions.deleteBlog(doomed, 'doomed'), /does not exist/);
      } finally {
        await storage.close();
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
}
