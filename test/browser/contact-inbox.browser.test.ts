/**
 * The Contact form gadget in Chromium, end to end: a reader fills the gadget on a blog page whose areas
 * were rendered days earlier (the area markup outlives any stamp; each page fills in a fresh one), the
 * message lands in the dashboard inbox and reaches the owner as a mail at a real SMTP server. Then the
 * inbox and a message in it under axe-core, English and Urdu RTL, 1280 and 375 px; screenshots of the
 * inbox go to docs/screenshots/inbox-*.png (English 1280 px, Urdu 375 px).
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { SmtpTransport } from '../../src/domain/subscriptions/mail-transport.js';
import { EVERY_PAGE } from '../../src/domain/layout/layout-model.js';
import type { BlogRow, UserRow } from '../../src/storage/schema.js';
import {
  axeViolations,
  browserSkip,
  describeViolations,
  launchChromium,
  serveTestApp,
  SHOTS,
  VIEWPORTS,
  type ServedApp,
} from '../helpers/browser.js';
import { testDatabases } from '../helpers/databases.js';
import { makeBlog, makePost } from '../helpers/factories.js';
import { startInbox, to, type Inbox } from '../helpers/smtp-inbox.js';

const sqlite = testDatabases.find((d) => d.name === 'sqlite')!;
const DAY = 24 * 60 * 60 * 1000;

describe('the Contact form gadget and the inbox in Chromium', { skip: browserSkip }, () => {
  let t: ServedApp;
  let smtp: Inbox;
  let browser: Browser;
  const owners: Record<string, UserRow> = {};
  const blogs: Record<string, BlogRow> = {};

  before(async () => {
    smtp = await startInbox();
    t = await serveTestApp(sqlite, { parts: { transport: new SmtpTransport(`smtp://127.0.0.1:${smtp.port}`) } });
    browser = await launchChromium();
    for (const [name, language, title] of [
      ['www', 'en', 'Walks'],
      ['urdu', 'ur', 'سیر'],
    ] as const) {
      const owner = await t.services.users.createUser({ email: `${name}-owner@example.com`, displayName: `${name} owner` });
      if (language === 'ur') await t.storage.db.updateTable('users').set({ language: 'ur' }).where('id', '=', owner.id).execute();
      const blog = await makeBlog(t.services, { name, title, language });
      await t.services.users.addMember(blog.id, owner.id, 'owner');
      await makePost(t.services, blog, { title: language === 'ur' ? 'پہاڑوں میں لمبی سیر' : 'A long walk' });
      const contact = { id: 'contact', type: 'contact', title: '', show: [...EVERY_PAGE], settings: {} };
      await t.services.layout.save((await t.services.repositories.blogs.findById(blog.id))!, 'owner', {
        sidebar: [contact],
        footer: [],
        'under-post': [],
      });
      owners[name] = owner;
      blogs[name] = blog;
    }
  });
  after(async () => {
    await browser?.close();
    await t?.close();
    await smtp?.close();
  });

  async function signedIn(name: string, options: object): Promise<BrowserContext> {
    const context = await browser.newContext({ ...options, bypassCSP: true });
    const session = await t.services.sessions.start(owners[name]!);
    await context.addCookies([{ name: 'dastan_session', value: session.token, url: t.originOf(name) }]);
    return context;
  }

  test('a reader sends the gadget’s form on a page whose areas are days old: the inbox has it, and so has the owner’s mail', async () => {
    const context = await browser.newContext(VIEWPORTS[0].options);
    try {
      const page = await context.newPage();
      await page.goto(`${t.originOf('www')}/`);
      const first = await page.locator('.gadget-contact input[name="_ts"]').inputValue();
      assert.notEqual(first, '', 'the gadget carries a stamp');
      // Three days on, nothing about the blog changed, so its areas come from the renderer's memory.
      t.clock.advance(3 * DAY);
      await page.goto(`${t.originOf('www')}/`);
      assert.notEqual(await page.locator('.gadget-contact input[name="_ts"]').inputValue(), first, 'each page gets a fresh stamp');
      const form = page.locator('.gadget-contact form');
      await form.getByLabel('Name', { exact: true }).fill('Rita Reader');
      await form.getByLabel('E-mail (never shown)').fill('rita@example.org');
      await form.getByLabel('Message').fill('I loved the walk in the hills. Which map did you use?');
      t.clock.advance(20_000); // people read, then type
      await Promise.all([page.waitForURL(/\/contact$/), form.getByRole('button').click()]);
      assert.match(await page.locator('main').innerText(), /your message was sent/);
      const inbox = await t.services.contact.folder(blogs.www!.id, 'inbox', 1);
      assert.deepEqual(
        inbox.messages.map((m) => [m.name, m.email]),
        [['Rita Reader', 'rita@example.org']],
      );
      await t.services.jobs.drainForTests();
      const mail = smtp.mails.find((m) => to(m) === 'www-owner@example.com') ?? assert.fail('no mail reached the owner');
      assert.equal(mail.replyTo?.value[0]?.address, 'rita@example.org');
      assert.match(mail.text!, /Which map did you use\?/);
    } finally {
      await context.close();
    }
  });

  test('the inbox and a message: axe finds nothing (English, Urdu RTL; 1280, 375)', async () => {
    const stamp = t.services.contact.formStamp(blogs.urdu!);
    t.clock.advance(20_000);
    const message = 'آپ کی سیر کی تحریر بہت اچھی لگی۔ کیا آپ اگلے مہینے پھر جائیں گے؟';
    const form = { name: 'عائشہ', email: 'ayesha@example.org', message, honeypot: '', stamp, proof: '', canSolve: false };
    const sent = await t.services.contact.submit(blogs.urdu!, form, {
      address: '203.0.113.9',
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64)',
    });
    assert.equal(sent.kind, 'sent');
    const problems: string[] = [];
    for (const name of ['www', 'urdu']) {
      for (const { label, options } of VIEWPORTS) {
        const context = await signedIn(name, options);
        try {
          const page = await context.newPage();
          await page.goto(`${t.originOf(name)}/admin/blogs/${name}/inbox`);
          for (const where of ['inbox', 'message']) {
            if (where === 'message') {
              await page.locator('main a[href*="/inbox/"]').first().click();
            }
            const violations = await axeViolations(page);
            if (violations.length) problems.push(`${name} ${where} ${label}:\n${describeViolations(violations)}`);
            const wide = await page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1);
            if (wide) problems.push(`${name} ${where} ${label}: the page scrolls sideways`);
            if ((name === 'www') === (label === '1280'))
              await page.screenshot({ path: path.join(SHOTS, `inbox-${where}-${name}-${label}.png`), fullPage: true });
          }
        } finally {
          await context.close();
        }
      }
    }
    assert.deepEqual(problems, []);
  });
});
