/**
 * How a post reaches readers, against a real SMTP server: "blog only" publishes without mailing; "Send
 * by e-mail only" mails a draft to the subscribers without putting it on the blog (no link to an address
 * that does not exist), once — publishing it later sends nothing again; only those who may publish may
 * send; a live post cannot be sent again; the mailings page counts the sends, a 550 as bounced and a
 * reader who leaves by the mail's link in the week after as unsubscribed after it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SmtpTransport } from '../../src/domain/subscriptions/mail-transport.js';
import type { BlogRow, UserRow } from '../../src/storage/schema.js';
import { testDatabases } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { Client } from '../helpers/browser-client.js';
import { makeBlog } from '../helpers/factories.js';
import { startInbox, to, unsubscribeUrl, type Inbox } from '../helpers/smtp-inbox.js';

const idFrom = (location: unknown) => /\/(\d+)(\?|$)/.exec(String(location))![1]!;

for (const database of testDatabases) {
  describe(`newsletter modes on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    let inbox: Inbox;
    let blog: BlogRow;
    let owner: UserRow;
    let contributor: UserRow;

    before(async () => {
      inbox = await startInbox();
      t = await startTestApp(database, { parts: { transport: new SmtpTransport(`smtp://127.0.0.1:${inbox.port}`) } });
      blog = await makeBlog(t.services, { name: 'www', title: 'Letters' });
      owner = await t.services.users.createUser({ email: 'owner@example.com', displayName: 'Olive' });
      contributor = await t.services.users.createUser({ email: 'helper@example.com', displayName: 'Hal' });
      await t.services.users.addMember(blog.id, owner.id, 'owner');
      await t.services.users.addMember(blog.id, contributor.id, 'contributor');
      for (const email of ['ann@example.org', 'bo@example.org']) await t.services.subscriberList.add(blog, { email, frequency: 'each' });
    });
    after(async () => {
      await t.close();
      await inbox.close();
    });

    test('"blog only" publishes without mailing anyone', async () => {
      const own = await new Client(t.app).signInAs(t.services, owner);
      const form = await own.get('/admin/blogs/www/posts/new');
      assert.match(form.body, /<select id="mailMode" name="mailMode">/);
      const made = await own.post('/admin/blogs/www/posts', {
        title: 'Quiet news',
        body: '<p>Shh.</p>',
        mailMode: 'blog-only',
        action: 'publish',
      });
      assert.equal(made.statusCode, 303);
      const post = (await t.services.repositories.posts.findById(blog.id, idFrom(made.headers.location)))!;
      assert.equal(post.status, 'live');
      assert.equal(post.mail_mode, 'blog-only');
      await t.services.jobs.drainForTests();
      assert.equal(inbox.mails.length, 0);
      const bad = await own.post('/admin/blogs/www/posts', { title: 'x', body: '', mailMode: 'mail-only', action: 'publish' });
      assert.equal(bad.statusCode, 400, 'e-mail only is a button, not a setting');
      assert.match(bad.body, /Please choose whether subscribers get the post by e-mail/);
    });

    test('"Send by e-mail only" mails a draft once, keeps it off the blog, and publishing it later sends nothing again', async () => {
      const own = await new Client(t.app).signInAs(t.services, owner);
      const made = await own.post('/admin/blogs/www/posts', { title: 'Only for you', body: '<p>Between us.</p>', action: 'mail' });
      assert.equal(made.statusCode, 303);
      const id = idFrom(made.headers.location);
      const page = await own.get(String(made.headers.location));
      assert.match(page.body, /Sent to the blog’s subscribers by e-mail\. The post stays off the blog\./);
      assert.match(page.body, /Sent to subscribers by e-mail only/);
      assert.doesNotMatch(page.body, /name="action" value="mail"/, 'sent once: no second button');
      const post = (await t.services.repositories.posts.findById(blog.id, id))!;
      assert.equal(post.status, 'draft');
      assert.equal(post.mail_mode, 'mail-only');

      await t.services.jobs.drainForTests();
      assert.deepEqual(inbox.mails.map(to).sort(), ['ann@example.org', 'bo@example.org']);
      const mail = inbox.mails[0]!;
      assert.equal(mail.subject, 'Only for you');
      assert.match(mail.text!, /Between us\./);
      assert.doesNotMatch(mail.text!, /\.html|Comments:/, 'no link to an address the post does not have');
      assert.doesNotMatch(String(mail.html), /\.html|#comments/);
      const home = await new Client(t.app).get('/');
      assert.doesNotMatch(home.body, /Only for you/, 'not on the blog');
      const feed = await new Client(t.app).get('/feeds/posts/default');
      assert.doesNotMatch(feed.body, /Only for you/);

      const again = await own.post(`/admin/blogs/www/posts/${id}`, { title: 'Only for you', body: '<p>Between us.</p>', action: 'mail' });
      assert.equal(again.statusCode, 303);
      const published = await own.post(`/admin/blogs/www/posts/${id}`, {
        title: 'Only for you',
        body: '<p>Between us.</p>',
        action: 'publish',
      });
      assert.equal(published.statusCode, 303);
      await t.services.jobs.drainForTests();
      assert.equal(inbox.mails.length, 2, 'each subscriber got it once, ever');
      const refused = await own.post(`/admin/blogs/www/posts/${id}`, { title: 'Only for you', body: '<p>Between us.</p>', action: 'mail' });
      assert.equal(refused.statusCode, 409);
      assert.match(refused.body, /got it by e-mail when it was published/);

      const mailings = await own.get('/admin/blogs/www/subscribers/mailings');
      assert.match(mailings.body, /<bdi>Only for you<\/bdi>/);
      assert.match(mailings.body, /<td>2<\/td>\s*<td>0<\/td>\s*<td>0<\/td>\s*<td>0<\/td>/);
    });

    test('a contributor may not send to the subscribers', async () => {
      const helper = await new Client(t.app).signInAs(t.services, contributor);
      const form = await helper.get('/admin/blogs/www/posts/new');
      assert.doesNotMatch(form.body, /name="action" value="mail"/);
      const before = inbox.mails.length;
      const sent = await helper.post('/admin/blogs/www/posts', { title: 'Sneaky', body: '<p>Hi all</p>', action: 'mail' });
      assert.equal(sent.statusCode, 403);
      await t.services.jobs.drainForTests();
      assert.equal(inbox.mails.length, before);
    });
    test('the mailings page counts a bounce (550 from the SMTP peer) and a reader who left after the send', async () => {
      // A week on, so the earlier sends' "unsubscribed after" windows are over.
      t.clock.advance(8 * 24 * 3_600_000);
      for (const email of ['gone@example.org', 'cy@example.org']) await t.services.subscriberList.add(blog, { email, frequency: 'each' });
      const own = await new Client(t.app).signInAs(t.services, owner);
      const made = await own.post('/admin/blogs/www/posts', { title: 'Counted news', body: '<p>One, two.</p>', action: 'publish' });
      assert.equal(made.statusCode, 303);
      const before = inbox.mails.length;
      await t.services.jobs.drainForTests();
      const received = inbox.mails.slice(before);
      assert.deepEqual(received.map(to).sort(), ['ann@example.org', 'bo@example.org', 'cy@example.org'], 'gone@ is answered 550');

      t.clock.advance(3_600_000);
      const leaving = new URL(unsubscribeUrl(received.find((m) => to(m) === 'cy@example.org')!));
      const left = await t.app.inject({
        method: 'POST',
        url: `${leaving.pathname}${leaving.search}`,
        headers: { host: 'www.example.test', 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'List-Unsubscribe=One-Click',
      });
      assert.equal(left.statusCode, 200);

      const mailings = await own.get('/admin/blogs/www/subscribers/mailings');
      const row = /<tr>(?:(?!<\/tr>)[\s\S])*<bdi>Counted news<\/bdi>[\s\S]*?<\/tr>/.exec(mailings.body)?.[0] ?? assert.fail(mailings.body);
      const figures = [...row.matchAll(/<td>(\d+)<\/td>/g)].map((m) => Number(m[1]));
      assert.deepEqual(figures, [3, 0, 0, 1, 1], 'sent, queued, failed, bounced, unsubscribed after');
      const earlier = /<tr>(?:(?!<\/tr>)[\s\S])*<bdi>Only for you<\/bdi>[\s\S]*?<\/tr>/.exec(mailings.body)![0];
      assert.deepEqual(
        [...earlier.matchAll(/<td>(\d+)<\/td>/g)].map((m) => Number(m[1])),
        [2, 0, 0, 0, 0],
        'a leave long after a send is not its count',
      );
    });
  });
}
