/**
 * Webhooks against a real receiving HTTP server on 127.0.0.1 (allowed by the install's OUTBOUND_ALLOW),
 * which checks every signature with the `standardwebhooks` library as a receiver would: the owner adds
 * an endpoint in the dashboard, posts published, changed and deleted through the Blogger API and
 * comments moderated are delivered, a 500 is tried again with backoff and each try is logged, "send
 * again" works, an endpoint failing five deliveries in a row is turned off, nothing goes to a loopback
 * address an install does not allow, no redirect is followed, and only the blog's owner reaches any of it.
 * On both databases.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import type { BlogRow, UserRow } from '../../src/storage/schema.js';
import { WebhookRepository } from '../../src/storage/repositories/webhook.repository.js';
import { SubscriberRepository } from '../../src/storage/repositories/subscriber.repository.js';
import { testDatabases } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { Client } from '../helpers/browser-client.js';
import { Commenter } from '../helpers/commenter.js';
import { postPath } from '../../src/domain/blogs/urls.js';
import { makeBlog, TestClock } from '../helpers/factories.js';

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The verified payload, or the verification error. */
  event: { type: string; data: Record<string, any> } | Error;
}

/** A webhook receiver: answers each path with the next of its queued codes (200 when none is left). */
async function startReceiver(secretOf: (path: string) => string) {
  const received: Received[] = [];
  const answers = new Map<string, number[]>();
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let event: Received['event'];
      try {
        event = new Webhook(secretOf(request.url ?? '')).verify(body, request.headers as Record<string, string>) as Received['event'];
      } catch (error) {
        event = error as Error;
      }
      received.push({ path: request.url ?? '', headers: request.headers, body, event });
      const code = answers.get(request.url ?? '')?.shift() ?? 200;
      if (code === 302) response.writeHead(302, { location: 'http://127.0.0.1:1/elsewhere' });
      else response.writeHead(code, { 'content-type': 'text/plain' });
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    received,
    answers,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Publishes a post from the dashboard's editor, as its owner. */
function publishPost(t: TestApp, blog: BlogRow, owner: UserRow, title: string) {
  const input = {
    title,
    body: '<p>x</p>',
    format: 'html' as const,
    labels: [],
    slug: '',
    searchDescription: '',
    commentsSetting: 'allow' as const,
  };
  return t.services.editor.create(blog, 'post', { ...input, author: owner, role: 'owner' }, 'publish', owner.id);
}

const ALL_POST_EVENTS = [
  'post.published',
  'post.updated',
  'post.unpublished',
  'post.deleted',
  'comment.approved',
  'comment.spam',
  'member.added',
];

for (const database of testDatabases) {
  describe(`webhooks on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    let blog: BlogRow;
    let other: BlogRow;
    let owner: UserRow;
    let admin: UserRow;
    let secret = '';
    /** Secrets of endpoints other than the first, by their path on the receiver. */
    const secrets = new Map<string, string>();
    let receiver: Awaited<ReturnType<typeof startReceiver>>;
    let token = '';

    before(async () => {
      receiver = await startReceiver((path) => secrets.get(path) ?? secret);
      // Signatures carry the send time; receivers refuse old ones, so the app's clock starts now.
      t = await startTestApp(database, { clock: new TestClock(Date.now()), outboundAllow: ['127.0.0.1'] });
      blog = await makeBlog(t.services, { name: 'www', title: 'Hooks blog' });
      other = await makeBlog(t.services, { name: 'other', title: 'Other blog' });
      owner = await t.services.users.createUser({ email: `hook-owner-${database.name}@example.com`, displayName: 'Owner' });
      admin = await t.services.users.createUser({ email: `hook-admin-${database.name}@example.com` });
      await t.services.users.addMember(blog.id, owner.id, 'owner');
      await t.services.users.addMember(other.id, owner.id, 'owner');
      await t.services.users.addMember(blog.id, admin.id, 'admin');
      token = (await t.services.api.tokens.create(owner.id, 'hooks', [{ blog: blog.id, level: 'admin' }])).token;
    });
    after(async () => {
      await t?.close();
      await receiver?.close();
    });

    const api = (method: 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
      t.app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${token}`, ...(payload ? { 'content-type': 'application/json' } : {}) },
        payload,
      });
    const eventsAt = (path: string) => receiver.received.filter((r) => r.path === path);

    test('the owner adds an endpoint; API writes and moderation reach it signed; a 500 is tried again and logged', async () => {
      const client = await new Client(t.app).signInAs(t.services, owner);
      const page = await client.get('/admin/blogs/www/webhooks');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /This blog has no webhooks yet/);
      const made = await client.post('/admin/blogs/www/webhooks', { url: receiver.url('/hook'), events: ALL_POST_EVENTS });
      assert.equal(made.statusCode, 200, made.body);
      secret =
        /id="secret-value" type="text" readonly value="(whsec_[^"]+)"/.exec(made.body)?.[1] ?? assert.fail('the secret is shown once');
      assert.doesNotMatch((await client.get('/admin/blogs/www/webhooks')).body, new RegExp(secret.slice(6, 20)), 'and never again');

      receiver.answers.set('/hook', [500, 500]);
      const inserted = await api('POST', `/v3/blogs/${blog.id}/posts`, { title: 'Hello hooks', content: '<p>Body</p>' });
      assert.equal(inserted.statusCode, 200, inserted.body);
      const postId = JSON.parse(inserted.body).id as string;
      await t.services.jobs.drainForTests();
      assert.equal(eventsAt('/hook').length, 1, 'the first try was answered 500');
      t.clock.advance(11_000);
      await t.services.jobs.drainForTests();
      assert.equal(eventsAt('/hook').length, 2, 'tried again after the backoff');
      t.clock.advance(21_000);
      await t.services.jobs.drainForTests();
      const tries = eventsAt('/hook');
      assert.equal(tries.length, 3);
      for (const r of tries) {
        assert.ok(!(r.event instanceof Error), `the signature verifies: ${r.event instanceof Error ? r.event.message : ''}`);
        assert.equal(r.headers['webhook-id'], tries[0]!.headers['webhook-id'], 'one ID across retries, so receivers drop repeats');
      }
      const published = tries[2]!.event as { type: string; data: Record<string, any> };
      assert.equal(published.type, 'post.published');
      assert.equal(published.data.post.id, postId);
      assert.equal(published.data.post.title, 'Hello hooks');
      assert.match(published.data.post.url, /^https:\/\/example\.test\/\d{4}\/\d{2}\/hello-hooks\.html$/);
      assert.equal(published.data.blog.id, blog.id);

      // A forged body fails the receiver's check.
      assert.throws(() =>
        new Webhook(secret).verify(tries[2]!.body.replace('Hello', 'Jello'), tries[2]!.headers as Record<string, string>),
      );

      const [hook] = await t.services.webhooks.list(blog.id);
      const log = await client.get(`/admin/blogs/www/webhooks/${hook!.id}`);
      assert.equal(log.statusCode, 200);
      assert.equal((log.body.match(/HTTP 500/g) ?? []).length, 2, 'both failed tries are in the log');
      assert.match(log.body, /HTTP 200/);
      assert.match(log.body, /Delivered/);

      assert.equal(
        (await api('PUT', `/v3/blogs/${blog.id}/posts/${postId}`, { title: 'Hello again', content: '<p>More</p>' })).statusCode,
        200,
      );
      assert.equal((await api('POST', `/v3/blogs/${blog.id}/posts/${postId}/revert`)).statusCode, 200);
      assert.equal((await api('DELETE', `/v3/blogs/${blog.id}/posts/${postId}?useTrash=true`)).statusCode, 204);
      await t.services.jobs.drainForTests();
      const types = eventsAt('/hook')
        .slice(3)
        .map((r) => (r.event as { type: string }).type);
      assert.deepEqual(types, ['post.updated', 'post.unpublished', 'post.deleted']);
    });

    test('comments approved or marked spam, and members joining, are sent; events not chosen are not', async () => {
      const before = eventsAt('/hook').length;
      const post = await publishPost(t, blog, owner, 'Commented');
      const held = await t.services.comments.addComment({
        blogId: blog.id,
        postId: post.id,
        parentId: null,
        authorName: 'Reader',
        authorEmail: 'reader@example.org',
        authorUrl: '',
        authorUserId: null,
        body: '<p>Nice</p>',
        status: 'pending',
        reasons: '',
        addressHash: null,
        emailHash: null,
        notifyReplies: false,
      });
      await t.services.commentModeration.act(blog, [held.id], 'approve', 'https://www.example.test');
      await t.services.commentModeration.act(blog, [held.id], 'spam', 'https://www.example.test');
      const newcomer = await t.services.users.createUser({ email: `newcomer-${database.name}@example.com` });
      await t.services.users.addMember(blog.id, newcomer.id, 'author');
      await t.services.users.addMember(other.id, newcomer.id, 'author');
      await t.services.jobs.drainForTests();
      const sent = eventsAt('/hook')
        .slice(before)
        .map((r) => r.event as { type: string; data: Record<string, any> });
      assert.deepEqual(
        sent.map((e) => e.type),
        ['post.published', 'comment.approved', 'comment.spam', 'member.added'],
      );
      assert.equal(sent[1]!.data.comment.id, held.id);
      assert.equal(sent[1]!.data.comment.author, 'Reader');
      assert.ok(!JSON.stringify(sent[1]).includes('reader@example.org'), 'no commenter e-mail leaves the blog');
      assert.deepEqual(sent[3]!.data.member, { userId: newcomer.id, role: 'author' });
    });

    test('comment.created fires for a signed-in member’s comment from the blog’s own form, as for a reader’s', async () => {
      const client = await new Client(t.app).signInAs(t.services, owner);
      await client.get('/admin/blogs/www/webhooks');
      const made = await client.post('/admin/blogs/www/webhooks', { url: receiver.url('/comments'), events: ['comment.created'] });
      assert.equal(made.statusCode, 200);
      secrets.set('/comments', /id="secret-value" type="text" readonly value="(whsec_[^"]+)"/.exec(made.body)![1]!);
      const post = await publishPost(t, blog, owner, 'Talk here');
      const member = new Commenter(t, 'www', '203.0.113.40');
      member.cookies.set('dastan_session', (await t.services.sessions.start(admin)).token);
      t.clock.advance(20_000);
      const mine = await member.comment(postPath(post), { body: 'From the blog’s admin, signed in' });
      assert.equal(mine.statusCode, 303, mine.body.slice(0, 300));
      const reader = await new Commenter(t, 'www', '203.0.113.41').comment(postPath(post), { body: 'From a reader' });
      assert.equal(reader.statusCode, 303, reader.body.slice(0, 300));
      await t.services.jobs.drainForTests();
      const sent = eventsAt('/comments').map((r) => r.event as { type: string; data: Record<string, any> });
      assert.deepEqual(
        sent.map((e) => e.type),
        ['comment.created', 'comment.created'],
      );
      const own = sent[0]!.data.comment;
      assert.equal(own.postId, post.id);
      assert.equal(own.status, 'live', 'a member’s comment is never held');
      assert.ok(!JSON.stringify(sent).includes(`hook-admin-${database.name}@example.com`), 'no member e-mail leaves the blog');
    });

    test('a reply posted from the moderation queue fires comment.created too, in reply to the comment', async () => {
      const before = eventsAt('/comments').length;
      const post = await publishPost(t, blog, owner, 'Answered from the queue');
      const asked = await new Commenter(t, 'www', '203.0.113.42').comment(postPath(post), { body: 'Is there a sequel?' });
      assert.equal(asked.statusCode, 303, asked.body.slice(0, 300));
      const [question] = await t.services.commentModeration.list(blog.id, 'live', 1);
      assert.match(question!.body_html, /sequel/);
      const client = await new Client(t.app).signInAs(t.services, owner);
      await client.get('/admin/blogs/www/comments?status=live');
      const answered = await client.post(`/admin/blogs/www/comments/${question!.id}/reply`, { status: 'live', reply: 'Next spring.' });
      assert.equal(answered.statusCode, 303, answered.body.slice(0, 300));
      await t.services.jobs.drainForTests();
      const sent = eventsAt('/comments')
        .slice(before)
        .map((r) => r.event as { type: string; data: Record<string, any> });
      assert.deepEqual(
        sent.map((e) => e.type),
        ['comment.created', 'comment.created'],
        'the reader’s comment, then the owner’s reply',
      );
      const reply = sent[1]!.data.comment;
      assert.equal(reply.inReplyTo, question!.id);
      assert.equal(reply.postId, post.id);
      assert.equal(reply.status, 'live');
      assert.match(reply.content, /Next spring\./);
      assert.ok(!JSON.stringify(sent[1]).includes(`hook-owner-${database.name}@example.com`), 'no member e-mail leaves the blog');
    });

    test('a post published through the API is mailed to subscribers, as one published in the dashboard', async () => {
      const rows = new SubscriberRepository(t.storage.db);
      await rows.insert({
        id: `9${Math.floor(Math.random() * 1e15)}`,
        blogId: blog.id,
        email: 'follower@example.org',
        status: 'active',
        frequency: 'each',
        confirmHash: null,
        source: 'dashboard',
        confirmedAt: t.clock.ms,
        now: t.clock.ms,
      });
      const inserted = await api('POST', `/v3/blogs/${blog.id}/posts`, { title: 'For followers', content: '<p>Mail me</p>' });
      const drafted = await api('POST', `/v3/blogs/${blog.id}/posts?isDraft=true`, { title: 'Not yet', content: '<p>Draft</p>' });
      await t.services.jobs.drainForTests();
      assert.deepEqual(await rows.mailCounts(JSON.parse(inserted.body).id), { sent: 1 });
      assert.deepEqual(await rows.mailCounts(JSON.parse(drafted.body).id), {}, 'a draft is mailed to no one');
      const published = await api('POST', `/v3/blogs/${blog.id}/posts/${JSON.parse(drafted.body).id}/publish`);
      assert.equal(published.statusCode, 200, published.body);
      await t.services.jobs.drainForTests();
      assert.deepEqual(await rows.mailCounts(JSON.parse(drafted.body).id), { sent: 1 }, 'publish by the API mails it');
      const home = await t.get('www', '/');
      assert.match(home.body, /For followers/, 'the blog’s pages show it at once (the cache is told)');
    });

    test('send again, and an endpoint failing five deliveries in a row is turned off', async () => {
      const client = await new Client(t.app).signInAs(t.services, owner);
      await client.get('/admin/blogs/www/webhooks');
      await client.post('/admin/blogs/www/webhooks', { url: receiver.url('/flaky'), events: ['post.published'] });
      const hook = (await t.services.webhooks.list(blog.id)).find((h) => h.url.endsWith('/flaky'))!;
      receiver.answers.set('/flaky', Array(20).fill(500));
      await api('POST', `/v3/blogs/${blog.id}/posts`, { title: 'Flaky', content: '<p>x</p>' });
      await t.services.jobs.drainForTests();
      const [delivery] = await t.services.webhooks.deliveries(blog.id, hook.id);
      assert.equal(delivery!.status, 'pending', 'waiting for its next try');

      const page = await client.get(`/admin/blogs/www/webhooks/${hook.id}`);
      assert.match(page.body, /Send again/);
      assert.equal(
        (await client.post(`/admin/blogs/www/webhooks/${hook.id}/deliveries/${delivery!.id}/again`, {}, { csrf: null })).statusCode,
        403,
      );
      for (let i = 0; i < 5; i++) {
        await client.get(`/admin/blogs/www/webhooks/${hook.id}`);
        const again = await client.post(`/admin/blogs/www/webhooks/${hook.id}/deliveries/${delivery!.id}/again`);
        assert.equal(again.statusCode, 303);
        await t.services.jobs.drainForTests();
      }
      const [after] = await t.services.webhooks.deliveries(blog.id, hook.id);
      assert.equal(after!.tries.length, 6, 'every try is in the log');
      const turnedOff = (await t.services.webhooks.list(blog.id)).find((h) => h.id === hook.id)!;
      assert.notEqual(turnedOff.disabled_at, null, 'turned off after five failed deliveries');
      const listed = await client.get('/admin/blogs/www/webhooks');
      assert.match(listed.body, /Turn on/);
      const count = eventsAt('/flaky').length;
      await api('POST', `/v3/blogs/${blog.id}/posts`, { title: 'Nobody hears', content: '<p>x</p>' });
      await t.services.jobs.drainForTests();
      assert.equal(eventsAt('/flaky').length, count, 'a turned-off endpoint gets nothing');
      await client.post(`/admin/blogs/www/webhooks/${hook.id}/enable`);
      assert.equal((await t.services.webhooks.find(blog.id, hook.id)).disabled_at, null);
    });

    test('no redirect is followed', async () => {
      const client = await new Client(t.app).signInAs(t.services, owner);
      await client.get('/admin/blogs/www/webhooks');
      await client.post('/admin/blogs/www/webhooks', { url: receiver.url('/moved'), events: ['post.published'] });
      const hook = (await t.services.webhooks.list(blog.id)).find((h) => h.url.endsWith('/moved'))!;
      receiver.answers.set('/moved', [302]);
      await api('POST', `/v3/blogs/${blog.id}/posts`, { title: 'Moved', content: '<p>x</p>' });
      await t.services.jobs.drainForTests();
      const [delivery] = await t.services.webhooks.deliveries(blog.id, hook.id);
      assert.match(delivery!.tries[0]!.error ?? '', /redirect/);
      assert.equal(eventsAt('/elsewhere').length, 0);
    });

    test('only the owner manages webhooks, of their own blog, with the form token; bad input changes nothing', async () => {
      const [hook] = await t.services.webhooks.list(blog.id);
      const adminClient = await new Client(t.app).signInAs(t.services, admin);
      assert.equal((await adminClient.get('/admin/blogs/www/webhooks')).statusCode, 403);
      assert.equal((await adminClient.get(`/admin/blogs/www/webhooks/${hook!.id}`)).statusCode, 403);
      await adminClient.get('/admin');
      assert.equal((await adminClient.post(`/admin/blogs/www/webhooks/${hook!.id}/delete`)).statusCode, 403);
      const client = await new Client(t.app).signInAs(t.services, owner);
      await client.get('/admin/blogs/other/webhooks');
      assert.equal((await client.post(`/admin/blogs/other/webhooks/${hook!.id}/delete`)).statusCode, 404, 'not another blog’s');
      assert.equal((await client.get(`/admin/blogs/other/webhooks/${hook!.id}`)).statusCode, 404);
      const count = (await t.services.webhooks.list(blog.id)).length;
      await client.get('/admin/blogs/www/webhooks');
      for (const [fields, message] of [
        [{ url: 'ftp://example.org/x', events: ['post.published'] }, /must start with https/],
        [{ url: 'not a url', events: ['post.published'] }, /full address/],
        [{ url: 'https://example.org/x', events: ['post.exploded'] }, /at least one event/],
        [{ url: 'https://example.org/x' }, /at least one event/],
        [{ url: 'https://user:pw@example.org/x', events: ['post.published'] }, /user name or password/],
        [{ url: 'https://192.168.1.10/x', events: ['post.published'] }, /local or private/],
      ] as const) {
        const refused = await client.post('/admin/blogs/www/webhooks', fields as Record<string, string | string[]>);
        assert.equal(refused.statusCode, 400, JSON.stringify(fields));
        assert.match(refused.body, message);
      }
      assert.equal(
        (await client.post('/admin/blogs/www/webhooks', { url: receiver.url('/x'), events: ['post.published'] }, { csrf: null }))
          .statusCode,
        403,
      );
      assert.equal((await t.services.webhooks.list(blog.id)).length, count);
      assert.equal((await client.post(`/admin/blogs/www/webhooks/${hook!.id}/delete`)).statusCode, 303);
      assert.equal((await t.services.webhooks.list(blog.id)).length, count - 1);
    });
  });

  describe(`webhooks on an install that allows no local address, on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    let receiver: Awaited<ReturnType<typeof startReceiver>>;

    before(async () => {
      receiver = await startReceiver(() => 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
      t = await startTestApp(database);
    });
    after(async () => {
      await t?.close();
      await receiver?.close();
    });

    test('127.0.0.1 is refused when the endpoint is added, and a name that resolves there is refused at delivery', async () => {
      const blog = await makeBlog(t.services, { name: 'www', title: 'Closed blog' });
      const owner = await t.services.users.createUser({ email: `closed-${database.name}@example.com` });
      await t.services.users.addMember(blog.id, owner.id, 'owner');
      const client = await new Client(t.app).signInAs(t.services, owner);
      await client.get('/admin/blogs/www/webhooks');
      const refused = await client.post('/admin/blogs/www/webhooks', { url: receiver.url('/local'), events: ['post.published'] });
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /not sent to local or private addresses/);
      assert.equal((await t.services.webhooks.list(blog.id)).length, 0);

      // A public-looking name whose address turns out to be loopback (as after a DNS change) is caught by the guard.
      const port = new URL(receiver.url('/')).port;
      await new WebhookRepository(t.storage.db).insert({
        id: '77',
        blog_id: blog.id,
        url: `http://localhost:${port}/sneaky`,
        secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
        events: JSON.stringify(['post.published']),
        created_by: owner.id,
        created_at: t.clock.ms,
        disabled_at: null,
      });
      await publishPost(t, blog, owner, 'Leak?');
      await t.services.jobs.drainForTests();
      assert.equal(receiver.received.length, 0, 'nothing reached the loopback receiver');
      const [delivery] = await t.services.webhooks.deliveries(blog.id, '77');
      assert.equal(delivery!.status, 'failed', 'refused for good, not tried again');
      assert.match(delivery!.tries[0]!.error ?? '', /private or local address/);
    });
  });
}
