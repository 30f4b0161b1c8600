import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { postPath } from '../../src/domain/blogs/urls.js';
import type { BlogRow, PostRow, UserRow } from '../../src/storage/schema.js';
import { DEFAULT_COMMENT_SETTINGS, type CommentSettings } from '../../src/domain/comments/comment-settings.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { Client } from '../helpers/browser-client.js';
import { Commenter } from '../helpers/commenter.js';
import { testDatabases } from '../helpers/databases.js';
import { makeBlog, makePost } from '../helpers/factories.js';

let addressCounter = 0;
/** A new address per reader, so the flood check of one test never meets another's. */
const nextAddress = () => `198.51.100.${++addressCounter}`;

for (const database of testDatabases) {
  describe(`readers' comments on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    let blog: BlogRow;
    let other: BlogRow;
    let owner: UserRow;
    let post: PostRow;

    const commentsOf = async (p: PostRow) =>
      (await t.services.repositories.comments.listForPosts(p.blog_id, [p.id])).concat(
        await t.services.repositories.commentQueue.list(p.blog_id, 'deleted', 100, 0),
      );
    const settings = (changes: Partial<CommentSettings>) =>
      t.services.commentSettings.save(blog.id, { ...DEFAULT_COMMENT_SETTINGS, ...changes });

    before(async () => {
      t = await startTestApp(database);
      blog = await makeBlog(t.services, { name: 'www', title: 'Home blog' });
      other = await makeBlog(t.services, { name: 'other', title: 'Other blog' });
      owner = await t.services.users.createUser({ email: 'owner@example.com', displayName: 'Olive Owner' });
      await t.services.users.addMember(blog.id, owner.id, 'owner');
      post = await makePost(t.services, blog, { title: 'First post' });
    });
    after(() => t.close());

    test('an anonymous reader posts a comment: it is stored, shown on the post and counted', async () => {
      const reader = new Commenter(t, 'www', nextAddress());
      const res = await reader.comment(postPath(post), { body: 'Lovely post!\n\nSee https://example.com/x.' });
      assert.equal(res.statusCode, 303);
      const id = /#c(\d+)$/.exec(String(res.headers.location))![1]!;
      const stored = await t.services.repositories.comments.findById(blog.id, id);
      assert.equal(stored?.status, 'live');
      assert.match(stored.body_html, /<p>Lovely post!<\/p>/);
      assert.match(stored.body_html, /<a href="https:\/\/example.com\/x" rel="nofollow ugc noopener">https:\/\/example.com\/x<\/a>\./);
      assert.notEqual(stored.address_hash, null);
      assert.doesNotMatch(stored.address_hash!, /198\.51/, 'only a hash of the address is kept');
      const page = await t.get('www', postPath(post));
      assert.match(page.body, new RegExp(`id="c${id}"`));
      assert.match(page.body, /Rita Reader/);
      const feed = await t.get('www', '/feeds/comments/default');
      assert.match(feed.body, /Lovely post!/);
    });

    test('without the form token nothing is stored: the writer gets a page to check and post it', async () => {
      const reader = new Commenter(t, 'www', nextAddress());
      const before = (await commentsOf(post)).length;
      const res = await reader.comment(postPath(post), { body: 'No token here' }, { csrf: false });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /Check and post your comment/);
      assert.equal((await commentsOf(post)).length, before);
      const token = /name="_csrf" value="([^"]+)"/.exec(res.body)![1]!;
      const fields = Object.fromEntries(
        [...res.body.matchAll(/name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!.replace(/&#39;/g, "'")]),
      );
      const confirmed = await reader.post('/comments', { ...fields, _csrf: token });
      assert.equal(confirmed.statusCode, 303);
      assert.equal((await commentsOf(post)).length, before + 1);
      const forged = await reader.post('/comments', { ...fields, _csrf: 'forged' }, { accept: 'application/json' });
      assert.equal(forged.statusCode, 403);
    });

    test('the honeypot: a filled hidden field is refused and nothing is stored', async () => {
      const reader = new Commenter(t, 'www', nextAddress());
      const before = (await commentsOf(post)).length;
      const res = await reader.comment(postPath(post), { homepage: 'http://spam.example' });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /looks automated/);
      assert.equal((await commentsOf(post)).length, before);
    });

    test('time to submit: a form sent within 3 seconds is refused; a forged stamp too', async () => {
      const reader = new Commenter(t, 'www', nextAddress());
      const before = (await commentsOf(post)).length;
      const quick = await reader.comment(postPath(post), {}, { seconds: 1 });
      assert.equal(quick.statusCode, 400);
      assert.match(quick.body, /quicker than anyone can type/);
      const forged = await reader.comment(postPath(post), { _ts: 'eyJwIjoiMSIsInQiOjB9.AAAA' });
      assert.equal(forged.statusCode, 400);
      assert.equal((await commentsOf(post)).length, before);
    });

    test('flood check: a second comment within 15 seconds from one address, or one e-mail, gets a 429', async () => {
      const reader = new Commenter(t, 'www', nextAddress());
      assert.equal((await reader.comment(postPath(post), { email: 'flood@example.com' })).statusCode, 303);
      const again = await reader.comment(postPath(post), { body: 'Me again' }, { seconds: 4 });
      assert.equal(again.statusCode, 429);
      assert.match(again.body, /too quickly/);
      assert.ok(Number(again.headers['retry-after']) > 0);
      const sameEmail = await new Commenter(t, 'www', nextAddress()).comment(
        postPath(post),
        { email: 'FLOOD@example.com' },
        { seconds: 3 },
      );
      assert.equal(sameEmail.statusCode, 429, 'another address, the same e-mail');
      t.clock.advance(16_000);
      assert.equal((await reader.comment(postPath(post), { body: 'Later' })).statusCode, 303);
    });

    test('bad input gets a clear 4xx and stores nothing', async () => {
      const second = await makePost(t.services, blog, { title: 'Second post' });
      const closed = await makePost(t.services, blog, { title: 'Closed post', commentsSetting: 'closed-show' });
      const parentElsewhere = await t.services.comments.addComment({ blogId: blog.id, postId: second.id, authorName: 'X', body: 'x' });
      const otherPost = await makePost(t.services, other);
      const otherComment = await t.services.comments.addComment({ blogId: other.id, postId: otherPost.id, authorName: 'Y', body: 'y' });
      const before = (await commentsOf(post)).length;
      const cases: [Record<string, string>, number, RegExp][] = [
        [{ body: '   ' }, 400, /empty/],
        [{ body: 'x'.repeat(100 * 1024) }, 413, /64 KB/],
        [{ body: 'bell \u0007 here' }, 400, /control characters/],
        [{ name: 'Nul\u0000l' }, 400, /control characters/],
        [{ body: 'broken \uFFFD text' }, 400, /UTF-8/],
        [{ name: '' }, 400, /your name/],
        [{ url: 'javascript:alert(1)' }, 400, /http/],
        [{ parentId: parentElsewhere.id }, 400, /same post/],
        [{ parentId: otherComment.id }, 400, /same post/],
        [{ postId: otherPost.id }, 404, /does not exist/],
        [{ notify: '1' }, 400, /e-mail/],
      ];
      for (const [fields, status, message] of cases) {
        const res = await new Commenter(t, 'www', nextAddress()).comment(postPath(post), fields);
        assert.equal(res.statusCode, status, JSON.stringify(fields).slice(0, 80));
        assert.match(res.body, message);
      }
      const closedRes = await new Commenter(t, 'www', nextAddress()).comment(postPath(post), { postId: closed.id });
      assert.equal(closedRes.statusCode, 403);
      assert.match(closedRes.body, /closed/);
      assert.equal((await commentsOf(post)).length, before);
      assert.equal((await commentsOf(closed)).length, 0);

      // Raw bytes that are not UTF-8, straight in the request body.
      const reader = new Commenter(t, 'www', nextAddress());
      const { stamp, postId } = await reader.openForm(postPath(post));
      t.clock.advance(5000);
      const raw = Buffer.concat([
        Buffer.from(`postId=${postId}&_ts=${encodeURIComponent(stamp)}&_csrf=${encodeURIComponent(reader.csrf)}&name=A&body=`),
        Buffer.from([0xff, 0xfe, 0x41]),
      ]);
      const res = await t.app.inject({
        method: 'POST',
        url: '/comments',
        headers: {
          host: 'www.example.test',
          'content-type': 'application/x-www-form-urlencoded',
          cookie: [...reader.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        },
        remoteAddress: reader.address,
        payload: raw,
      });
      assert.equal(res.statusCode, 400);
      assert.equal((await commentsOf(post)).length, before);
    });

    test('comments close on posts older than the blog’s limit; the form goes away', async () => {
      const old = await makePost(t.services, blog, { title: 'Old post', publishedAt: t.clock.now() - 40 * 86_400_000 });
      await settings({ closeDays: 30 });
      const page = await t.get('www', postPath(old));
      assert.doesNotMatch(page.body, /id="comment-form"/);
      assert.match(page.body, /Comments are closed/);
      await settings({});
      assert.match((await t.get('www', postPath(old))).body, /id="comment-form"/);
    });

    test('moderation "always": held, the writer sees "awaiting moderation", moderators get one-click links that work once', async () => {
      await settings({ moderation: 'always' });
      try {
        const reader = new Commenter(t, 'www', nextAddress());
        const res = await reader.comment(postPath(post), { body: 'Please approve me' });
        assert.equal(res.statusCode, 202);
        assert.match(res.body, /awaiting moderation/);
        assert.doesNotMatch((await t.get('www', postPath(post))).body, /Please approve me/);
        const [held] = await t.services.repositories.commentQueue.list(blog.id, 'pending', 1, 0);
        assert.match(held!.reasons, /holds every comment/);
        const mail = t.mail.sent.filter((m) => m.to === 'owner@example.com').at(-1)!;
        assert.match(mail.subject, /awaits moderation/);
        const approve = /Approve: (\S+)/.exec(mail.text)![1]!;
        const url = new URL(approve);
        const confirm = await t.get('www', url.pathname + url.search);
        assert.equal(confirm.statusCode, 200);
        assert.match(confirm.body, /<button type="submit">Approve<\/button>/);
        assert.equal(
          (await t.services.repositories.comments.findById(blog.id, held!.id))!.status,
          'pending',
          'opening the link changes nothing',
        );
        const token = url.searchParams.get('token')!;
        const done = await reader.post('/comments/moderate', { token });
        assert.equal(done.statusCode, 200);
        assert.equal((await t.services.repositories.comments.findById(blog.id, held!.id))!.status, 'live');
        assert.match((await t.get('www', postPath(post))).body, /Please approve me/);
        assert.equal((await reader.post('/comments/moderate', { token })).statusCode, 403, 'a link works once');
        assert.equal((await reader.post('/comments/moderate', { token: token.slice(0, -2) + 'xx' })).statusCode, 404);
        t.clock.advance(8 * 86_400_000);
        const late = /Mark as spam: (\S+)/.exec(mail.text)![1]!;
        assert.equal(
          (await reader.post('/comments/moderate', { token: new URL(late).searchParams.get('token')! })).statusCode,
          403,
          'expired',
        );
      } finally {
        await settings({});
      }
    });

    test('owners are never held; signed-in writers comment under their account', async () => {
      await settings({ moderation: 'always', access: 'users' });
      try {
        const anonymous = await new Commenter(t, 'www', nextAddress()).comment(postPath(post), {});
        assert.equal(anonymous.statusCode, 401);
        const reader = new Commenter(t, 'www', nextAddress());
        const started = await t.services.sessions.start(owner);
        reader.cookies.set('dastan_session', started.token);
        const res = await reader.comment(postPath(post), { body: 'From the owner', name: 'Ignored' });
        assert.equal(res.statusCode, 303);
        const id = /#c(\d+)$/.exec(String(res.headers.location))![1]!;
        const stored = (await t.services.repositories.comments.findById(blog.id, id))!;
        assert.equal(stored.status, 'live');
        assert.equal(stored.author_name, 'Olive Owner');
        assert.equal(stored.author_user_id, owner.id);

        // Her own comment: changed and deleted within 15 minutes, not after.
        const edited = await reader.post(`/comments/${id}/edit`, { body: 'Changed', _csrf: reader.csrf });
        assert.equal(edited.statusCode, 303);
        assert.match((await t.services.repositories.comments.findById(blog.id, id))!.body_html, /Changed/);
        const stranger = new Commenter(t, 'www', nextAddress());
        assert.equal((await stranger.post(`/comments/${id}/delete`, { _csrf: 'x' })).statusCode, 401);
        t.clock.advance(16 * 60_000);
        assert.equal((await reader.post(`/comments/${id}/delete`, { _csrf: reader.csrf })).statusCode, 403);
      } finally {
        await settings({});
      }
    });

    test('members only: a signed-in stranger is refused', async () => {
      await settings({ access: 'members' });
      try {
        const stranger = await t.services.users.createUser({ email: 'stranger@example.com', displayName: 'Stan' });
        const reader = new Commenter(t, 'www', nextAddress());
        reader.cookies.set('dastan_session', (await t.services.sessions.start(stranger)).token);
        const res = await reader.comment(postPath(post), {});
        assert.equal(res.statusCode, 403);
        assert.match(res.body, /members/);
      } finally {
        await settings({});
      }
    });

    test('the moderation queue: tabs, reasons, bulk actions, and no reach into another blog', async () => {
      await settings({ moderation: 'always' });
      const ids: string[] = [];
      for (const body of ['Queue one', 'Queue two']) {
        const res = await new Commenter(t, 'www', nextAddress()).comment(postPath(post), { body });
        assert.equal(res.statusCode, 202);
      }
      await settings({});
      // Oldest first: ids[0] is "Queue one".
      for (const c of (await t.services.repositories.commentQueue.list(blog.id, 'pending', 10, 0)).reverse()) ids.push(c.id);
      const otherPost = await makePost(t.services, other);
      const foreign = await t.services.comments.addComment({
        blogId: other.id,
        postId: otherPost.id,
        authorName: 'F',
        body: 'foreign',
        status: 'pending',
      });

      const own = await new Client(t.app).signInAs(t.services, owner);
      const queue = await own.get('/admin/blogs/www/comments');
      assert.equal(queue.statusCode, 200);
      assert.match(queue.body, /Queue one/);
      assert.match(queue.body, /holds every comment/);
      assert.match(queue.body, /class="badge">\d+/);
      const bulk = await own.post('/admin/blogs/www/comments', { ids: [...ids, foreign.id], action: 'approve' });
      assert.equal(bulk.statusCode, 303);
      for (const id of ids) assert.equal((await t.services.repositories.comments.findById(blog.id, id))!.status, 'live');
      assert.equal(
        (await t.services.repositories.comments.findById(other.id, foreign.id))!.status,
        'pending',
        'another blog’s comment is untouched',
      );
      assert.equal((await own.post('/admin/blogs/www/comments', { one: `spam:${ids[0]}` })).statusCode, 303);
      assert.equal((await t.services.repositories.comments.findById(blog.id, ids[0]!))!.status, 'spam');
      assert.doesNotMatch((await t.get('www', postPath(post))).body, /Queue one/);
      assert.match((await own.get('/admin/blogs/www/comments?status=spam')).body, /Queue one/);
      assert.equal((await own.post('/admin/blogs/www/comments', { one: `approve:${ids[0]}` }, { csrf: null })).statusCode, 403);
      assert.equal((await own.get('/admin/blogs/other/comments')).statusCode, 404, 'not a member of the other blog');
      assert.equal((await own.post('/admin/blogs/other/comments', { one: `approve:${foreign.id}` })).statusCode, 404);

      const author = await t.services.users.createUser({ email: 'author@example.com', displayName: 'Abe' });
      await t.services.users.addMember(blog.id, author.id, 'author');
      const au = await new Client(t.app).signInAs(t.services, author);
      assert.equal((await au.get('/admin/blogs/www/comments')).statusCode, 403);
      assert.equal((await au.post('/admin/blogs/www/comments', { one: `delete:${ids[1]}` })).statusCode, 403);
      assert.equal((await t.services.repositories.comments.findById(blog.id, ids[1]!))!.status, 'live');
    });

    test('comment settings are saved from their own page', async () => {
      const own = await new Client(t.app).signInAs(t.services, owner);
      const page = await own.get('/admin/blogs/www/settings/comments');
      assert.equal(page.statusCode, 200);
      const res = await own.post('/admin/blogs/www/settings/comments', {
        access: 'anyone',
        moderation: 'older',
        moderationDays: '7',
        closeDays: '',
        depth: '2',
        holdWords: 'casino\npills',
        rejectWords: 'viagra',
        maxLinks: '2',
        notifyAuthors: '1',
      });
      assert.equal(res.statusCode, 303);
      const saved = await t.services.commentSettings.forBlog(blog.id);
      assert.deepEqual(saved.holdWords, ['casino', 'pills']);
      assert.equal(saved.moderation, 'older');
      assert.equal(saved.depth, 2);
      assert.equal(saved.maxLinks, 2);
      assert.equal(saved.notifyModerators, false);
      const bad = await own.post('/admin/blogs/www/settings/comments', {
        access: 'everyone',
        moderation: 'never',
        moderationDays: '1',
        depth: '3',
      });
      assert.equal(bad.statusCode, 400);
      await settings({});
    });

    test('replies: the writer who asked is mailed, with an unsubscribe link that works; the post’s author hears of comments', async () => {
      const author = await t.services.users.createUser({ email: 'writer@example.com', displayName: 'Wanda' });
      await t.services.users.addMember(blog.id, author.id, 'author');
      const own = await makePost(t.services, blog, { title: 'Wanda’s post', authorId: author.id });
      const first = await new Commenter(t, 'www', nextAddress()).comment(postPath(own), { email: 'asker@example.com', notify: '1' });
      const parentId = /#c(\d+)$/.exec(String(first.headers.location))![1]!;
      assert.match(t.mail.sent.filter((m) => m.to === 'writer@example.com').at(-1)!.subject, /New comment/);
      const reply = await new Commenter(t, 'www', nextAddress()).comment(postPath(own), { parentId, name: 'Replier', body: 'My reply' });
      assert.equal(reply.statusCode, 303);
      const mail = t.mail.sent.filter((m) => m.to === 'asker@example.com').at(-1)!;
      assert.match(mail.text, /My reply/);
      const unsubscribe = new URL(/(\S+\/comments\/unsubscribe\S+)/.exec(mail.text)![1]!);
      const reader = new Commenter(t, 'www', nextAddress());
      assert.equal((await reader.get(unsubscribe.pathname + unsubscribe.search)).statusCode, 200);
      assert.equal((await reader.post('/comments/unsubscribe', { token: unsubscribe.searchParams.get('token')! })).statusCode, 200);
      const count = t.mail.sent.filter((m) => m.to === 'asker@example.com').length;
      t.clock.advance(20_000);
      await new Commenter(t, 'www', nextAddress()).comment(postPath(own), { parentId, name: 'Another', body: 'Another reply' });
      assert.equal(t.mail.sent.filter((m) => m.to === 'asker@example.com').length, count, 'no more mail after unsubscribing');
      const page = await t.get('www', postPath(own));
      assert.match(page.body, /class="comment-replies"/);
    });
  });
}
