/**
 * Follow by e-mail against a real SMTP server (the `smtp-server` library as the receiving peer): the
 * double opt-in, the post mailed once per subscriber when it goes live (and not on later edits), the
 * received mails' headers and both parts, one-click unsubscribe without a session, a 550 stopping the
 * address and a 451 tried again later.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { header, startInbox, to, unsubscribeUrl, type Inbox } from '../helpers/smtp-inbox.js';
import { SmtpTransport } from '../../src/domain/subscriptions/mail-transport.js';
import { SubscriberRepository } from '../../src/storage/repositories/subscriber.repository.js';
import type { BlogRow, UserRow } from '../../src/storage/schema.js';
import { testDatabases } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { Client } from '../helpers/browser-client.js';
import { makeBlog } from '../helpers/factories.js';

for (const database of testDatabases) {
  describe(`follow by e-mail on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    let inbox: Inbox;
    let blog: BlogRow;
    let owner: UserRow;

    before(async () => {
      inbox = await startInbox();
      t = await startTestApp(database, { parts: { transport: new SmtpTransport(`smtp://127.0.0.1:${inbox.port}`) } });
      blog = await makeBlog(t.services, { name: 'www', title: 'Ayesha’s "Notes" <travel>' });
      owner = await t.services.users.createUser({ email: 'owner@example.com', displayName: 'Olive' });
      await t.services.users.addMember(blog.id, owner.id, 'owner');
    });
    after(async () => {
      await t.close();
      await inbox.close();
    });

    test('subscribe with double opt-in: a confirm mail, a single-use link, robots screened', async () => {
      const reader = new Client(t.app);
      const form = await reader.get('/subscribe');
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /name="email" type="email"/);
      assert.match(form.body, /value="weekly"/);
      const stamp = /name="_ts" value="([^"]+)"/.exec(form.body)![1]!;
      const tooQuick = await reader.post('/subscribe', { email: 'reader@example.org', _ts: stamp });
      assert.equal(tooQuick.statusCode, 400);
      assert.match(tooQuick.body, /quicker than anyone can type/);
      t.clock.advance(5000);
      const robot = await reader.post('/subscribe', { email: 'robot@example.org', _ts: stamp, homepage: 'http://spam.example' });
      assert.equal(robot.statusCode, 200, 'a robot is answered as anyone');
      const bad = await reader.post('/subscribe', { email: 'not an address', _ts: stamp });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /Please enter your e-mail address/);
      const ok = await reader.post('/subscribe', { email: 'Reader@Example.org', _ts: stamp, frequency: 'each' });
      assert.equal(ok.statusCode, 200);
      assert.match(ok.body, /check your inbox/);
      // Sent again at once: still one confirm mail.
      await reader.post('/subscribe', { email: 'reader@example.org', _ts: stamp });

      await t.services.jobs.drainForTests();
      assert.equal(inbox.mails.length, 1);
      const confirmMail = inbox.mails[0]!;
      assert.equal(to(confirmMail), 'reader@example.org');
      assert.match(confirmMail.subject!, /^Confirm that you follow/);
      assert.doesNotMatch(String(confirmMail.html), /<travel>/, 'the title is escaped in the HTML part');
      const link =
        /https:\/\/example\.test(\/subscribe\/confirm\?t=[^\s"<]+)/.exec(confirmMail.text!)?.[1] ?? assert.fail(confirmMail.text);

      const page = await reader.get(link);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Confirm your subscription/);
      const token = new URL(link, 'https://x').searchParams.get('t')!;
      const confirmed = await reader.post('/subscribe/confirm', { t: token });
      assert.equal(confirmed.statusCode, 200);
      assert.match(confirmed.body, /You are subscribed/);
      const rows = new SubscriberRepository(t.storage.db);
      const row = (await rows.findByEmail(blog.id, 'reader@example.org'))!;
      assert.equal(row.status, 'active');
      assert.equal(row.confirmed_at, t.clock.ms, 'the consent date is kept');
      assert.equal(await rows.findByEmail(blog.id, 'robot@example.org'), undefined);

      const forged = await reader.post('/subscribe/confirm', { t: `${token.slice(0, -2)}xx` });
      assert.equal(forged.statusCode, 404);
      const other = await makeBlog(t.services, { name: 'other' });
      const elsewhere = await new Client(t.app, `other.example.test`).post('/subscribe/confirm', { t: token });
      assert.equal(elsewhere.statusCode, 404, 'a link of one blog does nothing on another');
      assert.equal((await rows.findByEmail(other.id, 'reader@example.org')) ?? null, null);
    });

    test('a published post reaches each subscriber once, with list headers, both parts, absolute images and no script', async () => {
      const rows = new SubscriberRepository(t.storage.db);
      for (const email of ['second@example.org', 'gone@example.org', 'busy@example.org', 'digest@example.org'])
        await rows.insert({
          id: `9${Math.floor(Math.random() * 1e15)}`,
          blogId: blog.id,
          email,
          status: 'active',
          frequency: email.startsWith('digest') ? 'weekly' : 'each',
          confirmHash: null,
          source: 'dashboard',
          confirmedAt: t.clock.ms,
          now: t.clock.ms,
        });
      inbox.deferOnce.add('busy@example.org');
      inbox.mails.length = 0;
      const post = await t.services.editor.create(
        blog,
        'post',
        {
          title: 'Lahore in the rain',
          body: '<p>Rain <img src="/uploads/www/1/800.webp" alt="Street"> and <a href="/p/about.html">about</a>.</p><script>alert(1)</script><p onclick="x()">Clouds</p>',
          format: 'html',
          labels: [],
          slug: '',
          searchDescription: '',
          commentsSetting: 'allow',
          author: owner,
          role: 'owner',
        },
        'publish',
        owner.id,
      );
      await t.services.jobs.drainForTests();
      const received = inbox.mails.map(to).sort();
      assert.deepEqual(
        received,
        ['reader@example.org', 'second@example.org'],
        'the digest reader, the bounced and the deferred are not among them',
      );

      const mail = inbox.mails.find((m) => to(m) === 'reader@example.org')!;
      assert.equal(mail.subject, 'Lahore in the rain');
      assert.equal((mail.from!.value[0]!.name ?? '').includes('Notes'), true);
      assert.match(unsubscribeUrl(mail), /^https:\/\/example\.test\/unsubscribe\?t=/);
      assert.equal(header(mail, 'list-unsubscribe-post'), 'List-Unsubscribe=One-Click');
      assert.match(header(mail, 'list-id'), /<www\.example\.test>$/);
      assert.match(mail.messageId!, new RegExp(`^<${post.id}\\.\\d+@www\\.example\\.test>$`));
      const other = inbox.mails.find((m) => to(m) === 'second@example.org')!;
      assert.notEqual(other.messageId, mail.messageId, 'one Message-ID per subscriber');
      const html = String(mail.html);
      assert.match(html, /<img src="https:\/\/example\.test\/uploads\/www\/1\/800\.webp"/);
      assert.match(html, /href="https:\/\/example\.test\/p\/about\.html"/);
      assert.doesNotMatch(html, /<script|onclick|alert\(1\)/i);
      assert.match(mail.text!, /Rain/);
      assert.match(mail.text!, /Unsubscribe: https:\/\/example\.test\/unsubscribe\?t=/);

      // 550: the address is stopped and its mail recorded as bounced.
      const gone = (await rows.findByEmail(blog.id, 'gone@example.org'))!;
      assert.equal(gone.status, 'stopped');
      assert.match(gone.stopped_reason!, /550/);
      assert.deepEqual(await rows.mailCounts(post.id), { sent: 2, bounced: 1 });
      // 451: tried again after its backoff.
      t.clock.advance(60_000);
      await t.services.jobs.drainForTests();
      assert.deepEqual(inbox.mails.map(to).sort(), ['busy@example.org', 'reader@example.org', 'second@example.org']);

      // Edited and published again: nobody gets it twice.
      await t.services.editor.moveToTrash(blog.id, [post.id]);
      await t.services.editor.restore(blog.id, [post.id]);
      const again = (await t.services.repositories.posts.findById(blog.id, post.id))!;
      await t.services.newsletter.postPublished(again);
      t.clock.advance(3_600_000);
      await t.services.jobs.drainForTests();
      assert.equal(inbox.mails.length, 3);
    });

    test('one-click unsubscribe works from a mail provider: no session, no form token, another Origin', async () => {
      const mail = inbox.mails.find((m) => to(m) === 'second@example.org')!;
      const url = new URL(unsubscribeUrl(mail));
      const res = await t.app.inject({
        method: 'POST',
        url: `${url.pathname}${url.search}`,
        headers: { host: 'www.example.test', origin: 'https://mail.example.net', 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'List-Unsubscribe=One-Click',
      });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /You are unsubscribed/);
      const rows = new SubscriberRepository(t.storage.db);
      assert.equal((await rows.findByEmail(blog.id, 'second@example.org'))!.status, 'unsubscribed');
      const forged = await t.app.inject({
        method: 'POST',
        url: '/unsubscribe?t=eyJzIjoiMSJ9.forged',
        headers: { host: 'www.example.test', 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'List-Unsubscribe=One-Click',
      });
      assert.equal(forged.statusCode, 404);
      assert.equal((await rows.findByEmail(blog.id, 'reader@example.org'))!.status, 'active');
    });
  });
}
