/**
 * The dashboard's import in real Chromium, without any script of ours: choose a WordPress export,
 * upload it, watch the job page (it reloads itself while the import runs) until the report is there,
 * and find the imported post on the blog. Then, the blog having posts, upload a newer copy: "keep this
 * blog's settings" is already chosen, "update what is already here" is ticked, and the report says
 * what was updated.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { testDatabases } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { chromiumSkip, openBrowser, type Browser } from '../helpers/chromium.js';
import { makeBlog } from '../helpers/factories.js';
import { testdata } from '../helpers/imports.js';

describe('importing in the browser', { skip: chromiumSkip }, () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let origin: string;

  before(async () => {
    t = await startTestApp(testDatabases[0]!);
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://www.example.test:${new URL(address).port}`;
    const blog = await makeBlog(t.services, { name: 'www', title: 'Moving house' });
    const owner = await t.services.users.createUser({ email: 'owner@example.com', displayName: 'Olive' });
    await t.services.users.addMember(blog.id, owner.id, 'owner');
    browser = await openBrowser();
    const session = await t.services.sessions.start(owner);
    await browser.context.addCookies([{ name: 'dastan_session', value: session.token, url: origin }]);
    page = await browser.context.newPage();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  test('upload an export, follow its progress, read the report', async () => {
    await page.goto(`${origin}/admin/blogs/www/posts`);
    await page.getByRole('link', { name: 'Import and export' }).click();
    await page.waitForURL(`${origin}/admin/blogs/www/import`);
    await page.getByLabel('Export file').setInputFiles(testdata('wxr/wordpress-importer-small-export.xml'));
    await page.getByRole('button', { name: 'Upload and import' }).click();
    await page.waitForURL(/\/admin\/blogs\/www\/import\/\d+$/);
    // Running: "Importing…" with a progress bar, reloading itself; finished: the report.
    const first = await page.locator('h1').textContent();
    assert.ok(first === 'Importing…' || first === 'Import report', `the job page shows ${first}`);
    await page.getByRole('heading', { level: 1, name: 'Import report' }).waitFor({ timeout: 60_000 });
    const posts = page.getByRole('row', { name: /^Posts/ });
    assert.deepEqual(await posts.locator('td').allInnerTexts(), ['6', '6'], 'the figures as shown (a phone names each cell)');
    assert.equal(await page.locator('#job-status').textContent(), 'finished');
    assert.ok((await page.locator('#report-redirects li').count()) > 100, 'the redirects are listed');

    await page.goto(`${origin}/?p=1`);
    assert.equal(await page.locator('h1.post-title').textContent(), 'Hello world!');
  });

  test('a second upload keeps the blog’s settings by default, and can update what is already here', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dastan-import-'));
    const newer = path.join(dir, 'newer.xml');
    const original = readFileSync(testdata('wxr/wordpress-importer-small-export.xml'), 'utf8');
    writeFileSync(
      newer,
      original
        .replace('<title>trunk</title>', '<title>Renamed</title>')
        .replace('<title>Hello world!</title>', '<title>Hello again!</title>'),
    );
    try {
      const blogTitle = async () => (await t.services.repositories.blogs.findByName('www'))!.title;
      const before = await blogTitle();
      await page.goto(`${origin}/admin/blogs/www/import`);
      assert.equal(await page.getByLabel('Keep this blog’s own').isChecked(), true, 'a blog with posts keeps its settings by default');
      assert.equal(await page.getByLabel('Take them from the file').isChecked(), false);
      await page.getByLabel('Update the posts and comments already here').check();
      await page.getByLabel('Export file').setInputFiles(newer);
      await page.getByRole('button', { name: 'Upload and import' }).click();
      await page.getByRole('heading', { level: 1, name: 'Import report' }).waitFor({ timeout: 60_000 });
      assert.match(
        (await page.locator('#job-options').textContent()) ?? '',
        /The blog kept its own settings\. Entries already here are updated from the file\./,
      );
      assert.match(
        (await page.locator('#report-updated').textContent()) ?? '',
        /^Updated from the file: 1 post, 0 pages, 0 comments; \d+ entries unchanged\.$/,
      );
      assert.deepEqual(
        await page
          .getByRole('row', { name: /^Posts/ })
          .locator('td')
          .allInnerTexts(),
        ['6', '0'],
      );
      assert.equal(await blogTitle(), before);
      await page.goto(`${origin}/?p=1`);
      assert.equal(await page.locator('h1.post-title').textContent(), 'Hello again!');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
