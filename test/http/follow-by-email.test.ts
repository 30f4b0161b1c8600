/**
 * Follow by e-mail against a real SMTP server (the `smtp-server` library as the receiving peer): the
 * double opt-in, the post mailed once per subscriber when it goes live (and not on later edits), the
 * received mails' headers and both parts, one-click unsubscribe without a session, a 550 stopping the
 * address and a 451 tried again later.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { header, startInbox, to, unsubscribeUrl, type Inbox } from '../helpers/smtp-inbox.js';
import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
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
      t = await startTestApp(database, {
        parts: { transport: new SmtpTransport(`smtp://127.0.0.1:${inbox.port}`), proofOfWork: { cost: 5, counterRange: [5, 40] } },
      });
      blog = await makeBlog(t.services, { name: 'www', title: 'Ayesha’s "Notes" <travel>' });
      owner = await t.services.users.createUser({ email: 'owner@example.com', displayName: 'Olive' });
      await t.services.users.addMember(blog.id, owner.id, 'owner');
    });
    after(async () => {
      await t.close();
      await inbox.close();
    });
    const publish = (title: string, body: string) =>
      t.services.editor.create(
        blog,
        'post',
        {
          title,
          body,
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
      assert.equal(robot.statusCode, 400, 'a filled-in honeypot is refused');
      assert.match(robot.body, /This request looks automated, so nothing was sent\./);
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

      // Used once: the same link again confirms nothing anew (the consent date stays) and says so.
      const confirmedAt = row.confirmed_at;
      t.clock.advance(60_000);
      for (const again of [await reader.get(link), await reader.post('/subscribe/confirm', { t: token })]) {
        assert.equal(again.statusCode, 200);
        assert.match(again.body, /Already confirmed/);
        // The address is isolated (U+2068…U+2069) as every text argument of a catalogue message is.
        assert.match(again.body, /This link was used already: \u2068reader@example\.org\u2069 follows this blog\. Nothing was changed\./);
        assert.doesNotMatch(again.body, /name="t"/, 'no button to confirm again');
      }
      assert.equal((await rows.findByEmail(blog.id, 'reader@example.org'))!.confirmed_at, confirmedAt);

      const forged = await reader.post('/subscribe/confirm', { t: `${token.slice(0, -2)}xx` });
      assert.equal(forged.statusCode, 404);
      const other = await makeBlog(t.services, { name: 'other' });
      const elsewhere = await new Client(t.app, `other.example.test`).post('/subscribe/confirm', { t: token });
      assert.equal(elsewhere.statusCode, 404, 'a link of one blog does nothing on another');
      assert.equal((await rows.findByEmail(other.id, 'reader@example.org')) ?? null, null);
    });

    test('the bot screens: honeypot, too fast, proof of work from the script, and floods from one client or to one address', async () => {
      let n = 0;
      const send = async (fields: Record<string, string>, from = '192.0.2.1', accept = 'text/html') => {
        const form = await t.app.inject({ method: 'GET', url: '/subscribe', headers: { host: 'www.example.test' }, remoteAddress: from });
        const _ts = /name="_ts" value="([^"]+)"/.exec(form.body)![1]!;
        t.clock.advance(5000);
        return t.app.inject({
          method: 'POST',
          url: '/subscribe',
          headers: { host: 'www.example.test', accept, 'content-type': 'application/x-www-form-urlencoded' },
          remoteAddress: from,
          payload: new URLSearchParams({ email: `bot${++n}@example.org`, _ts, ...fields }).toString(),
        });
      };
      const rows = new SubscriberRepository(t.storage.db);
      inbox.mails.length = 0;
      const refusals: [string, Awaited<ReturnType<typeof send>>, number, RegExp][] = [
        ['honeypot', await send({ homepage: 'x' }), 400, /looks automated/],
        [
          'wrong proof of work',
          await send({ js: '1', altcha: Buffer.from('{"challenge":{},"solution":{}}').toString('base64') }),
          400,
          /browser check was not valid/,
        ],
      ];
      for (const [what, res, status, message] of refusals) {
        assert.equal(res.statusCode, status, what);
        assert.match(res.body, message, what);
      }
      // Sent by the script without a proof: a challenge, and nothing is kept or mailed.
      const asked = await send({ js: '1' }, '192.0.2.1', 'application/json');
      assert.equal(asked.statusCode, 202);
      const { challenge, message } = JSON.parse(asked.body) as { challenge: Challenge; message: string };
      assert.match(message, /Checking that you are a person/, 'the words the script shows while it solves');
      assert.equal(await rows.findByEmail(blog.id, `bot${n}@example.org`), undefined);
      // Solved (as the script does): subscribed; the same proof again is refused.
      const altcha = Buffer.from(JSON.stringify({ challenge, solution: await solveChallenge({ challenge, deriveKey }) })).toString(
        'base64',
      );
      const solved = await send({ js: '1', altcha }, '192.0.2.1', 'application/json');
      assert.equal(solved.statusCode, 201);
      assert.equal((await rows.findByEmail(blog.id, `bot${n}@example.org`))!.status, 'pending');
      const replayed = await send({ js: '1', altcha }, '192.0.2.1', 'application/json');
      assert.equal(replayed.statusCode, 400, 'a proof works once');
      assert.match(JSON.parse(replayed.body).message, /browser check/, 'the script shows why, in words for readers');

      // Without JavaScript (no proof): 3 an hour from one client address, then 429 with Retry-After.
      for (let i = 0; i < 3; i++) assert.equal((await send({}, '192.0.2.2')).statusCode, 200);
      const flood = await send({}, '192.0.2.2');
      assert.equal(flood.statusCode, 429);
      assert.match(flood.body, /Too many subscribe requests from your address/);
      assert.ok(Number(flood.headers['retry-after']) > 0);
      assert.equal(await rows.findByEmail(blog.id, `bot${n}@example.org`), undefined, 'the refused one is not kept');
      assert.equal((await send({}, '192.0.2.3')).statusCode, 200, 'another client is not held up');
      // One e-mail address asked for 3 times an hour (from anywhere): then 429.
      const victim = async (from: string) => send({ email: 'victim@example.org' }, from);
      for (const from of ['192.0.2.4', '192.0.2.5', '192.0.2.6']) assert.equal((await victim(from)).statusCode, 200);
      assert.equal((await victim('192.0.2.7')).statusCode, 429);

      await t.services.jobs.drainForTests();
      const mailed = inbox.mails.map(to);
      assert.equal(mailed.filter((a) => a === 'victim@example.org').length, 1, 'one confirm mail per 10 minutes, as before');
      for (let i = 1; i <= 3; i++) assert.ok(!mailed.includes(`bot${i}@example.org`), `no mail for refusal ${i}`);
      inbox.mails.length = 0;
      t.clock.advance(3_600_000);
    });

    test('a confirm link is refused with a clear page once it has expired, and after its address left', async () => {
      const reader = new Client(t.app);
      const stamp = /name="_ts" value="([^"]+)"/.exec((await reader.get('/subscribe')).body)![1]!;
      t.clock.advance(5000);
      const asked = await reader.post('/subscribe', { email: 'late@example.org', _ts: stamp });
      assert.equal(asked.statusCode, 200);
      await t.services.jobs.drainForTests();
      const mail = inbox.mails.find((m) => to(m) === 'late@example.org') ?? assert.fail('no confirm mail');
      inbox.mails.splice(inbox.mails.indexOf(mail), 1);
      const link = /https:\/\/example\.test(\/subscribe\/confirm\?t=[^\s"<]+)/.exec(mail.text!)![1]!;
      const token = new URL(link, 'https://x').searchParams.get('t')!;

      t.clock.advance(7 * 86_400_000 + 1000);
      for (const late of [await reader.get(link), await reader.post('/subscribe/confirm', { t: token })]) {
        assert.equal(late.statusCode, 404);
        assert.match(late.headers['content-type'] as string, /text\/html/);
        assert.match(late.body, /This confirm link has expired: links last 7 days\. Please subscribe again for a new one\./);
      }
      const rows = new SubscriberRepository(t.storage.db);
      const row = (await rows.findByEmail(blog.id, 'late@example.org'))!;
      assert.equal(row.status, 'pending', 'an expired link confirms nothing');
      assert.equal(row.confirmed_at, null);

      // A used link whose address has since left: refused, and the address stays unsubscribed.
      const fresh = /name="_ts" value="([^"]+)"/.exec((await reader.get('/subscribe')).body)![1]!;
      t.clock.advance(5000);
      await reader.post('/subscribe', { email: 'late@example.org', _ts: fresh });
      await t.services.jobs.drainForTests();
      const second = inbox.mails.find((m) => to(m) === 'late@example.org') ?? assert.fail('no second confirm mail');
      inbox.mails.splice(inbox.mails.indexOf(second), 1);
      const secondToken = new URL(
        /https:\/\/example\.test(\/subscribe\/confirm\?t=[^\s"<]+)/.exec(second.text!)![1]!,
        'https://x',
      ).searchParams.get('t')!;
      assert.equal((await reader.post('/subscribe/confirm', { t: secondToken })).statusCode, 200);
      const leave = new URL(`https://x/unsubscribe?t=${t.services.subscriptions.unsubscribeToken(row.id)}`);
      assert.equal((await reader.post(`${leave.pathname}${leave.search}`, {})).statusCode, 200);
      const used = await reader.post('/subscribe/confirm', { t: secondToken });
      assert.equal(used.statusCode, 404);
      assert.match(used.body, /not valid, was used already or has expired/);
      assert.equal((await rows.findByEmail(blog.id, 'late@example.org'))!.status, 'unsubscribed');
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
      const post = await publish(
        'Lahore in the rain',
        '<p>Rain <img src="/uploads/www/1/800.webp" alt="Street"> and <a href="/p/about.html">about</a>.</p><script>alert(1)</script><p onclick="x()">Clouds</p>',
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
    test('embeds arrive as a linked YouTube thumbnail with alt text, and as clear text links where no thumbnail is known, in both parts', async () => {
      inbox.mails.length = 0;
      await publish(
        'Three players',
        '<p>Watch:</p><iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" title="Monsoon in Lahore"></iframe>' +
          '<iframe src="https://player.vimeo.com/video/76979871" title="Night &amp; day"></iframe>' +
          '<iframe src="https://w.soundcloud.com/player/?url=x"></iframe><p>End.</p>',
      );
      await t.services.jobs.drainForTests();
      const mail = inbox.mails.find((m) => to(m) === 'reader@example.org') ?? assert.fail('no mail to the reader');
      const html = String(mail.html);
      assert.doesNotMatch(html, /<iframe|Open the embedded media<\/a>/i, 'no player and no nameless link is left');
      assert.match(
        html,
        /<a href="https:\/\/www\.youtube\.com\/watch\?v=dQw4w9WgXcQ"><img src="https:\/\/i\.ytimg\.com\/vi\/dQw4w9WgXcQ\/hqdefault\.jpg" alt="Play the video on YouTube: \u2068Monsoon in Lahore\u2069" width="480" height="360" style="max-width:100%;height:auto" \/?><\/a>/,
      );
      assert.match(html, /<a href="https:\/\/vimeo\.com\/76979871">Watch the video on Vimeo: \u2068Night &amp; day\u2069<\/a>/);
      assert.match(
        html,
        /<a href="https:\/\/w\.soundcloud\.com\/player\/\?url=x">Open the embedded media on \u2068w\.soundcloud\.com\u2069<\/a>/,
      );
      for (const [, url] of html.matchAll(/(?:src|href)="([^"]*)"/g)) assert.match(url!, /^(https:|mailto:)/, `absolute: ${url}`);
      // The text part carries each player's link too, in order.
      const text = mail.text ?? assert.fail('no text part');
      const youtube = text.indexOf('Play the video on YouTube: \u2068Monsoon in Lahore\u2069: https://www.youtube.com/watch?v=dQw4w9WgXcQ');
      const vimeo = text.indexOf('Watch the video on Vimeo: \u2068Night & day\u2069: https://vimeo.com/76979871');
      const other = text.indexOf('Open the embedded media on \u2068w.soundcloud.com\u2069: https://w.soundcloud.com/player/?url=x');
      assert.ok(youtube >= 0 && vimeo > youtube && other > vimeo, text);
    });
  });
}
