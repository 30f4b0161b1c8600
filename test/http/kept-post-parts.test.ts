/**
 * The post page's comment thread, share links and Newer/Older links are rendered once per post and
 * content version and kept (src/render/kept-fragments.ts), and the post's labels and comments read
 * once per version (src/domain/reader/per-version.ts). On both databases, with the page cache off,
 * each change a reader can see shows on the very next page: a new comment, an approved one, a deleted
 * one, an edited one, a change of threading depth, of whether replies are offered, of the owner's
 * wording, a newly published post. A writer's own Edit and Delete controls never reach the kept
 * thread, nor does the shared thread reach their page.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_COMMENT_SETTINGS, type CommentSettings } from '../../src/domain/comments/comment-settings.js';
import { postPath } from '../../src/domain/blogs/urls.js';
import type { BlogRow, PostRow } from '../../src/storage/schema.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { testDatabases } from '../helpers/databases.js';
import { makeBlog, makePost } from '../helpers/factories.js';

const ORIGIN = 'http://threads.example.test';

for (const database of testDatabases) {
  describe(`the kept parts of a post page on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    let blog: BlogRow;
    let post: PostRow;

    const fresh = async () => (blog = (await t.services.repositories.blogs.findById(blog.id))!);
    const page = async () => {
      const res = await t.get('threads', postPath(post));
      assert.equal(res.statusCode, 200);
      return res.body;
    };
    const comment = (body: string, more: { parentId?: string; status?: 'pending'; authorUserId?: string } = {}) => {
      t.clock.advance(1_000);
      return t.services.comments.addComment({ blogId: blog.id, postId: post.id, authorName: 'Nadia', body: `<p>${body}</p>`, ...more });
    };
    const settings = async (changes: Partial<CommentSettings>) => {
      t.clock.advance(1_000);
      await t.services.commentSettings.save(blog.id, { ...DEFAULT_COMMENT_SETTINGS, ...changes });
    };
    /** The comment whose item holds `text`, and whether it sits in another comment's replies. */
    const nested = (html: string, text: string) => {
      const at = html.indexOf(text);
      assert.ok(at > 0, `${text} is on the page`);
      return html.lastIndexOf('class="comment-replies"', at) > html.lastIndexOf('class="comment-thread"', at);
    };

    before(async () => {
      t = await startTestApp(database, { pageCacheSeconds: 0 });
      blog = await makeBlog(t.services, { name: 'threads', title: 'Threads' });
      post = await makePost(t.services, blog, { title: 'Talk' });
      await comment('First words');
    });
    after(() => t.close());

    test('a new, an approved, a deleted and an edited comment each show on the next page', async () => {
      assert.match(await page(), /First words/);
      assert.match(await page(), /First words/, 'the kept thread, read again');

      const second = await comment('Second thoughts');
      assert.match(await page(), /Second thoughts/);

      const held = await comment('Waiting for a yes', { status: 'pending' });
      assert.doesNotMatch(await page(), /Waiting for a yes/);
      await t.services.commentModeration.act(await fresh(), [held.id], 'approve', ORIGIN);
      assert.match(await page(), /Waiting for a yes/);

      await t.services.commentModeration.act(await fresh(), [second.id], 'delete', ORIGIN);
      assert.doesNotMatch(await page(), /Second thoughts/);

      const writer = await t.services.users.createUser({ email: 'w@example.com', displayName: 'Wren Writer' });
      const own = await comment('Tpyo here', { authorUserId: writer.id });
      assert.match(await page(), /Tpyo here/);
      t.clock.advance(1_000);
      const who = { userId: writer.id, role: null, address: '198.51.100.7', userAgent: 'test' };
      await t.services.ownComments.edit(await fresh(), who, own.id, 'Typo fixed', ORIGIN);
      const after = await page();
      assert.match(after, /Typo fixed/);
      assert.doesNotMatch(after, /Tpyo here/);
    });

    test('the threading depth, the reply links and the wording each show on the next page', async () => {
      const parent = await comment('A question');
      await comment('An answer', { parentId: parent.id });
      assert.equal(nested(await page(), 'An answer'), true);

      await settings({ depth: 1 });
      assert.equal(nested(await page(), 'An answer'), false, 'flat at depth 1');
      await settings({ depth: 3 });
      assert.equal(nested(await page(), 'An answer'), true);

      assert.match(await page(), /class="comment-reply"/);
      await settings({ closeDays: 1 });
      assert.match(await page(), /class="comment-reply"/, 'open for a day');
      // Closing by age moves no version: the thread kept while open must not be shown.
      t.clock.advance(2 * 24 * 60 * 60 * 1000);
      const closed = await page();
      assert.match(closed, /An answer/);
      assert.doesNotMatch(closed, /class="comment-reply"/, 'no reply links once comments close');
      await settings({});
      assert.match(await page(), /class="comment-reply"/);

      await t.services.themes.saveTextOverrides(
        await fresh(),
        JSON.stringify({ 'comment.reply': 'Answer this', 'share.email': 'Mail it' }),
      );
      const worded = await page();
      assert.match(worded, />Answer this</);
      assert.match(worded, /class="share-link share-email"[^>]*>Mail it</);
    });

    test('a newly published post shows in the Newer link at once', async () => {
      assert.doesNotMatch(await page(), /class="post-nav-newer"/);
      t.clock.advance(60_000);
      await makePost(t.services, blog, { title: 'Fresh off the press' });
      assert.match(await page(), /class="post-nav-newer"[^>]*>.*Fresh off the press/);
    });

    test("a writer's own controls stay on their page alone", async () => {
      const writer = await t.services.users.createUser({ email: 'mine@example.com', displayName: 'Mina' });
      const own = await comment('My own words', { authorUserId: writer.id });
      const shared = await page();
      const token = (await t.services.sessions.start(writer)).token;
      const mine = await t.get('threads', postPath(post), { cookie: `dastan_session=${token}` });
      assert.match(mine.body, new RegExp(`data-own-comment="${own.id}"`));
      assert.doesNotMatch(await page(), /data-own-comment/, 'the shared thread after the personal page');
      assert.doesNotMatch(shared, /data-own-comment/);
    });
  });
}
