/**
 * A new writer's day in real Chromium, with the site's own Content-Security-Policy on and no console
 * errors allowed: set-up → the blog → write with an image (alt text, caption), a link and a "Read more"
 * break and a cover image → publish → follow "View post" → edit and update → unpublish → schedule → preview in a new tab.
 * Typing right after an image upload keeps the image, and one undo takes back only that typing.
 * Then axe on the editor at 1280 and 375 px, on a left-to-right and a right-to-left (Urdu) blog, with
 * screenshots in $TMPDIR/dastan-screenshots.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { testDatabases } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { chromiumSkip, openBrowser, type Browser } from '../helpers/chromium.js';
import { axeViolations, describeViolations, launchChromium } from '../helpers/browser.js';
import { makeBlog, makePost } from '../helpers/factories.js';
import { setUpInBrowser } from '../helpers/setup-page.js';
import { buildClientScripts } from '../helpers/client-scripts.js';

const PASSWORD = 'a very good password';
const SHOTS = path.join(tmpdir(), 'dastan-screenshots');

describe("a new writer's day in the editor", { skip: chromiumSkip }, () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let origin: string;
  let port: string;
  const problems: string[] = [];

  before(async () => {
    buildClientScripts('editor');
    mkdirSync(SHOTS, { recursive: true });
    t = await startTestApp(testDatabases[0]!);
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = new URL(address).port;
    origin = `http://www.example.test:${port}`;
    browser = await openBrowser();
    page = await browser.context.newPage();
    page.on('console', (m) => {
      // Chromium's note that Cross-Origin-Opener-Policy needs https is about the test server, not the page;
      // failed loads are checked by address below.
      if (m.type() === 'error' && !/Cross-Origin-Opener-Policy|Failed to load resource/.test(m.text()))
        problems.push(`console: ${m.text()}`);
    });
    page.on('response', (r) => {
      if (r.status() >= 400 && !r.url().endsWith('/favicon.ico') && r.request().resourceType() !== 'document')
        problems.push(`${r.status()} for ${r.url()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  const surface = () => page.locator('.rich-surface');
  const blogId = async () => (await t.services.repositories.blogs.findByName('www'))!.id;
  const theOnlyPost = async () => (await t.services.repositories.postAdmin.list({ blogId: await blogId(), kind: 'post' }, 10, 0)).posts[0]!;

  test('set-up, write with an image, a link and a Read more break, publish, view, update, unpublish, schedule, preview', async () => {
    await setUpInBrowser(page, origin, PASSWORD);
    await page.goto(`${origin}/admin/blogs/www/posts/new`);
    await page.screenshot({ path: path.join(SHOTS, 'editor-new.png') });

    // The title as a large field; the body with Markdown shortcuts.
    await page.getByLabel('Title', { exact: true }).fill('A walk by the river');
    await surface().click();
    await page.keyboard.type('## The water\n');
    assert.equal(await surface().locator('h2').innerText(), 'The water');
    await page.keyboard.type('The water was high today. ');

    // An image through the dialog: alt text is required unless decorative; a caption makes a figure.
    const png = await sharp({ create: { width: 1200, height: 600, channels: 3, background: '#2a7' } })
      .png()
      .toBuffer();
    await page.getByRole('button', { name: 'Image', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Insert an image' });
    await dialog.getByLabel('Image file').setInputFiles({ name: 'river.png', mimeType: 'image/png', buffer: png });
    await dialog.getByRole('button', { name: 'Insert' }).click();
    await dialog.getByText('Describe the image in its alt text').waitFor();
    await dialog.getByRole('textbox', { name: /^Alt text/ }).fill('The river, brown and high, under a grey sky');
    await dialog.getByLabel('Caption').fill('The river at noon');
    await dialog.getByRole('button', { name: 'Insert' }).click();
    await surface().locator('figure img[src^="/uploads/"]').waitFor();
    // Item 3: the next keys go into the text after the image, never over it.
    await page.keyboard.type('Back home by three.');
    assert.equal(await surface().locator('figure img').count(), 1, 'the image is still there');
    assert.match(await surface().locator('figure + p').innerText(), /^Back home by three\.$/);
    await page.keyboard.press('Control+z');
    assert.equal(await surface().locator('figure img').count(), 1, 'one undo takes back the typing only');
    assert.match(await surface().innerText(), /The water was high today\./, 'and not what came before');
    await page.keyboard.type('Back home by three. Read ');

    // A link through the popover (no browser prompt).
    await page.keyboard.type('the forecast');
    for (let i = 0; i < 'the forecast'.length; i++) await page.keyboard.press('Shift+ArrowLeft');
    await page.getByRole('button', { name: 'Link', exact: true }).click();
    await page.getByLabel('Link address').fill('example.org/forecast');
    await page.keyboard.press('Enter');
    assert.equal(await surface().locator('a[href="https://example.org/forecast"]').innerText(), 'the forecast');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');

    // The Read more break, shown as a divider; text after it.
    await page.getByRole('button', { name: 'Read more break' }).click();
    await surface().locator('.read-more-break').waitFor();
    await page.keyboard.type('The rest of the day was quiet.');
    assert.match(await page.locator('#word-count').innerText(), /\d+ words · 1 min read/);

    // The cover image in the settings panel: a picture from the post, then an upload in its place.
    const cover = page.getByRole('group', { name: 'Cover image' });
    await cover.getByRole('button', { name: 'From this post' }).click();
    await cover.getByRole('button', { name: /^Use picture \u20681\u2069 as the cover$/ }).click();
    assert.match(await page.locator('#coverImageUrl').inputValue(), /^\/uploads\//);
    const coverPng = await sharp({ create: { width: 1600, height: 900, channels: 3, background: '#27a' } })
      .png()
      .toBuffer();
    await cover.getByLabel('Upload', { exact: true }).setInputFiles({ name: 'cover.png', mimeType: 'image/png', buffer: coverPng });
    await cover.getByText('Cover image uploaded.').waitFor();
    await cover.getByLabel(/^Alt text/).fill('The river from the bridge at dawn');
    const coverUrl = await page.locator('#coverImageUrl').inputValue();
    assert.notEqual(coverUrl, await surface().locator('figure img').getAttribute('src'), 'the upload replaced the chosen picture');
    assert.equal(await cover.locator('img.cover-preview').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), true);
    await page.screenshot({ path: path.join(SHOTS, 'editor-writing.png') });

    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.getByText('Published —').waitFor();
    let post = await theOnlyPost();
    assert.equal(post.status, 'live');
    assert.match(
      post.body_html,
      /<figure><img src="\/uploads\/[^"]+" alt="The river, brown and high, under a grey sky"[^>]*><figcaption>The river at noon<\/figcaption><\/figure>/,
    );
    assert.match(post.body_html, /<a id="more"><\/a>/);
    assert.equal(post.cover_image_url, coverUrl);
    assert.equal(post.cover_image_alt, 'The river from the bridge at dawn');
    assert.match(post.body_html, /<a href="https:\/\/example\.org\/forecast"[^>]*>the forecast<\/a>/);

    // Follow the link to the live post.
    await page.getByRole('link', { name: 'View post' }).first().click();
    await page.waitForURL(/\/\d{4}\/\d{2}\/a-walk-by-the-river\.html$/);
    assert.equal(await page.locator('main h1, article h1, h1').first().innerText(), 'A walk by the river');
    await page.getByText('The river at noon').waitFor();
    assert.equal(await page.locator('a[href="https://example.org/forecast"]').count(), 1);
    assert.equal(await page.locator(`img[alt="The river from the bridge at dawn"]`).count(), 1, 'the theme shows the cover');
    const liveUrl = page.url();

    // Edit and update: still live, the change online.
    await page.goto(`${origin}/admin/blogs/www/posts/${post.id}`);
    assert.equal(await page.getByRole('button', { name: 'Save draft' }).count(), 0, 'no "Save draft" on a live post');
    assert.equal(await page.locator('#cover-preview').getAttribute('src'), coverUrl, 'the cover is shown after a reload');
    await surface().locator('p', { hasText: 'The rest of the day' }).click();
    await page.keyboard.press('End');
    await page.keyboard.type(' Then rain.');
    await page.getByRole('button', { name: 'Update', exact: true }).click();
    await page.getByText('Updated —').waitFor();
    await page.goto(liveUrl);
    await page.getByText('Then rain.').waitFor();

    // Unpublish: its address answers "not found".
    await page.goto(`${origin}/admin/blogs/www/posts/${post.id}`);
    await page.getByRole('button', { name: 'Unpublish' }).click();
    await page.getByText('Unpublished').waitFor();
    const editUrl = page.url();
    assert.equal((await page.goto(liveUrl))?.status(), 404);
    await page.goto(editUrl);

    // Schedule: the date-time picker in the blog's zone; Schedule without a time asks for one.
    await page.getByLabel('Publish date').fill('');
    await page.getByRole('button', { name: 'Schedule', exact: true }).click();
    assert.equal(await page.locator('#publishedAt').evaluate((el: HTMLInputElement) => el.validity.customError), true);
    assert.doesNotMatch(await page.locator('.editor-settings').innerText(), /in UTC/);
    await page.getByLabel('Publish date').fill('2099-06-01T09:30');
    await page.getByRole('button', { name: 'Schedule', exact: true }).click();
    await page.getByText('Scheduled.').waitFor();
    post = await theOnlyPost();
    assert.equal(post.status, 'scheduled');

    // Preview in a new tab, with its banner and the way back.
    const [preview] = await Promise.all([browser.context.waitForEvent('page'), page.getByRole('button', { name: 'Preview' }).click()]);
    await preview.getByRole('region', { name: 'Preview' }).waitFor();
    await preview.getByText('The river at noon').waitFor();
    await preview.getByRole('link', { name: 'Back to the editor' }).click();
    await preview.waitForURL(`${origin}/admin/blogs/www/posts/${post.id}`);
    await preview.close();
    assert.deepEqual(problems, [], 'no console errors (the CSP allows everything the editor does)');
  });

  test('a new post: the first autosave makes it a draft, and the heading and preview follow', async () => {
    await page.goto(`${origin}/admin/blogs/www/posts/new`);
    await page.getByLabel('Title', { exact: true }).fill('Notes from the hill');
    await surface().click();
    await page.keyboard.type('Pasted pictures come next.');
    // A pasted image goes in at once, with the caret after it; typing keeps it.
    const png = (
      await sharp({ create: { width: 400, height: 300, channels: 3, background: '#a72' } })
        .png()
        .toBuffer()
    ).toString('base64');
    await surface().evaluate((el, data) => {
      const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], 'hill.png', { type: 'image/png' }));
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
    }, png);
    await surface().locator('img[src^="/uploads/"]').waitFor();
    await page.keyboard.type('X');
    assert.equal(await surface().locator('img').count(), 1);
    await surface().locator('.needs-alt').waitFor();
    await page.waitForURL(/\/admin\/blogs\/www\/posts\/\d+$/, { timeout: 15_000 });
    assert.equal(await page.locator('main h1').innerText(), 'Edit post');
    assert.deepEqual(problems, []);
  });

  for (const { label, viewport } of [
    { label: '1280', viewport: { width: 1280, height: 900 } },
    { label: '375', viewport: { width: 375, height: 800 } },
  ]) {
    test(`axe finds nothing on the editor at ${label} px, left-to-right and right-to-left (Urdu)`, async () => {
      const urdu =
        (await t.services.repositories.blogs.findByName('urdu')) ??
        (await makeBlog(t.services, { name: 'urdu', title: 'اردو بلاگ', language: 'ur' }));
      const owner = (await t.services.repositories.users.findByEmail('owner@example.com'))!;
      if (!(await t.services.repositories.users.findMembership(urdu.id, owner.id)))
        await t.services.users.addMember(urdu.id, owner.id, 'owner');
      const rtlPost = await makePost(t.services, urdu, {
        title: 'دریا کے کنارے',
        body: '<p>آج پانی اونچا تھا۔</p><a name="more"></a><p>باقی دن پرسکون رہا۔</p>',
        authorId: owner.id,
      });
      const axeBrowser = await launchChromium();
      const context = await axeBrowser.newContext({ viewport, bypassCSP: true });
      try {
        const session = await t.services.sessions.start(owner);
        await context.addCookies([{ name: 'dastan_session', value: session.token, url: origin }]);
        const p = await context.newPage();
        const found: string[] = [];
        for (const [name, url] of [
          ['editor', `${origin}/admin/blogs/www/posts/${(await theOnlyPost()).id}`],
          ['editor-rtl', `${origin}/admin/blogs/urdu/posts/${rtlPost.id}`],
        ] as const) {
          await p.goto(url);
          await p
            .locator('.rich-surface')
            .waitFor({ timeout: 10_000 })
            .catch(async (e: Error) => {
              await p.screenshot({ path: path.join(SHOTS, `${name}-${label}-failed.png`) });
              throw e;
            });
          if (name === 'editor-rtl') assert.equal(await p.locator('.editor-main').getAttribute('dir'), 'rtl');
          const violations = await axeViolations(p);
          if (violations.length) found.push(`${name} at ${label}:\n  ${describeViolations(violations)}`);
          const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          if (overflow > 0) found.push(`${name} at ${label} scrolls sideways by ${overflow}px`);
          await p.screenshot({ path: path.join(SHOTS, `${name}-${label}.png`), fullPage: label === '375' });
        }
        assert.deepEqual(found, []);
      } finally {
        await axeBrowser.close();
      }
    });
  }
});
