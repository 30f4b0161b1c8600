/**
 * The Theme page in real Chromium: an owner changes the accent colour, edits the home template, sees
 * the edit in a preview (the live blog still without it), is refused a broken template with its line,
 * saves the good one, and finds both on the blog.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { testDatabases } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { chromiumSkip, openBrowser, type Browser } from '../helpers/chromium.js';
import { makeBlog, makePost } from '../helpers/factories.js';

const PASSWORD = 'a very good password';
const ACCENT = '#a30d5e';
const ACCENT_RGB = 'rgb(163, 13, 94)';

describe('the theme editor in the browser', { skip: chromiumSkip }, () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let origin: string;

  before(async () => {
    t = await startTestApp(testDatabases[0]!);
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://www.example.test:${new URL(address).port}`;
    const blog = await makeBlog(t.services, { name: 'www', title: 'Valley notes' });
    const owner = await t.services.users.createUser({ email: 'owner@example.com', displayName: 'Olive', password: PASSWORD });
    await t.services.users.addMember(blog.id, owner.id, 'owner');
    await makePost(t.services, blog, {
      title: 'Walking the river path',
      body: '<p>We walked <a href="https://example.com/">the path</a>.</p>',
    });
    browser = await openBrowser();
    page = await browser.context.newPage();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  /** The colour of the first link in a post's body. */
  const linkColour = (p: Page) =>
    p
      .locator('.post-body a')
      .first()
      .evaluate((a) => getComputedStyle(a).color);

  test('change the accent colour, edit a template, preview, save, and see both on the blog', async () => {
    await page.goto(`${origin}/admin/sign-in`);
    await page.getByLabel('E-mail address').fill('owner@example.com');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${origin}/admin`);

    await page.goto(`${origin}/admin/blogs/www/posts`);
    await page.getByRole('navigation', { name: 'Blog Valley notes' }).getByRole('link', { name: 'Theme' }).click();
    await page.waitForURL(`${origin}/admin/blogs/www/theme`);
    await page.getByLabel('Accent and links', { exact: true }).fill(ACCENT);
    await page.getByRole('button', { name: 'Save colours and fonts' }).click();
    await page.waitForURL(/done=settings/);
    assert.equal(await page.getByRole('status').textContent(), 'Colours and fonts are saved.');

    await page.getByRole('link', { name: 'home.liquid' }).click();
    const editor = page.getByLabel(/^home\.liquid/);
    const original = await editor.inputValue();
    assert.match(original, /render 'post-list'/);

    // A broken template is refused with its line; nothing goes live.
    await editor.fill(original.replace('{% block content %}', '{% block content %}\n{% if posts.size > 0 %}'));
    await page.getByRole('button', { name: 'Save' }).click();
    const alert = page.getByRole('alert');
    assert.match((await alert.textContent()) ?? '', /home\.liquid, line \d+, column \d+: /);

    const edited = original.replace('{% block content %}', '{% block content %}\n<p class="greeting">Hello from the template editor</p>');
    await page.getByLabel(/^home\.liquid/).fill(edited);
    const [preview] = await Promise.all([
      browser.context.waitForEvent('page'),
      page.getByRole('button', { name: /Preview the home page/ }).click(),
    ]);
    await preview.waitForLoadState();
    assert.equal(await preview.locator('.greeting').textContent(), 'Hello from the template editor');
    assert.equal(await linkColour(preview), ACCENT_RGB, 'the preview has the new accent colour');
    await preview.close();

    const blog = await browser.context.newPage();
    await blog.goto(`${origin}/`);
    assert.equal(await blog.locator('.greeting').count(), 0, 'not live before it is saved');
    assert.equal(await linkColour(blog), ACCENT_RGB, 'the saved colour is live');

    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/done=saved/);
    assert.equal(await page.getByRole('status').textContent(), 'Saved: the blog shows it now.');

    await blog.reload();
    assert.equal(await blog.locator('.greeting').textContent(), 'Hello from the template editor');
    assert.equal(await linkColour(blog), ACCENT_RGB);
    await blog.close();
  });
});
