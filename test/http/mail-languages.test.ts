/**
 * Mail in its reader's language. A blog written in Urdu mails its followers in Urdu (the confirm link,
 * each post, the weekly digest) and a reader answered on it too, with the blog's own wording where its
 * owner changed a message (Theme → Texts); mail to people with accounts (a comment to moderate, a new
 * comment on their post, a password reset) is in their dashboard's language; an invitation is in the
 * blog's. The followers' mail goes through a real SMTP peer; the rest through the test mailer.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startInbox, to, type Inbox } from '../helpers/smtp-inbox.js';
import { SmtpTransport } from '../../src/domain/subscriptions/mail-transport.js';
import { composeDigestMail } from '../../src/domain/subscriptions/digest-mail.js';
import { textsFor } from '../../src/render/i18n/translate.js';
import { postPath } from '../../src/domain/blogs/urls.js';
import { DEFAULT_COMMENT_SETTINGS } from '../../src/domain/comments/comment-settings.js';
import { UserRepository } from '../../src/storage/repositories/user.repository.js';
import { BlogRepository } from '../../src/storage/repositories/blog.repository.js';
import type { BlogRow, UserRow } from '../../src/storage/schema.js';
import { testDatabases } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { Commenter } from '../helpers/commenter.js';
import { makeBlog, makePost } from '../helpers/factories.js';

const ur = textsFor('ur');
const en = textsFor('en');
const de = textsFor('de');
const fr = textsFor('fr');
let addressCounter = 0;
const nextAddress = () => `198.51.100.${++addressCounter % 250}`;

test('every mail message reads differently in Urdu, German and French than in English', () => {
  const keys = ['mail.confirm.subject', 'mail.unsubscribe', 'admin.mail.moderate.subject', 'admin.mail.reset.subject'];
  for (const key of keys)
    for (const texts of [ur, de, fr])
      assert.notEqual(texts.text(key, { post: 'p', blog: 'b' }), en.text(key, { post: 'p', blog: 'b' }), key);
});

test('the digest: its subject counts in the language’s plural forms, its week is a date the language writes', () => {
  const blog = { title: 'مدونة', language: 'ar' };
  const post = {
    id: '1',
    title: 'عنوان',
    body_text: 'نص',
    kind: 'post' as const,
    slug: 'x',
    path_year: 2026,
    path_month: 11,
    published_at: 0,
  };
  const mail = (count: number) =>
    composeDigestMail({
      blog,
      posts: Array.from({ length: count }, () => post),
      week: '2026-11-23',
      subscriber: { id: '1', email: 'r@example.org' },
      origin: 'https://example.test',
      unsubscribeUrl: 'https://example.test/unsubscribe?t=x',
      fromAddress: 'no-reply@example.test',
      listHost: 'x.example.test',
      rightToLeft: true,
      wording: textsFor('ar'),
    });
  const subjects = [1, 2, 3, 11].map((count) => mail(count).subject);
  assert.equal(new Set(subjects).size, 4, `Arabic says one, two, a few and many posts differently: ${subjects.join(' | ')}`);
  const html = String(mail(2).html);
  assert.match(html, /<html lang="ar" dir="rtl">/);
  const date = new Intl.DateTimeFormat('ar', { dateStyle: 'long', timeZone: 'UTC' }).format(Date.UTC(2026, 10, 23));
  assert.ok(html.includes(date), `the week's date as Arabic writes it (${date})`);
  assert.ok(!html.includes('2026-11-23'), 'not the ISO date');
});

for (const database of testDatabases) {
  describe(`mail in its reader's language on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    let inbox: Inbox;
    let blog: BlogRow;
    let owner: UserRow;
    let admin: UserRow;

    before(async () => {
      inbox = await startInbox();
      t = await startTestApp(database, { parts: { transport: new SmtpTransport(`smtp://127.0.0.1:${inbox.port}`) } });
      blog = await makeBlog(t.services, { name: 'safar', title: 'سفرنامہ', language: 'ur' });
      owner = await t.services.users.createUser({ email: 'owner@example.com', displayName: 'Olive' });
      admin = await t.services.users.createUser({ email: 'admin@example.com', displayName: 'Adil' });
      await t.services.users.addMember(blog.id, owner.id, 'owner');
      await t.services.users.addMember(blog.id, admin.id, 'admin');
      await new UserRepository(t.storage.db).setLanguage(owner.id, 'de', 0);
    });
    after(async () => {
      await t.close();
      await inbox.close();
    });

    test('a follower of an Urdu blog: the confirm mail and each post in Urdu, right to left', async () => {
      await t.services.subscriptions.request(blog, 'reader@example.org', 'each');
      await t.services.jobs.drainForTests();
      const confirm = inbox.mails.find((m) => to(m) === 'reader@example.org')!;
      assert.equal(confirm.subject, ur.text('mail.confirm.subject', { blog: 'سفرنامہ' }));
      assert.ok(confirm.text!.includes(ur.text('mail.confirm.asked', { blog: 'سفرنامہ', email: 'reader@example.org' })));
      assert.ok(confirm.text!.includes(ur.text('mail.confirm.notYou')));
      assert.doesNotMatch(confirm.text!, /Someone, probably you/);
      const html = String(confirm.html);
      assert.match(html, /<div lang="ur" dir="rtl">/);
      assert.ok(html.includes(`>${ur.html('mail.confirm.button').html}</a>`), 'the button in Urdu');
      assert.ok(html.includes('<bdi>reader@example.org</bdi>'), 'the Latin address isolated inside the Urdu sentence');

      const token = /\/subscribe\/confirm\?t=(\S+)/.exec(confirm.text!)![1]!;
      await t.services.subscriptions.confirm(blog, token);
      const post = await makePost(t.services, blog, { title: 'لاہور کی بارش', body: '<p>بارش ہوئی۔</p>' });
      await t.services.newsletter.postPublished(post);
      await t.services.jobs.drainForTests();
      const postMail = inbox.mails.filter((m) => to(m) === 'reader@example.org').at(-1)!;
      assert.equal(postMail.subject, 'لاہور کی بارش');
      assert.ok(postMail.text!.includes(ur.text('mail.post.following', { blog: 'سفرنامہ', email: 'reader@example.org' })));
      assert.ok(postMail.text!.includes(`${ur.text('mail.post.commentsAt')} http`));
      assert.ok(String(postMail.html).includes(`>${ur.html('mail.unsubscribe').html}</a>`));
      assert.ok(String(postMail.html).includes(ur.html('mail.post.comments').html));
      assert.doesNotMatch(`${postMail.text} ${String(postMail.html)}`, /You follow|Unsubscribe|Read the comments/);
    });

    test("the blog's own wording of a message is the one mailed", async () => {
      const own = 'سفرنامہ کی ای میل کی تصدیق کیجیے';
      await t.services.themes.saveTextOverrides(blog, JSON.stringify({ 'mail.confirm.subject': own }));
      const changed = (await new BlogRepository(t.storage.db).findById(blog.id))!;
      await t.services.subscriptions.request(changed, 'second@example.org', 'each');
      await t.services.jobs.drainForTests();
      assert.equal(inbox.mails.find((m) => to(m) === 'second@example.org')!.subject, own);
      await t.services.themes.saveTextOverrides(changed, '');
    });

    test('staff hear in their dashboard language, a reader answered in the blog’s', async () => {
      await t.services.commentSettings.save(blog.id, { ...DEFAULT_COMMENT_SETTINGS, moderation: 'always' });
      const post = await makePost(t.services, blog, { title: 'پہلا سفر', authorId: owner.id });
      const held = await new Commenter(t, 'safar', nextAddress()).comment(postPath(post), { body: 'روکا گیا تبصرہ' });
      assert.equal(held.statusCode, 202);
      const toOwner = t.mail.sent.filter((m) => m.to === 'owner@example.com').at(-1)!;
      const toAdmin = t.mail.sent.filter((m) => m.to === 'admin@example.com').at(-1)!;
      assert.equal(toOwner.subject, de.text('admin.mail.moderate.subject', { post: 'پہلا سفر' }), 'the owner reads German');
      assert.equal(toAdmin.subject, en.text('admin.mail.moderate.subject', { post: 'پہلا سفر' }), 'the admin never chose: English');
      assert.ok(
        toOwner.text.includes(`${de.text('admin.mail.moderate.approve')} http`),
        `the approve link, labelled in German: ${toOwner.text}`,
      );
      assert.ok(
        toOwner.text.includes(`${de.text('admin.mail.moderate.why')}\n${de.text('admin.spam.holdsEvery')}\n`),
        'why it was held, in German',
      );
      assert.match(toAdmin.text, /Approve: https?:\/\/\S+\nMark as spam: https?:\/\/\S+\n\nEach link works once, for 7 days\. The queue: /);

      await t.services.commentSettings.save(blog.id, { ...DEFAULT_COMMENT_SETTINGS, moderation: 'never' });
      const asked = await new Commenter(t, 'safar', nextAddress()).comment(postPath(post), { email: 'asker@example.org', notify: '1' });
      const parentId = /#c(\d+)$/.exec(String(asked.headers.location))![1]!;
      const newComment = t.mail.sent.filter((m) => m.to === 'owner@example.com').at(-1)!;
      assert.equal(newComment.subject, de.text('admin.mail.comment.subject', { post: 'پہلا سفر' }), 'the author hears in German');
      await new Commenter(t, 'safar', nextAddress()).comment(postPath(post), { parentId, name: 'ثنا', body: 'جواب' });
      const reply = t.mail.sent.filter((m) => m.to === 'asker@example.org').at(-1)!;
      assert.equal(reply.subject, ur.text('mail.reply.subject', { post: 'پہلا سفر' }));
      assert.ok(reply.text.includes(ur.text('mail.reply.text', { name: 'ثنا', post: 'پہلا سفر', blog: 'سفرنامہ' })));
      assert.match(reply.text, new RegExp(`${ur.text('mail.reply.stop')} https?://\\S+/comments/unsubscribe\\?token=`));
    });

    test('a password reset in the account’s language; an invitation in the blog’s', async () => {
      const writer = await t.services.users.createUser({ email: 'ecrivain@example.com', displayName: 'Élise' });
      await new UserRepository(t.storage.db).setLanguage(writer.id, 'fr', 0);
      await t.services.accounts.requestReset('ecrivain@example.com', 'https://example.test');
      await t.services.jobs.drainForTests();
      const reset = t.mail.sent.filter((m) => m.to === 'ecrivain@example.com').at(-1)!;
      assert.equal(reset.subject, fr.text('admin.mail.reset.subject'));
      assert.ok(reset.text.includes(fr.text('admin.mail.reset.choose', { minutes: 60 })));
      assert.match(reset.text, /\nhttps:\/\/example\.test\/admin\/reset\/\S+\n/);

      await t.services.members.invite(blog, 'new@example.org', 'author', owner, 'https://example.test');
      const invite = t.mail.sent.filter((m) => m.to === 'new@example.org').at(-1)!;
      const about = { name: 'Olive', email: 'owner@example.com', blog: 'سفرنامہ', role: 'author' };
      assert.equal(invite.subject, ur.text('admin.mail.invite.subject', about));
      assert.ok(invite.text.includes(ur.text('admin.mail.invite.text', about)));
      assert.ok(invite.text.includes(ur.text('admin.mail.invite.accept', { days: 7 })));
    });
  });
}
