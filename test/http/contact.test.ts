/**
 * The contact form on both databases, with a real SMTP server receiving the owners' mail: the form page,
 * the same refusals as comments (honeypot, time to submit, flood, reject words, a hostile body made
 * harmless), the message in the dashboard inbox (never on the blog), read / spam / not spam / delete,
 * and the mail with Reply-To the sender.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SmtpTransport } from '../../src/domain/subscriptions/mail-transport.js';
import { DEFAULT_COMMENT_SETTINGS } from '../../src/domain/comments/comment-settings.js';
import type { BlogRow, UserRow } from '../../src/storage/schema.js';
import { testDatabases } from '../helpers/databases.js';
import { BROWSER_UA, hostOf, startTestApp, type TestApp } from '../helpers/app.js';
import { Client } from '../helpers/browser-client.js';
import { makeBlog, makePost } from '../helpers/factories.js';
import { startInbox, to, type Inbox } from '../helpers/smtp-inbox.js';

let addressCounter = 0;
const nextAddress = () => `203.0.113.${++addressCounter}`;

for (const database of testDatabases) {
  describe(`the contact form on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    let smtp: Inbox;
    let blog: BlogRow;
    let owner: UserRow;

    before(async () => {
      smtp = await startInbox();
      t = await startTestApp(database, { parts: { transport: new SmtpTransport(`smtp://127.0.0.1:${smtp.port}`) } });
      blog = await makeBlog(t.services, { name: 'www', title: 'Noor’s <Notes>' });
      await makeBlog(t.services, { name: 'other', title: 'Other' });
      owner = await t.services.users.createUser({ email: 'owner@example.com', displayName: 'Olive' });
      await t.services.users.addMember(blog.id, owner.id, 'owner');
      const author = await t.services.users.createUser({ email: 'author@example.com' });
      await t.services.users.addMember(blog.id, author.id, 'author');
      await makePost(t.services, blog, { title: 'A post' });
    });
    after(async () => {
      await t.close();
      await smtp.close();
    });

    /** Sends the contact form from `address`, as a browser would. */
    const send = (fields: Record<string, string>, address = nextAddress(), host = hostOf('www'), accept = 'text/html') =>
      t.app.inject({
        method: 'POST',
        url: '/contact',
        remoteAddress: address,
        headers: { host, 'user-agent': BROWSER_UA, accept, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams(fields).toString(),
      });
    const stampOf = async (blogName = 'www') => {
      const page = await t.get(blogName, '/contact');
      assert.equal(page.statusCode, 200);
      return /name="_ts" value="([^"]+)"/.exec(page.body)![1]!;
    };
    const messagesOf = (folder: 'inbox' | 'spam') => t.services.contact.folder(blog.id, folder, 1).then((f) => f.messages);

    test('the form page: name, e-mail, message, a honeypot and a stamp, in the blog’s theme', async () => {
      const page = await t.get('www', '/contact');
      assert.equal(page.statusCode, 200);
      assert.equal(page.headers['cache-control'], 'no-store');
      assert.match(page.body, /<form method="post" action="\/contact"/);
      for (const name of ['name', 'email', 'message', 'homepage', '_ts']) assert.match(page.body, new RegExp(`name="${name}"`));
      assert.match(page.body, /Noor’s &lt;Notes&gt;/);
      assert.equal((await t.get('nowhere', '/contact')).statusCode, 404);
    });

    test('refused as comments are: honeypot, too quick, a stamp of another blog, bad fields, reject words; nothing stored', async () => {
      const stamp = await stampOf();
      const fields = { name: 'Rita', email: 'rita@example.org', message: 'Hello there', _ts: stamp };
      const quick = await send(fields);
      assert.equal(quick.statusCode, 400);
      assert.match(quick.body, /quicker than anyone can type/);
      assert.match(quick.body, /value="rita@example.org"/, 'the form comes back with what was typed');
      t.clock.advance(5000);
      const robot = await send({ ...fields, homepage: 'http://spam.example' });
      assert.equal(robot.statusCode, 400);
      assert.match(robot.body, /looks automated/);
      const otherStamp = await stampOf('other');
      t.clock.advance(5000);
      const foreign = await send({ ...fields, _ts: otherStamp });
      assert.equal(foreign.statusCode, 400);
      assert.match(foreign.body, /did not come from this blog/);
      for (const [change, pattern] of [
        [{ email: 'not an address' }, /e-mail address/],
        [{ name: ' ' }, /your name/],
        [{ message: '  ' }, /empty/],
        [{ message: 'bad\u0000byte' }, /control characters/],
      ] as const) {
        const res = await send({ ...fields, ...change });
        assert.equal(res.statusCode, 400, JSON.stringify(change));
        assert.match(res.body, pattern);
      }
      await t.services.commentSettings.save(blog.id, { ...DEFAULT_COMMENT_SETTINGS, rejectWords: ['viagra'] });
      const rejected = await send({ ...fields, message: 'Cheap VIAGRA here' });
      assert.equal(rejected.statusCode, 422);
      assert.match(rejected.body, /cannot be sent/);
      await t.services.commentSettings.save(blog.id, DEFAULT_COMMENT_SETTINGS);
      assert.deepEqual(await messagesOf('inbox'), []);
      assert.deepEqual(await messagesOf('spam'), []);
    });

    test('a message lands in the inbox, reaches the owners by real SMTP with Reply-To, and never shows on the blog', async () => {
      smtp.mails.length = 0;
      const stamp = await stampOf();
      t.clock.advance(10_000);
      const hostile =
        'Hi! <script>alert(1)</script><img src=x onerror=alert(2)> <a href="javascript:alert(3)">x</a>\n\nSee https://example.org/a.';
      const res = await send({ name: 'Rita <b>Reader</b>', email: 'rita@example.org', message: hostile, _ts: stamp });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /your message was sent/);
      const [message] = await messagesOf('inbox');
      assert.ok(message);
      assert.doesNotMatch(message.body_html, /<script|onerror|javascript:|<img/i);
      assert.match(message.body_html, /^<p>Hi! /);
      assert.match(message.body_html, /<a href="https:\/\/example.org\/a" rel="nofollow ugc noopener">/);
      assert.equal(message.read_at, null);

      await t.services.jobs.drainForTests();
      const mail = smtp.mails.find((m) => to(m) === 'owner@example.com') ?? assert.fail('no mail to the owner');
      assert.equal(smtp.mails.filter((m) => to(m) === 'author@example.com').length, 0, 'authors do not read the inbox');
      assert.equal(mail.replyTo?.value[0]?.address, 'rita@example.org');
      assert.match(mail.subject!, /Message from Rita <b>Reader<\/b> via Noor’s <Notes>/);
      assert.match(mail.text!, /Hi! /);
      assert.doesNotMatch(mail.text!, /alert/);
      assert.doesNotMatch(String(mail.html), /<script|onerror/i);
      assert.match(mail.text!, new RegExp(`/admin/blogs/www/inbox/${message.id}`));
      await t.services.jobs.drainForTests();
      assert.equal(smtp.mails.length, 1, 'mailed once');

      for (const path of ['/', '/contact', '/feeds/posts/default', '/feeds/comments/default', '/sitemap.xml']) {
        const page = await t.get('www', path);
        assert.doesNotMatch(page.body, /rita@example\.org/, `${path} shows no sender address`);
      }

      const client = await new Client(t.app).signInAs(t.services, owner);
      const inbox = await client.get('/admin/blogs/www/inbox');
      assert.equal(inbox.statusCode, 200);
      assert.match(inbox.body, /rita@example\.org/);
      assert.match(inbox.body, /Rita &lt;b&gt;Reader&lt;\/b&gt;/);
      assert.match(inbox.body, /class="badge">1<span class="visually-hidden"> unread/);
      const opened = await client.get(`/admin/blogs/www/inbox/${message.id}`);
      assert.equal(opened.statusCode, 200);
      assert.match(opened.body, /See <a href="https:\/\/example.org\/a"/);
      assert.doesNotMatch(opened.body, /alert\(/);
      assert.notEqual((await messagesOf('inbox'))[0]!.read_at, null, 'opening it marks it read');
      assert.equal((await client.post('/admin/blogs/www/inbox', { one: `unread:${message.id}` })).statusCode, 303);
      assert.equal((await messagesOf('inbox'))[0]!.read_at, null);
      await client.get('/admin/blogs/www/inbox');
      assert.equal((await client.post('/admin/blogs/www/inbox', { one: `spam:${message.id}` })).statusCode, 303);
      assert.equal((await messagesOf('spam')).length, 1);
      await client.get('/admin/blogs/www/inbox?folder=spam');
      assert.equal((await client.post('/admin/blogs/www/inbox', { folder: 'spam', ids: [message.id], action: 'delete' })).statusCode, 303);
      assert.deepEqual(await messagesOf('spam'), []);
      const bad = await client.post('/admin/blogs/www/inbox', { action: 'explode', ids: ['1'] });
      assert.equal(bad.statusCode, 400);
      assert.equal((await client.get('/admin/blogs/www/inbox/999999')).statusCode, 404);
    });

    test('the flood check: one message per address (and per e-mail) every 15 seconds', async () => {
      const stamp = await stampOf();
      t.clock.advance(10_000);
      const address = nextAddress();
      const first = await send({ name: 'Fay', email: 'fay@example.org', message: 'One', _ts: stamp }, address);
      assert.equal(first.statusCode, 200);
      const again = await send(
        { name: 'Fay', email: 'fay@example.org', message: 'Two', _ts: stamp },
        address,
        hostOf('www'),
        'application/json',
      );
      assert.equal(again.statusCode, 429);
      assert.ok(Number(again.headers['retry-after']) > 0);
      assert.match(JSON.parse(again.body).message, /too quickly/);
      const sameMail = await send({ name: 'Fay', email: 'FAY@example.org', message: 'Three', _ts: stamp });
      assert.equal(sameMail.statusCode, 429, 'the same e-mail from another address');
      t.clock.advance(16_000);
      const later = await send(
        { name: 'Fay', email: 'fay@example.org', message: 'Four', _ts: stamp },
        address,
        hostOf('www'),
        'application/json',
      );
      assert.equal(later.statusCode, 201);
      assert.equal(JSON.parse(later.body).status, 'sent');
    });

    test('a message the screens hold goes to the spam folder, unmailed; "not spam" moves it back and mails it', async () => {
      await t.services.jobs.drainForTests();
      smtp.mails.length = 0;
      await t.services.commentSettings.save(blog.id, { ...DEFAULT_COMMENT_SETTINGS, maxLinks: 1, proofOfWork: false });
      const stamp = await stampOf();
      t.clock.advance(10_000);
      const links = 'https://a.example/1 https://a.example/2 https://a.example/3';
      const res = await send({ name: 'Sam', email: 'sam@example.org', message: links, _ts: stamp });
      assert.equal(res.statusCode, 200);
      await t.services.jobs.drainForTests();
      const held = (await messagesOf('spam')).find((m) => m.name === 'Sam') ?? assert.fail('not in the spam folder');
      assert.match(held.reasons, /3 links \(the limit is 1\)/);
      assert.equal(smtp.mails.length, 0, 'spam is not mailed');
      const client = await new Client(t.app).signInAs(t.services, owner);
      const folder = await client.get('/admin/blogs/www/inbox?folder=spam');
      assert.match(folder.body, /3 links \(the limit is 1\)/);
      await client.post('/admin/blogs/www/inbox', { folder: 'spam', one: `not-spam:${held.id}` });
      await t.services.jobs.drainForTests();
      assert.equal(smtp.mails.length, 1);
      assert.equal((await messagesOf('inbox')).filter((m) => m.name === 'Sam').length, 1);
      await t.services.commentSettings.save(blog.id, DEFAULT_COMMENT_SETTINGS);
    });

    test('another blog’s owner cannot see or touch this inbox', async () => {
      const stranger = await t.services.users.createUser({ email: 'stranger@example.com' });
      const otherBlog = (await t.services.repositories.blogs.findByName('other'))!;
      await t.services.users.addMember(otherBlog.id, stranger.id, 'owner');
      const [message] = await messagesOf('inbox');
      assert.ok(message);
      const client = await new Client(t.app, hostOf('other')).signInAs(t.services, stranger);
      assert.equal((await client.get('/admin/blogs/www/inbox')).statusCode, 404);
      await client.get('/admin/blogs/other/inbox');
      await client.post('/admin/blogs/other/inbox', { one: `delete:${message.id}` });
      assert.ok(await t.services.contact.open(blog.id, message.id), 'the ID of another blog’s message changed nothing');
    });
  });
}
