/**
 * The Blogger API v3 through Google's own client (`@googleapis/blogger`) against a real server on both
 * databases: every method, paging through 120 posts while one is published, drafts and scheduled posts
 * by status, labels, getByPath, comment moderation, page views, partial responses, ETags, and errors
 * arriving as the client's own error type with code and reason.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { blogger, type blogger_v3 } from '@googleapis/blogger';
import type { BlogRow, PostRow, UserRow } from '../../src/storage/schema.js';
import { postPath } from '../../src/domain/blogs/urls.js';
import { testDatabases } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { makeBlog, makePost } from '../helpers/factories.js';

const DAY = 86_400_000;

/** The client's error: a GaxiosError with the HTTP code and Google's error envelope. */
async function apiError(call: Promise<unknown>): Promise<{ code: number; reason: string; message: string }> {
  try {
    await call;
  } catch (error) {
    const e = error as {
      status?: number;
      response?: { status: number; data: { error: { errors: { reason: string }[]; message: string } } };
    };
    const data = e.response!.data.error;
    return { code: e.response!.status, reason: data.errors[0]!.reason, message: data.message };
  }
  assert.fail('the call should have failed');
}

for (const database of testDatabases) {
  describe(`Blogger API v3 on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    let root: string;
    let blog: BlogRow;
    let other: BlogRow;
    let owner: UserRow;
    let author: UserRow;
    let ownerToken: string;
    let authorToken: string;
    let readToken: string;
    let strangerToken: string;
    const live: PostRow[] = [];
    let imported: PostRow;
    const client = (token?: string): blogger_v3.Blogger =>
      blogger({ version: 'v3', rootUrl: root, retry: false, ...(token ? { headers: { Authorization: `Bearer ${token}` } } : {}) });

    before(async () => {
      t = await startTestApp(database, { apiRateLimit: 40 });
      other = await makeBlog(t.services, { name: 'apiother', title: 'Other blog' });
      blog = await makeBlog(t.services, { name: 'apiblog', title: 'API blog' });
      owner = await t.services.users.createUser({ email: `api-owner-${database.name}@example.com`, displayName: 'Olive Owner' });
      author = await t.services.users.createUser({ email: `api-author-${database.name}@example.com`, displayName: 'Arif Author' });
      const stranger = await t.services.users.createUser({ email: `api-stranger-${database.name}@example.com` });
      await t.services.users.addMember(blog.id, owner.id, 'owner');
      await t.services.users.addMember(blog.id, author.id, 'author');
      await t.services.users.addMember(other.id, stranger.id, 'owner');
      ownerToken = (await t.services.api.tokens.create(owner.id, 'desktop editor', [{ blog: blog.id, level: 'admin' }])).token;
      authorToken = (await t.services.api.tokens.create(author.id, 'phone', [{ blog: '*', level: 'write' }])).token;
      readToken = (await t.services.api.tokens.create(owner.id, 'backup', [{ blog: blog.id, level: 'read' }])).token;
      strangerToken = (await t.services.api.tokens.create(stranger.id, 'mine', [{ blog: '*', level: 'admin' }])).token;
      const start = t.clock.ms - 200 * DAY;
      for (let i = 0; i < 120; i++) {
        live.push(
          await makePost(t.services, blog, {
            title: `Live post ${i}`,
            publishedAt: start + i * DAY,
            labels: i % 3 === 0 ? ['travel', 'food'] : ['travel'],
            authorId: i % 2 === 0 ? owner.id : author.id,
            authorName: i % 2 === 0 ? owner.display_name : author.display_name,
          }),
        );
      }
      imported = await makePost(t.services, blog, {
        title: 'Imported one',
        slug: 'imported-from-blogger',
        publishedAt: Date.parse('2012-05-04T10:00:00Z'),
      });
      await makePost(t.services, blog, { title: 'Owner draft', draft: true, authorId: owner.id, authorName: owner.display_name });
      await makePost(t.services, blog, { title: 'Author draft', draft: true, authorId: author.id, authorName: author.display_name });
      await makePost(t.services, blog, {
        title: 'Later',
        publishedAt: t.clock.ms + 5 * DAY,
        authorId: owner.id,
        authorName: owner.display_name,
      });
      await makePost(t.services, other, { title: 'Other blog post' });
      const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
      root = `${address}/`;
    });
    after(async () => t?.close());

    test('blogs.get, getByUrl and listByUser, users.get and blogUserInfos.get', async () => {
      const got = (await client().blogs.get({ blogId: blog.id })).data;
      assert.equal(got.kind, 'blogger#blog');
      assert.equal(got.id, blog.id);
      assert.equal(got.name, 'API blog');
      assert.equal(got.posts?.totalItems, 121);
      assert.equal(got.url, `http://apiblog.example.test:${new URL(root).port}/`);
      const byUrl = (await client().blogs.getByUrl({ url: 'http://apiblog.example.test/' })).data;
      assert.equal(byUrl.id, blog.id);
      const mine = (await client(authorToken).blogs.listByUser({ userId: 'self', fetchUserInfo: true })).data;
      assert.deepEqual(
        mine.items?.map((b) => b.id),
        [blog.id],
      );
      assert.equal(mine.blogUserInfos?.[0]?.blog_user_info?.role, 'AUTHOR');
      const me = (await client(ownerToken).users.get({ userId: 'self' })).data;
      assert.equal(me.displayName, 'Olive Owner');
      const info = (await client(ownerToken).blogUserInfos.get({ userId: 'self', blogId: blog.id })).data;
      assert.equal(info.blog_user_info?.hasAdminAccess, true);
      const withPosts = (await client().blogs.get({ blogId: blog.id, maxPosts: 2 })).data;
      assert.equal(withPosts.posts?.items?.length, 2);
    });

    test('posts.list pages through 120 live posts and stays right while a post is published', async () => {
      const seen: string[] = [];
      let pageToken: string | undefined;
      let pages = 0;
      do {
        const page = (await client().posts.list({ blogId: blog.id, maxResults: 25, pageToken, fetchBodies: false })).data;
        assert.equal(page.kind, 'blogger#postList');
        for (const item of page.items ?? []) {
          assert.equal(item.content, undefined);
          seen.push(item.id!);
        }
        pageToken = page.nextPageToken ?? undefined;
        pages++;
        // A post published mid-way is newer than every page already read: it does not shift the rest.
        if (pages === 2) await makePost(t.services, blog, { title: 'Published while paging' });
      } while (pageToken);
      assert.equal(pages, 5);
      assert.equal(seen.length, 121);
      assert.equal(new Set(seen).size, 121);
      assert.equal(seen.at(-1), imported.id);
    });

    test('posts.list by status, labels, dates and order; view=ADMIN needs the role', async () => {
      const drafts = (await client(ownerToken).posts.list({ blogId: blog.id, status: ['draft'], view: 'ADMIN' })).data;
      assert.deepEqual(drafts.items?.map((p) => p.title).sort(), ['Author draft', 'Owner draft']);
      assert.ok(drafts.items?.every((p) => p.status === 'DRAFT'));
      const authorsOwn = (await client(authorToken).posts.list({ blogId: blog.id, status: ['draft'], view: 'AUTHOR' })).data;
      assert.deepEqual(
        authorsOwn.items?.map((p) => p.title),
        ['Author draft'],
      );
      const scheduled = (await client(ownerToken).posts.list({ blogId: blog.id, status: ['scheduled'] })).data;
      assert.deepEqual(
        scheduled.items?.map((p) => [p.title, p.status]),
        [['Later', 'SCHEDULED']],
      );
      const food = (await client().posts.list({ blogId: blog.id, labels: 'travel,food', maxResults: 500 })).data;
      assert.equal(food.items?.length, 40);
      assert.ok(food.items?.every((p) => p.labels?.includes('food')));
      const window = (
        await client().posts.list({
          blogId: blog.id,
          startDate: new Date(live[10]!.published_at!).toISOString(),
          endDate: new Date(live[15]!.published_at!).toISOString(),
          sortOption: 'ASCENDING',
        })
      ).data;
      assert.deepEqual(
        window.items?.map((p) => p.title),
        ['Live post 10', 'Live post 11', 'Live post 12', 'Live post 13', 'Live post 14'],
      );
      assert.deepEqual(await apiError(client().posts.list({ blogId: blog.id, status: ['draft'] })), {
        code: 403,
        reason: 'forbidden',
        message: 'Only the blog\u2019s members can list drafts, scheduled or trashed posts.',
      });
      assert.equal((await apiError(client(authorToken).posts.list({ blogId: blog.id, view: 'ADMIN' }))).code, 403);
      assert.equal((await apiError(client().posts.list({ blogId: blog.id, status: ['bogus'] }))).code, 400);
    });

    test('posts.get, getByPath and search; drafts are not for strangers', async () => {
      const post = live[3]!;
      const got = (await client().posts.get({ blogId: blog.id, postId: post.id })).data;
      assert.equal(got.kind, 'blogger#post');
      assert.equal(got.title, 'Live post 3');
      assert.equal(got.replies?.totalItems, '0');
      assert.equal(got.readerComments, 'ALLOW');
      assert.equal(got.url, `http://apiblog.example.test:${new URL(root).port}${postPath(post)}`);
      const byPath = (await client().posts.getByPath({ blogId: blog.id, path: postPath(imported) })).data;
      assert.equal(byPath.id, imported.id);
      assert.equal((await apiError(client().posts.getByPath({ blogId: blog.id, path: '/2012/05/nothing.html' }))).reason, 'notFound');
      const found = (await client().posts.search({ blogId: blog.id, q: 'Imported' })).data;
      assert.deepEqual(
        found.items?.map((p) => p.id),
        [imported.id],
      );
      const draft = (await client(ownerToken).posts.list({ blogId: blog.id, status: ['draft'] })).data.items![0]!;
      assert.equal((await apiError(client().posts.get({ blogId: blog.id, postId: draft.id! }))).code, 404);
      assert.equal((await apiError(client(strangerToken).posts.get({ blogId: blog.id, postId: draft.id! }))).code, 404);
      assert.equal((await client(ownerToken).posts.get({ blogId: blog.id, postId: draft.id! })).data.status, 'DRAFT');
    });

    test('posts.insert, update, patch, publish with a date, revert and delete', async () => {
      const api = client(authorToken);
      const made = (
        await api.posts.insert({
          blogId: blog.id,
          isDraft: true,
          requestBody: { title: 'From the API', content: '<p>Hello <script>alert(1)</script>world</p>', labels: ['api'] },
        })
      ).data;
      assert.equal(made.status, 'DRAFT');
      assert.ok(!made.content!.includes('<script'));
      const patched = (await api.posts.patch({ blogId: blog.id, postId: made.id!, requestBody: { title: 'From the API, patched' } })).data;
      assert.equal(patched.title, 'From the API, patched');
      assert.deepEqual(patched.labels, ['api']);
      assert.ok(patched.content!.includes('world'));
      const future = new Date(t.clock.ms + 3 * DAY).toISOString();
      const scheduled = (await api.posts.publish({ blogId: blog.id, postId: made.id!, publishDate: future })).data;
      assert.equal(scheduled.status, 'SCHEDULED');
      assert.equal(scheduled.published, future);
      const now = (
        await api.posts.update({
          blogId: blog.id,
          postId: made.id!,
          requestBody: { title: 'Replaced', content: '<p>New body</p>', labels: [] },
        })
      ).data;
      assert.equal(now.title, 'Replaced');
      assert.equal(now.labels, undefined);
      const reverted = (await api.posts.revert({ blogId: blog.id, postId: made.id! })).data;
      assert.equal(reverted.status, 'DRAFT');
      // As Blogger: without a publishDate, the post goes out at its saved schedule date.
      assert.equal((await api.posts.publish({ blogId: blog.id, postId: made.id! })).data.status, 'SCHEDULED');
      const published = (await api.posts.publish({ blogId: blog.id, postId: made.id!, publishDate: new Date(t.clock.ms).toISOString() }))
        .data;
      assert.equal(published.status, 'LIVE');
      assert.equal((await t.get('apiblog', new URL(published.url!).pathname)).statusCode, 200);
      await api.posts.delete({ blogId: blog.id, postId: made.id!, useTrash: true });
      assert.equal((await client(ownerToken).posts.get({ blogId: blog.id, postId: made.id! })).data.status, 'SOFT_TRASHED');
      await api.posts.delete({ blogId: blog.id, postId: made.id! });
      assert.equal((await apiError(client(ownerToken).posts.get({ blogId: blog.id, postId: made.id! }))).code, 404);
    });

    test('writes are refused without a token, with a read-only one, on another blog, and for others\u2019 posts', async () => {
      const body = { title: 'No', content: '<p>no</p>' };
      assert.deepEqual(await apiError(client().posts.insert({ blogId: blog.id, requestBody: body })), {
        code: 403,
        reason: 'forbidden',
        message: 'Your token or role does not allow writing here.',
      });
      assert.equal((await apiError(client(readToken).posts.insert({ blogId: blog.id, requestBody: body }))).code, 403);
      assert.equal((await apiError(client(strangerToken).posts.insert({ blogId: blog.id, requestBody: body }))).code, 403);
      const ownersPost = live[0]!;
      assert.equal(
        (await apiError(client(authorToken).posts.patch({ blogId: blog.id, postId: ownersPost.id, requestBody: { title: 'Mine now' } })))
          .code,
        403,
      );
      assert.equal((await apiError(client(authorToken).pages.insert({ blogId: blog.id, requestBody: body }))).code, 403);
      assert.deepEqual(await apiError(client('dst_not-a-real-token').blogs.get({ blogId: blog.id })), {
        code: 401,
        reason: 'authError',
        message: 'The token is not valid: it is unknown, revoked or expired.',
      });
      assert.equal(
        (await t.services.api.posts.get(blog, { actor: { userId: owner.id, role: 'owner' }, level: 'admin' }, 'post', ownersPost.id)).post
          .title,
        'Live post 0',
      );
    });

    test('pages: insert, list, get, patch, revert, publish, delete', async () => {
      const api = client(ownerToken);
      const page = (await api.pages.insert({ blogId: blog.id, requestBody: { title: 'About', content: '<p>About us</p>' } })).data;
      assert.equal(page.kind, 'blogger#page');
      assert.equal(page.status, 'LIVE');
      assert.equal((await t.get('apiblog', new URL(page.url!).pathname)).statusCode, 200);
      assert.deepEqual(
        (await client().pages.list({ blogId: blog.id })).data.items?.map((p) => p.title),
        ['About'],
      );
      assert.equal(
        (await api.pages.patch({ blogId: blog.id, pageId: page.id!, requestBody: { title: 'About me' } })).data.title,
        'About me',
      );
      assert.equal((await api.pages.revert({ blogId: blog.id, pageId: page.id! })).data.status, 'DRAFT');
      assert.equal((await apiError(client().pages.get({ blogId: blog.id, pageId: page.id! }))).code, 404);
      assert.equal((await api.pages.publish({ blogId: blog.id, pageId: page.id! })).data.status, 'LIVE');
      assert.equal((await client().pages.get({ blogId: blog.id, pageId: page.id! })).data.title, 'About me');
      await api.pages.delete({ blogId: blog.id, pageId: page.id! });
      assert.equal((await apiError(client().pages.get({ blogId: blog.id, pageId: page.id! }))).code, 404);
    });

    test('comments: list, listByBlog, get, approve, markAsSpam, removeContent, delete', async () => {
      const post = live[5]!;
      const add = (status: 'live' | 'pending', name: string) =>
        t.services.comments.addComment({ blogId: blog.id, postId: post.id, authorName: name, body: `Comment by ${name}`, status });
      const shown = await add('live', 'Reader One');
      const held = await add('pending', 'Reader Two');
      const spam = await add('pending', 'Spammer');
      const anon = (await client().comments.list({ blogId: blog.id, postId: post.id })).data;
      assert.equal(anon.kind, 'blogger#commentList');
      assert.deepEqual(
        anon.items?.map((c) => c.id),
        [shown.id],
      );
      assert.equal((await apiError(client().comments.list({ blogId: blog.id, postId: post.id, status: 'pending' }))).code, 403);
      assert.equal((await apiError(client(authorToken).comments.list({ blogId: blog.id, postId: post.id, status: 'pending' }))).code, 403);
      const queue = (await client(ownerToken).comments.listByBlog({ blogId: blog.id, status: ['pending'] })).data;
      assert.deepEqual(queue.items?.map((c) => c.id).sort(), [held.id, spam.id].sort());
      const api = client(ownerToken);
      assert.equal((await api.comments.approve({ blogId: blog.id, postId: post.id, commentId: held.id })).data.status, 'LIVE');
      assert.equal((await api.comments.markAsSpam({ blogId: blog.id, postId: post.id, commentId: spam.id })).data.status, 'SPAM');
      assert.equal(
        (await client().comments.get({ blogId: blog.id, postId: post.id, commentId: held.id })).data.author?.displayName,
        'Reader Two',
      );
      const emptied = (await api.comments.removeContent({ blogId: blog.id, postId: post.id, commentId: shown.id })).data;
      assert.equal(emptied.status, 'EMPTIED');
      assert.equal(emptied.content, '');
      await api.comments.delete({ blogId: blog.id, postId: post.id, commentId: held.id });
      assert.equal((await apiError(client().comments.get({ blogId: blog.id, postId: post.id, commentId: held.id }))).code, 404);
      assert.equal(
        (await apiError(client(readToken).comments.approve({ blogId: blog.id, postId: post.id, commentId: spam.id }))).code,
        403,
      );
      assert.equal((await client().posts.get({ blogId: blog.id, postId: post.id })).data.replies?.totalItems, '0');
    });

    test('postUserInfos and pageViews', async () => {
      const mine = (await client(authorToken).postUserInfos.get({ userId: 'self', blogId: blog.id, postId: live[1]!.id })).data;
      assert.equal(mine.post_user_info?.hasEditAccess, true);
      const theirs = (await client(authorToken).postUserInfos.get({ userId: 'self', blogId: blog.id, postId: live[0]!.id })).data;
      assert.equal(theirs.post_user_info?.hasEditAccess, false);
      const listed = (await client(authorToken).postUserInfos.list({ userId: 'self', blogId: blog.id, maxResults: 3 })).data;
      assert.equal(listed.items?.length, 3);
      assert.ok(listed.nextPageToken);
      const views = (await client(ownerToken).pageViews.get({ blogId: blog.id, range: ['7DAYS', '30DAYS', 'all'] })).data;
      assert.equal(views.kind, 'blogger#page_views');
      assert.deepEqual(
        views.counts?.map((c) => c.timeRange),
        ['SEVEN_DAYS', 'THIRTY_DAYS', 'ALL_TIME'],
      );
      assert.ok(views.counts?.every((c) => typeof c.count === 'string'));
      assert.equal((await apiError(client(authorToken).pageViews.get({ blogId: blog.id }))).code, 403);
    });

    test('fields= partial responses and ETag / If-None-Match', async () => {
      const partial = (
        await client().posts.list({ blogId: blog.id, maxResults: 2, fields: 'items(id,title,author/displayName),nextPageToken' })
      ).data;
      assert.deepEqual(Object.keys(partial).sort(), ['items', 'nextPageToken']);
      assert.deepEqual(Object.keys(partial.items![0]!).sort(), ['author', 'id', 'title']);
      assert.deepEqual(Object.keys(partial.items![0]!.author!), ['displayName']);
      assert.equal((await apiError(client().posts.list({ blogId: blog.id, fields: 'items(id' }))).code, 400);
      const url = `${root}v3/blogs/${blog.id}/posts?maxResults=3`;
      const first = await fetch(url);
      const etag = first.headers.get('etag')!;
      assert.ok(etag);
      assert.equal((await fetch(url, { headers: { 'if-none-match': etag } })).status, 304);
    });

    test('browser apps on other sites may call it with a token (CORS; no cookie is ever read)', async () => {
      const preflight = await fetch(`${root}v3/blogs/${blog.id}/posts`, {
        method: 'OPTIONS',
        headers: {
          origin: 'https://app.example',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization',
        },
      });
      assert.equal(preflight.status, 204);
      assert.match(preflight.headers.get('access-control-allow-headers')!, /Authorization/);
      const made = await fetch(`${root}v3/blogs/${blog.id}/posts?isDraft=true`, {
        method: 'POST',
        headers: { origin: 'https://app.example', authorization: `Bearer ${ownerToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'From a web app', content: '<p>hi</p>' }),
      });
      assert.equal(made.status, 200);
      assert.equal(made.headers.get('access-control-allow-origin'), '*');
      const anonymous = await fetch(`${root}v3/blogs/${blog.id}/posts?isDraft=true`, {
        method: 'POST',
        headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'No token', content: '<p>no</p>' }),
      });
      assert.equal(anonymous.status, 403);
    });

    test('a revoked token gets 401 at once; tokens are rate limited', async () => {
      const made = await t.services.api.tokens.create(owner.id, 'short-lived', [{ blog: blog.id, level: 'read' }]);
      assert.equal((await client(made.token).users.get({ userId: 'self' })).data.id, owner.id);
      assert.ok(await t.services.api.tokens.revoke(owner.id, made.row.id));
      assert.equal((await apiError(client(made.token).users.get({ userId: 'self' }))).code, 401);
      const expiring = await t.services.api.tokens.create(owner.id, 'a day', [{ blog: blog.id, level: 'read' }], 1);
      t.clock.advance(DAY + 1);
      assert.equal((await apiError(client(expiring.token).users.get({ userId: 'self' }))).code, 401);
      t.clock.advance(-(DAY + 1));
      // 40 requests a minute per token in this app: the 41st from one token is refused, another token goes on.
      const limited = await t.services.api.tokens.create(owner.id, 'busy', [{ blog: blog.id, level: 'read' }]);
      const codes: number[] = [];
      for (let i = 0; i < 41; i++)
        codes.push((await fetch(`${root}v3/users/self`, { headers: { authorization: `Bearer ${limited.token}` } })).status);
      assert.deepEqual(codes.slice(0, 40), Array(40).fill(200));
      assert.equal(codes[40], 429);
      assert.deepEqual(await apiError(client(limited.token).users.get({ userId: 'self' })), {
        code: 429,
        reason: 'rateLimitExceeded',
        message: (await apiError(client(limited.token).users.get({ userId: 'self' }))).message,
      });
      assert.equal((await client(readToken).users.get({ userId: 'self' })).status, 200);
    });
  });
}
