/**
 * The Theme page's pictures and previews in real Chromium, with the site's own Content-Security-Policy:
 * an owner uploads a logo through the file field and sees it previewed and on the blog, finds the blog
 * drawn in each bundled theme, and watches the live preview follow the accent colour before saving. No
 * console errors (nothing the policy blocks). Screenshots of the page at 1280 and 375 px, in an English
 * blog and an Urdu one (right to left, the dashboard in Urdu), go to test-results/theme-settings.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import type { UserRow } from '../../src/storage/schema.js';
import { testDatabases } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { chromiumSkip, openBrowser, type Browser } from '../helpers/chromium.js';
import { makeBlog, makePost } from '../helpers/factories.js';

const PASSWORD = 'a very good password';
const SHOTS = path.join(process.cwd(), 'test-results', 'theme-settings');

describe('the Theme page’s pictures and previews in the browser', { skip: chromiumSkip }, () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let origin: string;
  let owner: UserRow;
  const problems: string[] = [];

  before(async () => {
    t = await startTestApp(testDatabases[0]!);
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://www.example.test:${new URL(address).port}`;
    const blog = await makeBlog(t.services, { name: 'www', title: 'Valley notes' });
    const urdu = await makeBlog(t.services, { name: 'urdu', title: 'وادی کی باتیں', language: 'ur' });
    owner = await t.services.users.createUser({ email: 'owner@example.com', displayName: 'Olive', password: PASSWORD });
    await t.services.users.addMember(blog.id, owner.id, 'owner');
    await t.services.users.addMember(urdu.id, owner.id, 'owner');
    await makePost(t.services, blog, {
      title: 'Walking the river path',
      body: '<p>We walked <a href="https://example.com/">the path</a>.</p>',
    });
    await makePost(t.services, urdu, { title: 'دریا کے کنارے کی سیر', body: '<p>ہم <a href="https://example.com/">راستے</a> پر چلے۔</p>' });
    browser = await openBrowser();
    page = await browser.context.newPage();
    page.on('console', (m) => {
      // Chromium's note that Cross-Origin-Opener-Policy needs https is about the test server, not the page.
      if (m.type() === 'error' && !/Cross-Origin-Opener-Policy/.test(m.text())) problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.goto(`${origin}/admin/sign-in`);
    await page.getByLabel('E-mail address').fill('owner@example.com');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${origin}/admin`);
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  test('upload a logo: previewed on the Theme page and shown on the blog', async () => {
    await page.goto(`${origin}/admin/blogs/www/theme`);
    const logo = await sharp({ create: { width: 480, height: 120, channels: 3, background: '#1d4ed8' } })
      .png()
      .toBuffer();
    const section = page.getByRole('region', { name: 'Logo' });
    await section.getByLabel('Choose a picture').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: logo });
    await section.getByRole('button', { name: 'Upload' }).click();
    await page.waitForURL(/done=image/);
    assert.match((await page.getByRole('status').textContent()) ?? '', /The picture is saved/);
    const preview = page.getByRole('img', { name: 'Now in use: \u2068Logo\u2069' });
    assert.ok(await preview.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), 'the preview image loads');

    const blog = await browser.context.newPage();
    await blog.goto(`${origin}/`);
    assert.ok(await blog.locator('.blog-logo img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0));
    await blog.close();
  });

  test('each theme is drawn with the blog’s own posts, and the live preview follows the accent colour', async () => {
    await page.goto(`${origin}/admin/blogs/www/theme`);
    for (const theme of ['default', 'minimal', 'magazine']) {
      const frame = page.locator(`.theme-thumb iframe[src$="theme=${theme}"]`);
      await frame.scrollIntoViewIfNeeded();
      await frame.contentFrame().getByText('Walking the river path').first().waitFor();
    }
    const live = page.locator('#theme-live-preview');
    await live.scrollIntoViewIfNeeded();
    const link = live.contentFrame().locator('.post-body a').first();
    const before = await link.evaluate((a) => getComputedStyle(a).color);
    await page.getByLabel('Accent and links', { exact: true }).fill('#a30d5e');
    await page.waitForFunction(() => document.getElementById('theme-live-preview')?.getAttribute('src')?.includes('accent=%23a30d5e'));
    await live.contentFrame().locator('.post-body a').first().waitFor();
    await page
      .waitForFunction(
        () => {
          const frame = document.getElementById('theme-live-preview') as HTMLIFrameElement | null;
          const a = frame?.contentDocument?.querySelector('.post-body a');
          return a ? getComputedStyle(a).color === 'rgb(163, 13, 94)' : false;
        },
        undefined,
        { timeout: 5000 },
      )
      .catch(() => undefined);
    const after = await live
      .contentFrame()
      .locator('.post-body a')
      .first()
      .evaluate((a) => getComputedStyle(a).color);
    assert.notEqual(before, after);
    assert.equal(after, 'rgb(163, 13, 94)', 'the live preview shows the unsaved accent colour');
    assert.match((await page.locator('#live-preview-status').textContent()) ?? '', /unsaved changes/);
    const saved = await t.services.repositories.blogs.findByName('www');
    assert.doesNotMatch(saved!.theme_settings, /a30d5e/, 'nothing saved yet');
    assert.deepEqual(problems, [], 'no console errors: the policy allows the frames, their styles and the script');
  });

  test('screenshots of the Theme page at 1280 and 375 px, English and Urdu', async () => {
    mkdirSync(SHOTS, { recursive: true });
    for (const [blog, width] of [
      ['www', 1280],
      ['www', 375],
      ['urdu', 1280],
      ['urdu', 375],
    ] as const) {
      // The Urdu blog's page with the dashboard in Urdu too, as its owner would choose.
      await t.services.accounts.setLanguage(owner, blog === 'urdu' ? 'ur' : 'en', ['en', 'ur']);
      await page.setViewportSize({ width, height: width > 600 ? 1100 : 1400 });
      await page.goto(`${origin}/admin/blogs/${blog}/theme`);
      for (const frame of await page.locator('iframe').all()) {
        await frame.scrollIntoViewIfNeeded();
        await frame.contentFrame().locator('body').waitFor();
      }
      // The theme chooser, then the live preview with the pictures below it.
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: path.join(SHOTS, `theme-page-${blog}-${width}.png`) });
      await page.locator('#live-preview-heading').evaluate((h) => h.scrollIntoView());
      await page.screenshot({ path: path.join(SHOTS, `theme-preview-${blog}-${width}.png`) });
    }
  });
});
