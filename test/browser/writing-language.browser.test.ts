/**
 * The rich editor in its user's language, in Chromium with the site's CSP on: an Urdu writer's toolbar,
 * word count, image dialog and autosave status are Urdu (the script takes its words from the page), and
 * nothing in the console complains. Screenshots of the Urdu editor and trash at 1280 and 375 px go to
 * test-results/dashboard/ (look at them after a run), and axe-core finds no violations on either.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { LANGUAGES } from '../../src/render/i18n/translate.js';
import type { UserRow } from '../../src/storage/schema.js';
import { axeViolations, browserSkip, describeViolations, launchChromium, serveTestApp, type ServedApp } from '../helpers/browser.js';
import { buildClientScripts } from '../helpers/client-scripts.js';
import { testDatabases } from '../helpers/databases.js';
import { makeBlog, makePost } from '../helpers/factories.js';

const sqlite = testDatabases.find((d) => d.name === 'sqlite')!;
const SHOTS = path.join(process.cwd(), 'test-results', 'dashboard');

describe('the editor speaks its writer’s language in Chromium', { skip: browserSkip }, () => {
  let t: ServedApp;
  let browser: Browser;
  let owner: UserRow;

  before(async () => {
    buildClientScripts('editor');
    mkdirSync(SHOTS, { recursive: true });
    t = await serveTestApp(sqlite);
    owner = await t.services.users.createUser({ email: 'nida@example.com', displayName: 'Nida' });
    const blog = await makeBlog(t.services, { name: 'urdu', title: 'چائے کی کہانیاں', language: 'ur', timeZone: 'Asia/Karachi' });
    await t.services.users.addMember(blog.id, owner.id, 'owner');
    await t.services.accounts.setLanguage(owner, 'ur', LANGUAGES);
    for (const title of ['کینڈی کی سست ریل', 'اولونگ پر ایک مسودہ']) {
      const post = await makePost(t.services, blog, { title, authorId: owner.id, authorName: owner.display_name });
      await t.services.editor.moveToTrash(blog.id, [post.id]);
    }
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  test('an Urdu writer’s toolbar, word count, image dialog and autosave are Urdu (CSP on)', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    try {
      const session = await t.services.sessions.start(owner);
      await context.addCookies([{ name: 'dastan_session', value: session.token, url: t.originOf('urdu') }]);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' && !/Cross-Origin-Opener-Policy/.test(m.text())) errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(t.originOf('urdu') + '/admin/blogs/urdu/posts/new');
      const toolbar = page.getByRole('toolbar', { name: 'فارمیٹنگ' });
      await toolbar.waitFor();
      for (const name of ['جلی', 'ترچھا', 'ربط', 'تصویر', '«مزید پڑھیں» کا وقفہ', 'HTML ماخذ'])
        await toolbar.getByRole('button', { name }).waitFor();
      await page.getByRole('textbox', { name: 'متن', exact: true }).click();
      await page.keyboard.type('چائے کی پہلی پیالی');
      await page.getByText(/^4 الفاظ · 1 منٹ کی پڑھائی$/).waitFor();
      await toolbar.getByRole('button', { name: 'تصویر' }).click();
      const dialog = page.getByRole('dialog', { name: 'تصویر لگائیں' });
      await dialog.waitFor();
      for (const label of ['تصویر کی فائل', 'متبادل متن', 'کیپشن']) await dialog.getByLabel(label, { exact: false }).first().waitFor();
      await dialog.getByRole('button', { name: 'منسوخ کریں' }).click();
      await page.getByRole('textbox', { name: 'عنوان', exact: true }).fill('پہلی پیالی');
      await page.waitForURL(/\/posts\/\d+$/, { timeout: 20_000 });
      assert.equal(await page.locator('main h1').innerText(), 'تحریر میں ترمیم', 'the heading follows the first autosave, in Urdu');
      await page.getByText(/^مسودہ .+ پر محفوظ ہوا۔$/).waitFor({ timeout: 20_000 });
      assert.deepEqual(errors, []);
      const text = await page.locator('main').innerText();
      assert.doesNotMatch(text, /Bold|Formatting|words|min read|Draft saved|Insert an image/);
    } finally {
      await context.close();
    }
  });

  for (const { label, options } of [
    { label: '1280', options: { viewport: { width: 1280, height: 860 } } },
    { label: '375', options: { viewport: { width: 375, height: 760 }, isMobile: true, hasTouch: true } },
  ]) {
    test(`the Urdu editor and trash at ${label} px: screenshots, axe-core, no sideways scrolling`, async () => {
      const context = await browser.newContext({ ...options, bypassCSP: true });
      try {
        const session = await t.services.sessions.start(owner);
        await context.addCookies([{ name: 'dastan_session', value: session.token, url: t.originOf('urdu') }]);
        const page = await context.newPage();
        const problems: string[] = [];
        for (const [name, url] of [
          ['editor', '/admin/blogs/urdu/posts/new'],
          ['trash', '/admin/blogs/urdu/trash?done=restore'],
        ] as const) {
          await page.goto(t.originOf('urdu') + url, { waitUntil: 'load' });
          if (name === 'editor') await page.locator('.rich-surface').first().waitFor({ timeout: 10_000 });
          const violations = await axeViolations(page);
          if (violations.length > 0) problems.push(`${name}:\n  ${describeViolations(violations)}`);
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          if (overflow > 0) problems.push(`${name} scrolls sideways by ${overflow}px`);
          await page.screenshot({ path: path.join(SHOTS, `urdu-user-${name}-${label}.png`), fullPage: true });
        }
        assert.equal(problems.length, 0, problems.join('\n'));
      } finally {
        await context.close();
      }
    });
  }
});
