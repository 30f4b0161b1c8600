/**
 * The editor's tools in real Chromium with the site's CSP on and no console errors: the link popover
 * (insert through it, then open, edit and remove a link from it), an image marked decorative (saved with
 * an empty alt), and the HTML source a click away (edited there, switched back, nothing lost); then the
 * whole editor by keyboard alone: Tab and Shift+Tab into the toolbar, arrow keys along it, the link
 * popover and the image dialog opened from it, Escape closing each and giving the focus back to the
 * text, and Publish pressed from the keyboard. Each test asserts the saved post's HTML.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { testDatabases } from '../helpers/databases.js';
import { serveTestApp, type ServedApp } from '../helpers/browser.js';
import { chromiumSkip, openBrowser, type Browser } from '../helpers/chromium.js';
import { setUpInBrowser } from '../helpers/setup-page.js';
import { buildClientScripts } from '../helpers/client-scripts.js';
import type { PostRow } from '../../src/storage/schema.js';

const png = (background: string) =>
  sharp({ create: { width: 600, height: 400, channels: 3, background } })
    .png()
    .toBuffer();

describe('the editor’s link popover, image dialog and HTML source, and the editor by keyboard alone', { skip: chromiumSkip }, () => {
  let t: ServedApp;
  let browser: Browser;
  let page: Page;
  let origin: string;
  const problems: string[] = [];

  before(async () => {
    buildClientScripts('editor');
    t = await serveTestApp(testDatabases[0]!);
    origin = t.originOf('www');
    browser = await openBrowser();
    page = await browser.context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' && !/Cross-Origin-Opener-Policy|Failed to load resource/.test(m.text()))
        problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await setUpInBrowser(page, origin, 'a very good password');
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  const surface = () => page.locator('.rich-surface');
  const popover = () => page.getByRole('dialog', { name: 'Link' });
  /** The post with this title, as saved. */
  const saved = async (title: string): Promise<PostRow> => {
    const blog = (await t.services.repositories.blogs.findByName('www'))!;
    const { posts } = await t.services.repositories.postAdmin.list({ blogId: blog.id, kind: 'post' }, 50, 0);
    const post = posts.find((p) => p.title === title);
    assert.ok(post, `a post "${title}"`);
    return post;
  };
  /** What has the focus: "text" for the body's editing surface, else a button's name or the element's id. */
  const focused = () =>
    page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (el?.classList.contains('rich-surface')) return 'text';
      return el?.getAttribute('aria-label') ?? el?.id ?? '';
    });
  /** Waits for the focus to be back in the text (the editor takes it back on the next frame). */
  const focusInText = () => page.waitForFunction(() => document.activeElement?.classList.contains('rich-surface'));
  const selected = () => page.evaluate(() => window.getSelection()?.toString());
  const selectBack = async (text: string) => {
    for (let i = 0; i < text.length; i++) await page.keyboard.press('Shift+ArrowLeft');
  };

  test('a link through the popover, opened, edited and removed from it; a decorative image; the HTML source and back', async () => {
    await page.goto(`${origin}/admin/blogs/www/posts/new`);
    await page.getByLabel('Title', { exact: true }).fill('Tools');
    await surface().click();
    await page.keyboard.type('Walk to the river');
    await selectBack('the river');
    await page.getByRole('button', { name: 'Link', exact: true }).click();
    await popover().waitFor();
    assert.equal(
      await page.getByLabel('Link address').evaluate((el) => el === document.activeElement),
      true,
      'the address field has the focus',
    );
    assert.equal(await popover().getByRole('link', { name: 'Open link in a new tab' }).isVisible(), false, 'nothing to open yet');
    await page.getByLabel('Link address').fill(`${origin}/a`);
    await popover().getByRole('button', { name: 'Apply' }).click();
    assert.equal(await surface().locator(`a[href="${origin}/a"]`).innerText(), 'the river');
    await page.keyboard.type(' and the hill');
    await selectBack('the hill');
    await page.getByRole('button', { name: 'Link', exact: true }).click();
    await page.getByLabel('Link address').fill('/about');
    await page.keyboard.press('Enter');
    assert.equal(await surface().locator('a[href="/about"]').innerText(), 'the hill');

    // The caret in a link shows the popover by itself, with the address and a way to open it.
    await surface().locator(`a[href="${origin}/a"]`).click();
    await popover().waitFor();
    assert.equal(await page.getByLabel('Link address').inputValue(), `${origin}/a`);
    const open = popover().getByRole('link', { name: 'Open link in a new tab' });
    assert.equal(await open.getAttribute('target'), '_blank');
    const [tab] = await Promise.all([browser.context.waitForEvent('page'), open.click()]);
    await tab.waitForLoadState();
    assert.equal(tab.url(), `${origin}/a`);
    await tab.close();

    // Edit: a new address for the same words.
    await surface().locator(`a[href="${origin}/a"]`).click();
    await page.getByLabel('Link address').fill(`${origin}/b`);
    await popover().getByRole('button', { name: 'Apply' }).click();
    assert.equal(await surface().locator(`a[href="${origin}/a"]`).count(), 0);
    assert.equal(await surface().locator(`a[href="${origin}/b"]`).innerText(), 'the river');
    // Remove: the words stay, the link goes.
    await surface().locator('a[href="/about"]').click();
    await popover().getByRole('button', { name: 'Remove link' }).click();
    assert.equal(await surface().locator('a[href="/about"]').count(), 0);
    assert.equal(await popover().isVisible(), false);
    // The caret is back in the text after the unlinked words, which typing does not replace.
    await focusInText();
    assert.equal(await page.evaluate(() => window.getSelection()?.isCollapsed), true, 'the unlinked words are not left selected');
    await page.keyboard.type(' too');
    assert.match(await surface().innerText(), /Walk to the river and the hill too/);

    // A decorative image: the alt text field is disabled and the image is saved with alt="".
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Image', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Insert an image' });
    await dialog.getByLabel('Image file').setInputFiles({ name: 'line.png', mimeType: 'image/png', buffer: await png('#ccc') });
    await dialog.getByRole('textbox', { name: /^Alt text/ }).fill('typed, then not wanted');
    await dialog.getByRole('checkbox', { name: /^Decorative/ }).check();
    assert.equal(await dialog.getByRole('textbox', { name: /^Alt text/ }).isDisabled(), true);
    assert.equal(await dialog.getByRole('textbox', { name: /^Alt text/ }).inputValue(), '');
    await dialog.getByRole('button', { name: 'Insert' }).click();
    await surface().locator('img[src^="/uploads/"]').waitFor();
    assert.equal(await surface().locator('img[src^="/uploads/"]').getAttribute('alt'), '');
    assert.equal(await surface().locator('.needs-alt').count(), 0, 'a decorative image is not marked as undescribed');

    // The HTML source: the toolbar's other buttons rest while it is shown; an edit there comes back.
    await page.getByRole('button', { name: 'HTML source' }).click();
    const source = page.locator('textarea[name="body"]');
    await source.waitFor();
    assert.equal(await page.getByRole('button', { name: 'HTML source' }).getAttribute('aria-pressed'), 'true');
    assert.equal(await page.getByRole('button', { name: 'Bold' }).isDisabled(), true);
    assert.equal(await surface().isVisible(), false);
    const html = await source.inputValue();
    assert.match(html, new RegExp(`<a href="${origin}/b">the river</a>`));
    assert.match(html, /<img src="\/uploads\/[^"]+" alt=""/);
    await source.fill(`${html}<p>Written in the <em>source</em>.</p>`);
    await page.getByRole('button', { name: 'HTML source' }).click();
    assert.equal(await source.isVisible(), false);
    assert.equal(await surface().locator('em').innerText(), 'source');
    assert.equal(await surface().locator(`a[href="${origin}/b"]`).count(), 1, 'the link is kept');
    assert.equal(await surface().locator('img[alt=""]').count(), 1, 'the image is kept');
    assert.equal(await page.getByRole('button', { name: 'Bold' }).isDisabled(), false);

    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.getByText('Published —').waitFor();
    const post = await saved('Tools');
    assert.equal(post.status, 'live');
    assert.match(post.body_html, new RegExp(`<p>Walk to <a href="${origin}/b"[^>]*>the river</a> and the hill too</p>`));
    assert.doesNotMatch(post.body_html, /href="\/about"|href="[^"]*\/a"/);
    assert.match(post.body_html, /<img src="\/uploads\/[^"]+" alt=""[^>]*>/);
    assert.match(post.body_html, /<p>Written in the <em>source<\/em>\.<\/p>/);
    assert.deepEqual(problems, []);
  });

  test('keyboard alone: Tab into the toolbar, the link popover and the image dialog, Escape, Publish', async () => {
    await page.goto(`${origin}/admin/blogs/www/posts/new`);
    await surface().waitFor();
    // Start in the title, as the editor's first field.
    await page.getByLabel('Title', { exact: true }).focus();
    await page.keyboard.type('By keyboard');
    // Tab: into the toolbar, on its first button (one tab stop); Tab again: into the text.
    await page.keyboard.press('Tab');
    assert.equal(await focused(), 'Bold');
    await page.keyboard.press('Tab');
    await focusInText();
    await page.keyboard.type('Read the notes');
    await selectBack('the notes');
    assert.equal(await selected(), 'the notes');

    // Shift+Tab back to the toolbar; arrows along it to Link; Enter opens the popover in its field.
    await page.keyboard.press('Shift+Tab');
    assert.equal(await focused(), 'Bold');
    for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowRight');
    assert.equal(await focused(), 'Link');
    await page.keyboard.press('Enter');
    await popover().waitFor();
    assert.equal(await focused(), 'link-popover-href', 'the address field');
    // Escape closes it and gives the text the focus back, the selection kept.
    await page.keyboard.press('Escape');
    assert.equal(await popover().isVisible(), false);
    await focusInText();
    assert.equal(await selected(), 'the notes', 'the selection is kept');
    // Shift+Tab comes back to the button last used (the toolbar remembers it).
    await page.keyboard.press('Shift+Tab');
    assert.equal(await focused(), 'Link');
    await page.keyboard.press('Enter');
    await page.keyboard.type('/notes');
    await page.keyboard.press('Enter');
    assert.equal(await surface().locator('a[href="/notes"]').innerText(), 'the notes');
    await focusInText();

    // The image dialog from the toolbar: Escape closes it and the text has the focus again.
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('ArrowRight');
    assert.equal(await focused(), 'Image');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Insert an image' });
    await dialog.waitFor();
    assert.equal(await dialog.getByLabel('Image file').evaluate((el) => el === document.activeElement), true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await focusInText();

    // Again, and this time an image by keyboard: a file chosen, Tab to the alt text, Enter.
    await page.keyboard.press('Shift+Tab');
    assert.equal(await focused(), 'Image');
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    // The file comes from the system's file picker, outside the page: the test hands it to the focused field.
    const fileField = dialog.getByLabel('Image file');
    assert.equal(await fileField.evaluate((el) => el === document.activeElement), true);
    await fileField.setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: await png('#36a') });
    assert.equal(await fileField.evaluate((el) => el === document.activeElement), true);
    // Tab passes the media library's button, then reaches the alt text.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Choose from library');
    await page.keyboard.press('Tab');
    assert.equal(await dialog.getByRole('textbox', { name: /^Alt text/ }).evaluate((el) => el === document.activeElement), true);
    await page.keyboard.type('A page of notes in blue ink');
    await page.keyboard.press('Enter');
    await surface().locator('img[alt="A page of notes in blue ink"]').waitFor();
    await focusInText();
    await page.keyboard.type('The end.');

    // Publish from the keyboard: Shift+Tab from the title back to the editor's buttons.
    await page.getByLabel('Title', { exact: true }).focus();
    let onPublish = false;
    for (let i = 0; i < 12 && !onPublish; i++) {
      await page.keyboard.press('Shift+Tab');
      onPublish = await page.evaluate(() => document.activeElement?.textContent?.trim() === 'Publish');
    }
    assert.ok(onPublish, 'Publish is reached with Shift+Tab from the title');
    await page.keyboard.press('Enter');
    await page.getByText('Published —').waitFor();
    const post = await saved('By keyboard');
    assert.equal(post.status, 'live');
    assert.match(post.body_html, /<p>Read <a href="\/notes"[^>]*>the notes<\/a><\/p>/);
    assert.match(post.body_html, /<img src="\/uploads\/[^"]+" alt="A page of notes in blue ink"[^>]*>/);
    assert.match(post.body_html, /The end\./);
    assert.deepEqual(problems, []);
  });
});
