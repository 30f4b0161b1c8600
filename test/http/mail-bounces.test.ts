/**
 * What happens around a mailing: the bounce mailbox (BOUNCE_MAILDIR) read with real-format DSN (RFC 3464)
 * and ARF (RFC 5965) messages — a hard bounce stops the address on every blog, a complaint the one
 * subscription it is about, a delay and an auto-reply nothing — shown to the owner on the subscribers
 * page and honoured by the next mailing; and a private blog, whose posts go only to subscribers who are
 * its readers or members (those who joined while it was public wait until it is public again).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SmtpTransport } from '../../src/domain/subscriptions/mail-transport.js';
import { BounceMailbox } from '../../src/domain/subscriptions/bounce-mailbox.js';
import { SubscriberRepository } from '../../src/storage/repositories/subscriber.repository.js';
import type { BlogRow, PostRow, UserRow } from '../../src/storage/schema.js';
import { testDatabases } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { Client } from '../helpers/browser-client.js';
import { makeBlog } from '../helpers/factories.js';
import { startInbox, to, type Inbox } from '../helpers/smtp-inbox.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/bounces/', import.meta.url));

for (const database of testDatabases) {
  describe(`bounces, complaints and private blogs' mail on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    let inbox: Inbox;
    let blog: BlogRow;
    let other: BlogRow;
    let owner: UserRow;
    const maildir = mkdtempSync(path.join(tmpdir(), 'dastan-bounces-'));

    before(async () => {
      inbox = await startInbox();
      t = await startTestApp(database, { parts: { transport: new SmtpTransport(`smtp://127.0.0.1:${inbox.port}`) } });
      blog = await makeBlog(t.services, { name: 'www', title: 'Travel Notes' });
      other = await makeBlog(t.services, { name: 'other', title: 'Other Notes' });
      owner = await t.services.users.createUser({ email: 'owner@example.com', displayName: 'Olive' });
      await t.services.users.addMember(blog.id, owner.id, 'owner');
      for (const dir of ['new', 'cur', 'tmp']) mkdirSync(path.join(maildir, dir));
    });
    after(async () => {
      await t.close();
      await inbox.close();
      rmSync(maildir, { recursive: true, force: true });
    });

    const publish = (title: string): Promise<PostRow> =>
      t.services.editor.create(
        blog,
        'post',
        {
          ...{ title, body: '<p>Rain over the old city.</p>', format: 'html', labels: [], slug: '', searchDescription: '' },
          ...{ commentsSetting: 'allow', author: owner, role: 'owner' },
        },
        'publish',
        owner.id,
      );
    const subscribe = (b: BlogRow, email: string) => t.services.subscriberList.add(b, { email, frequency: 'each' });

    test('hard bounces and complaints from the Maildir stop addresses; delays and auto-replies do not', async () => {
      const gone = await subscribe(blog, 'gone.reader@example.org');
      const goneElsewhere = await subscribe(other, 'gone.reader@example.org');
      const annoyed = await subscribe(blog, 'annoyed.reader@example.com');
      const annoyedElsewhere = await subscribe(other, 'annoyed.reader@example.com');
      const slow = await subscribe(blog, 'slow.reader@example.net');
      const happy = await subscribe(blog, 'happy@example.com');
      const fill = (name: string) =>
        readFileSync(path.join(FIXTURES, name), 'utf8')
          .replaceAll('POSTID', '404404663889783156')
          .replaceAll('SUBSCRIBERID', gone.id)
          .replaceAll('ANNOYEDID', annoyed.id)
          .replaceAll('SLOWID', slow.id);
      // As a mail server delivers into a Maildir: unique names in new/.
      for (const [i, name] of ['dsn-hard.eml', 'dsn-delayed.eml', 'arf-abuse.eml', 'auto-reply.eml'].entries())
        writeFileSync(path.join(maildir, 'new', `1733346002.M${i}P42.mx.example.test`), fill(name));

      const mailbox = new BounceMailbox(maildir, new SubscriberRepository(t.storage.db), t.clock.now);
      const scan = await mailbox.scan();
      assert.deepEqual(scan, { read: 4, hardBounces: 1, complaints: 1, stopped: 3 });
      const rows = new SubscriberRepository(t.storage.db);
      const status = async (id: string) => (await rows.findById(id))!;
      assert.equal((await status(gone.id)).status, 'stopped');
      assert.equal((await status(goneElsewhere.id)).status, 'stopped', 'a dead address is dead on every blog');
      assert.match((await status(gone.id)).stopped_reason!, /^Hard bounce: 5\.1\.1 smtp; 550 5\.1\.1 .*User unknown/);
      assert.equal(Number((await status(gone.id)).stopped_at), t.clock.ms);
      assert.equal((await status(annoyed.id)).status, 'stopped');
      assert.match((await status(annoyed.id)).stopped_reason!, /^Complaint: abuse report \(mail\.feedback\.example\.com\)/);
      assert.equal((await status(annoyedElsewhere.id)).status, 'active', 'a complaint about one blog leaves the others');
      assert.equal((await status(slow.id)).status, 'active', 'a delay is not a bounce');
      assert.equal((await status(happy.id)).status, 'active', 'an auto-reply is not a bounce');
      // Each message is marked seen in cur/; a second scan reads nothing.
      assert.deepEqual(readdirSync(path.join(maildir, 'new')), []);
      assert.equal(readdirSync(path.join(maildir, 'cur')).filter((f) => f.endsWith(':2,S')).length, 4);
      assert.deepEqual(await mailbox.scan(), { read: 0, hardBounces: 0, complaints: 0, stopped: 0 });

      const client = await new Client(t.app).signInAs(t.services, owner);
      const page = await client.get('/admin/blogs/www/subscribers?status=stopped');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /gone\.reader@example\.org/);
      assert.match(page.body, /Hard bounce: 5\.1\.1/);
      assert.match(page.body, /annoyed\.reader@example\.com/);
      assert.match(page.body, /Complaint: abuse report/);
      assert.doesNotMatch(page.body, /happy@example\.com/);

      inbox.mails.length = 0;
      await publish('After the bounces');
      await t.services.jobs.drainForTests();
      assert.deepEqual(inbox.mails.map(to).sort(), ['happy@example.com', 'slow.reader@example.net'], 'stopped addresses get nothing');
    });

    test('a private blog mails only subscribers who are its readers or members, until it is public again', async () => {
      const reader = await t.services.users.createUser({ email: 'reader@example.org', displayName: 'Rafi' });
      await t.services.users.addMember(blog.id, reader.id, 'reader');
      await subscribe(blog, 'reader@example.org');
      await subscribe(blog, 'owner@example.com');
      await t.services.blogs.updateSettings(blog.id, { visibility: 'private' });
      blog = (await t.services.repositories.blogs.findById(blog.id))!;
      inbox.mails.length = 0;
      await publish('Only for readers');
      await t.services.jobs.drainForTests();
      assert.deepEqual(inbox.mails.map(to).sort(), ['owner@example.com', 'reader@example.org']);

      await t.services.blogs.updateSettings(blog.id, { visibility: 'public' });
      blog = (await t.services.repositories.blogs.findById(blog.id))!;
      inbox.mails.length = 0;
      await publish('For everyone again');
      await t.services.jobs.drainForTests();
      assert.deepEqual(inbox.mails.map(to).sort(), [
        'happy@example.com',
        'owner@example.com',
        'reader@example.org',
        'slow.reader@example.net',
      ]);
    });
  });
}
