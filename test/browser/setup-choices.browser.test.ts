/**
 * Set-up in real Chromium with the blog's language and time zone picked from the form's lists (no typed
 * tags): the new writer lands in the new blog's overview with "Write your first post", and the editor
 * then names the chosen zone, not UTC; a time scheduled there is stored as that zone's time.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { testDatabases } from '../helpers/databases.js';
import { serveTestApp, type ServedApp } from '../helpers/browser.js';
import { chromiumSkip, openBrowser, type Browser } from '../helpers/chromium.js';
import { setUpInBrowser } from '../helpers/setup-page.js';
import { buildClientScripts } from '../helpers/client-scripts.js';

describe('set-up with a language and a time zone from the lists', { skip: chromiumSkip }, () => {
  let t: ServedApp;
  let browser: Browser;
  let page: Page;

  before(async () => {
    buildClientScripts('editor');
    t = await serveTestApp(testDatabases[0]!);
    browser = await openBrowser();
    page = await browser.context.newPage();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  test('the writer lands in the new blog with "Write your first post", and the editor speaks of the chosen zone', async () => {
    const origin = t.originOf('www');
    await page.goto(`${origin}/`);
    // The lists offer the languages by name and every zone; the browser's language and UTC come first chosen.
    const language = page.getByRole('combobox', { name: /^Language/ });
    const zone = page.getByRole('combobox', { name: /^Time zone/ });
    assert.equal(await language.inputValue(), 'en');
    assert.equal(await zone.inputValue(), 'UTC');
    assert.ok((await language.locator('option').count()) > 40, 'a list of languages');
    assert.match(await language.locator('option[value="fr"]').innerText(), /^French — français \(fr\)$/);
    assert.ok((await zone.locator('option').count()) > 300, 'every time zone');

    await setUpInBrowser(page, origin, 'a very good password', { language: 'fr', timeZone: 'Asia/Karachi' });
    assert.equal(new URL(page.url()).pathname, '/admin/blogs/www');
    const blog = (await t.services.repositories.blogs.findByName('www'))!;
    assert.equal(blog.language, 'fr');
    assert.equal(blog.time_zone, 'Asia/Karachi');

    const write = page.getByRole('link', { name: 'Write your first post' });
    await write.waitFor();
    assert.equal(await page.locator('.side-nav [aria-current="page"]').count(), 1, 'the blog’s own side menu, on its overview');
    await write.click();
    await page.waitForURL(/\/admin\/blogs\/www\/posts\/new$/);
    await page.locator('.rich-surface').waitFor();
    const hint = await page.locator('label[for="publishedAt"] .hint').innerText();
    assert.match(hint, /Asia\/Karachi/);
    assert.doesNotMatch(await page.locator('form.editor-form').innerText(), /\bUTC\b/);

    // A time picked in the editor is the blog's zone's: 09:30 in Karachi (UTC+5) is 04:30 UTC.
    await page.getByLabel('Title', { exact: true }).fill('Later');
    await page.locator('.rich-surface').click();
    await page.keyboard.type('Soon.');
    await page.getByLabel('Publish date').fill('2099-06-01T09:30');
    await page.getByRole('button', { name: 'Schedule', exact: true }).click();
    await page.getByText('Scheduled.').waitFor();
    const { posts } = await t.services.repositories.postAdmin.list({ blogId: blog.id, kind: 'post' }, 10, 0);
    assert.equal(posts.length, 1);
    assert.equal(posts[0]!.status, 'scheduled');
    assert.equal(new Date(posts[0]!.published_at!).toISOString(), '2099-06-01T04:30:00.000Z');
  });
});
