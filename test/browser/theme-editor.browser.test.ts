/**
 * The Theme page in real Chromium: an owner changes the accent colour, edits the home template in the
 * code editor (CodeMirror: line numbers, highlighting), sees the edit in a preview (the live blog still
 * without it), is refused a broken template with its line (the link puts the cursor there), saves the
 * good one, and finds both on the blog. The site's CSP (`style-src 'self'`) reports no violation.
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
  const cspErrors: string[] = [];

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
    // Chromium reports a refused inline style on the console (an event does not always follow).
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/.test(message.text())) cspErrors.push(message.text());
    });
    await page.addInitScript(() => {
      const seen: string[] = ((globalThis as unknown as { cspViolations?: string[] }).cspViolations = []);
      document.addEventListener('securitypolicyviolation', (event) => seen.push(event.violatedDirective));
    });
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
    await page
      .getByRole('navigation', { name: /^Blog \W?Valley notes\W?$/ })
      .getByRole('link', { name: 'Theme' })
      .click();
    await page.waitForURL(`${origin}/admin/blogs/www/theme`);
    await page.getByLabel('Accent and links', { exact: true }).fill(ACCENT);
    await page.getByRole('button', { name: 'Save colours and fonts' }).click();
    await page.waitForURL(/done=settings/);
    assert.equal(await page.getByRole('status').textContent(), 'Colours and fonts are saved.');

    await page.getByRole('link', { name: 'home.liquid' }).click();
    // The code editor (a textbox in a shadow root) stands for the textarea, which the form still sends.
    const code = page.getByRole('textbox', { name: /^home\.liquid/ });
    const field = page.locator('textarea[name="content"]');
    await code.waitFor();
    // The textarea carries the same name until the editor's script has run: wait for the swap itself.
    await field.waitFor({ state: 'hidden' });
    assert.equal(await field.isHidden(), true, 'the textarea gives way to the code editor');
    const original = await field.inputValue();
    assert.match(original, /render 'post-list'/);
    const lines = original.split('\n').length;
    assert.equal(await page.locator('.code-editor .cm-lineNumbers .cm-gutterElement').last().textContent(), String(lines));
    const colours = await page
      .locator('.code-editor .cm-content span')
      .evaluateAll((spans) => new Set(spans.map((s) => getComputedStyle(s).color)).size);
    assert.ok(colours >= 3, `Liquid and HTML are highlighted (${colours} colours)`);

    // A broken template is refused with its line; nothing goes live. The link puts the cursor on it.
    await code.fill(original.replace('{% block content %}', '{% block content %}\n{% if posts.size > 0 %}'));
    await page.getByRole('button', { name: 'Save' }).click();
    const alert = page.getByRole('alert');
    assert.match((await alert.textContent()) ?? '', /home\.liquid, line \d+, column \d+: /);
    const place = page.locator('a[data-jump]');
    const line = Number(await place.getAttribute('data-line'));
    assert.equal(await page.locator('.code-editor .cm-activeLineGutter').textContent(), String(line), 'the page opens on that line');
    await code.press('ControlOrMeta+Home');
    assert.equal(await page.locator('.code-editor .cm-activeLineGutter').textContent(), '1');
    await place.click();
    assert.equal(await page.locator('.code-editor .cm-activeLineGutter').textContent(), String(line), 'the link jumps to the line');
    assert.equal(await code.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el), true, 'and focuses the editor');
    assert.equal(await page.locator('.code-editor .cm-error-line').count(), 1, 'the line is marked');

    const edited = original.replace('{% block content %}', '{% block content %}\n<p class="greeting">Hello from the template editor</p>');
    await code.fill(edited);
    assert.equal(await field.inputValue(), edited, 'the textarea follows the editor');
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

    const violations = await page.evaluate(() => (globalThis as unknown as { cspViolations?: string[] }).cspViolations ?? []);
    assert.deepEqual(violations, [], 'no Content-Security-Policy violation');
    assert.deepEqual(cspErrors, [], 'no Content-Security-Policy error on the console');
  });
});
