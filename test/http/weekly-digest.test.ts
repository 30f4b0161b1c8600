/**
 * The weekly digest against a real SMTP server: on Monday at 08:00 in the blog's time zone, each weekly
 * subscriber gets one mail with the posts of the week before (not those published "blog only", not the
 * ones of the week before that), with the list headers; every-post subscribers get no digest; a second
 * run sends nothing again; a week without posts sends nothing; the next week's digest is queued.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SmtpTransport } from '../../src/domain/subscriptions/mail-transport.js';
import { mondayOf, sendTimeOf } from '../../src/domain/subscriptions/digest.js';
import type { BlogRow } from '../../src/storage/schema.js';
import { testDatabases } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { makeBlog, makePost } from '../helpers/factories.js';
import { header, startInbox, to, type Inbox } from '../helpers/smtp-inbox.js';

test('a week starts on Monday, and its digest goes at 08:00 in the blog’s time zone', () => {
  const friday = Date.parse('2026-11-20T12:00:00Z');
  assert.equal(mondayOf(friday, 'UTC'), '2026-11-16');
  assert.equal(mondayOf(friday, 'UTC', 1), '2026-11-23');
  assert.equal(mondayOf(Date.parse('2026-11-22T20:00:00Z'), 'Asia/Karachi'), '2026-11-23', 'Sunday 20:00 UTC is Monday in Karachi');
  assert.equal(new Date(sendTimeOf('2026-11-23', 'Asia/Karachi')).toISOString(), '2026-11-23T03:00:00.000Z');
  assert.equal(new Date(sendTimeOf('2026-11-23', 'America/New_York')).toISOString(), '2026-11-23T13:00:00.000Z');
});

for (const database of testDatabases) {
  describe(`weekly digest on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    let inbox: Inbox;
    let blog: BlogRow;

    before(async () => {
      inbox = await startInbox();
      t = await startTestApp(database, { parts: { transport: new SmtpTransport(`smtp://127.0.0.1:${inbox.port}`) } });
      blog = await makeBlog(t.services, { name: 'www', title: 'Karachi <notes>', timeZone: 'Asia/Karachi' });
      await t.services.subscriberList.add(blog, { email: 'weekly@example.org', frequency: 'weekly' });
      await t.services.subscriberList.add(blog, { email: 'also-weekly@example.org', frequency: 'weekly' });
      await t.services.subscriberList.add(blog, { email: 'each@example.org', frequency: 'each' });
    });
    after(async () => {
      await t.close();
      await inbox.close();
    });

    test('Monday 08:00 brings one digest per weekly subscriber, with that week’s posts only, once', async () => {
      // The clock: Friday 2026-11-20 12:00 UTC. Posts of this week, one "blog only", one of the week before.
      const at = (iso: string) => Date.parse(iso);
      await makePost(t.services, blog, { title: 'Old news', body: '<p>Before.</p>', publishedAt: at('2026-11-10T10:00:00Z') });
      await makePost(t.services, blog, {
        title: 'Rain in Saddar',
        body: `<p>${'Wet streets. '.repeat(40)}</p>`,
        publishedAt: at('2026-11-17T10:00:00Z'),
      });
      await makePost(t.services, blog, { title: 'Tea <stall>', body: '<p>Doodh patti.</p>', publishedAt: at('2026-11-19T10:00:00Z') });
      await makePost(t.services, blog, {
        title: 'Quiet',
        body: '<p>Not for mail.</p>',
        publishedAt: at('2026-11-19T11:00:00Z'),
        mailMode: 'blog-only',
      });
      await t.services.jobs.drainForTests();
      const beforeDigest = inbox.mails.length;

      await t.services.digest.scheduleAll();
      await t.services.digest.scheduleAll();
      await t.services.jobs.drainForTests();
      assert.equal(inbox.mails.length, beforeDigest, 'nothing before Monday');

      t.clock.ms = at('2026-11-23T03:00:01Z'); // Monday 08:00:01 in Karachi
      await t.services.jobs.drainForTests();
      const digests = inbox.mails.slice(beforeDigest);
      assert.deepEqual(digests.map(to).sort(), ['also-weekly@example.org', 'weekly@example.org']);
      const mail = digests[0]!;
      assert.equal(mail.subject, '\u2068Karachi <notes>\u2069: 2 new posts this week', 'the title isolated, so its direction holds');
      assert.match(mail.text!, /Rain in Saddar\nhttps:\/\/example\.test\/2026\/11\/rain-in-saddar\.html\nWet streets\./);
      assert.match(mail.text!, /Tea <stall>/);
      assert.doesNotMatch(mail.text!, /Old news|Quiet/);
      assert.match(String(mail.html), /Tea &lt;stall&gt;/);
      assert.doesNotMatch(String(mail.html), /<script|<stall>/);
      assert.match(header(mail, 'list-unsubscribe'), /<https:\/\/example\.test\/unsubscribe\?t=/);
      assert.equal(header(mail, 'list-unsubscribe-post'), 'List-Unsubscribe=One-Click');
      assert.match(String(mail.messageId), /^<digest\.2026-11-23\.\d+@www\.example\.test>$/);

      await t.services.digest.scheduleAll();
      await t.services.jobs.drainForTests();
      assert.equal(inbox.mails.length, beforeDigest + 2, 'the week is sent once');

      // A week with no posts: the next Monday sends nothing, and the one after is queued.
      t.clock.ms = at('2026-11-30T03:00:01Z');
      await t.services.jobs.drainForTests();
      assert.equal(inbox.mails.length, beforeDigest + 2);
      const queued = await t.storage.db
        .selectFrom('jobs')
        .select(['key', 'status'])
        .where('kind', '=', 'mail.digest')
        .orderBy('key')
        .execute();
      assert.deepEqual(
        queued.map((j) => [j.key!.split(':')[1], j.status]),
        [
          ['2026-11-23', 'done'],
          ['2026-11-30', 'done'],
          ['2026-12-07', 'queued'],
        ],
      );
    });
  });
}
