/**
 * What a person sees in real Chromium: set-up → sign in → write a post with a pasted image → schedule
 * it → it goes live at its time; a contributor's draft published by an admin; an author who cannot edit
 * another's post (hidden in the UI, refused on the server).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { testDatabases } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { chromiumSkip, openBrowser, type Browser } from '../helpers/chromium.js';
import { setUpInBrowser } from '../helpers/setup-page.js';
import { buildClientScripts } from '../helpers/client-scripts.js';

const PASSWORD = 'a very good password';

describe('writing in the browser', { skip: chromiumSkip }, () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let origin: string;

  before(async () => {
    buildClientScripts('editor');
    t = await startTestApp(testDatabases[0]!);
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://www.example.test:${new URL(address).port}`;
    browser = await openBrowser();
    page = await browser.context.newPage();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  const signIn = async (email: string) => {
    await page.goto(`${origin}/admin/sign-in`);
    await page.getByLabel('E-mail address').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${origin}/admin`);
  };
  const signOut = async () => {
    await page.locator('.account-menu summary').click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/admin\/sign-in$/);
  };

  test('set-up, sign in, write with a pasted image, schedule, and the post goes live at its time', async () => {
    await setUpInBrowser(page, origin, PASSWORD);
    await page.waitForURL(`${origin}/admin/blogs/www?welcome=1`);
    await page.getByRole('link', { name: 'Write your first post' }).waitFor();
    await signOut();
    await signIn('owner@example.com');

    await page.getByRole('link', { name: 'Olive’s notes' }).click();
    await page.getByRole('link', { name: 'Write your first post' }).click();
    await page.getByLabel('Title', { exact: true }).fill('A walk by the river');
    const surface = page.locator('.rich-surface');
    await surface.click();
    await page.keyboard.type('The water was high today.');
    const png = (
      await sharp({ create: { width: 1200, height: 600, channels: 3, background: '#2a7' } })
        .png()
        .toBuffer()
    ).toString('base64');
    await surface.evaluate((el, data) => {
      const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], 'river.png', { type: 'image/png' }));
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
    }, png);
    await surface.locator('img[src^="/uploads/"]').waitFor();
    await page.getByLabel('Publish date').fill('2026-11-20T15:00');
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByText('Scheduled.').waitFor();

    const post = (
      await t.services.repositories.postAdmin.list(
        { blogId: (await t.services.repositories.blogs.findByName('www'))!.id, kind: 'post' },
        10,
        0,
      )
    ).posts[0]!;
    assert.equal(post.status, 'scheduled');
    assert.match(post.body_html, /<img src="\/uploads\/\d+\/\d+\/1200\.png"/);
    await page.goto(`${origin}/2026/11/a-walk-by-the-river.html`);
    assert.match(await page.locator('h1').innerText(), /Page not found/);

    t.clock.advance(3 * 3600_000 + 1000);
    assert.equal(await t.services.scheduler.publishDue(), 1);
    await page.goto(`${origin}/2026/11/a-walk-by-the-river.html`);
    assert.equal(await page.locator('h1').innerText(), 'A walk by the river');
    await page.getByText('The water was high today.').waitFor();
    const img = page.locator('main img');
    // An upload in a body is a <picture>: the WebP widths in its source, the upload itself as the <img>.
    const webp = page.locator('main picture source[type="image/webp"]');
    assert.match(String(await webp.getAttribute('srcset')), /480\.webp 480w, .*1200\.webp 1200w/);
    assert.ok(await img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0), 'the image loads');
    await page.goto(`${origin}/`);
    await page.getByRole('link', { name: 'A walk by the river' }).first().waitFor();
  });

  test("a contributor's submitted draft is published by the owner", async () => {
    const blog = (await t.services.repositories.blogs.findByName('www'))!;
    const cora = await t.services.users.createUser({ email: 'cora@example.com', displayName: 'Cora', password: PASSWORD });
    await t.services.users.addMember(blog.id, cora.id, 'contributor');
    await page.goto(`${origin}/admin`);
    await signOut();
    await signIn('cora@example.com');
    await page.goto(`${origin}/admin/blogs/www/posts/new`);
    assert.equal(await page.getByRole('button', { name: 'Publish' }).count(), 0);
    await page.getByLabel('Title', { exact: true }).fill('Guest post by Cora');
    await page.locator('.rich-surface').click();
    await page.keyboard.type('Hello from a contributor.');
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await page.getByText('Submitted for review.').waitFor();
    await signOut();

    await signIn('owner@example.com');
    await page.goto(`${origin}/admin/blogs/www/posts?status=pending`);
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByText('Published.').first().waitFor();
    await page.goto(`${origin}/`);
    await page.getByRole('link', { name: 'Guest post by Cora' }).first().click();
    await page.getByText('Hello from a contributor.').waitFor();
  });

  test("an author cannot edit another author's post: the UI hides it and the server refuses a forged request", async () => {
    const blog = (await t.services.repositories.blogs.findByName('www'))!;
    const abe = await t.services.users.createUser({ email: 'abe@example.com', displayName: 'Abe', password: PASSWORD });
    await t.services.users.addMember(blog.id, abe.id, 'author');
    const target = (await t.services.repositories.postAdmin.list({ blogId: blog.id, kind: 'post', text: 'walk by the river' }, 1, 0))
      .posts[0]!;
    await page.goto(`${origin}/admin`);
    await signOut();
    await signIn('abe@example.com');
    await page.goto(`${origin}/admin/blogs/www/posts`);
    await page.getByText('A walk by the river').waitFor();
    assert.equal(await page.getByRole('link', { name: 'A walk by the river' }).count(), 0, 'no edit link');
    assert.equal(await page.locator(`input[value="${target.id}"]`).count(), 0, 'no checkbox');
    const status = await page.evaluate(
      async ({ id }) => {
        const token = (document.querySelector('input[name="_csrf"]') as HTMLInputElement).value;
        const body = new URLSearchParams({ _csrf: token, title: 'Defaced', body: '<p>owned</p>', action: 'publish' });
        const res = await fetch(`/admin/blogs/www/posts/${id}`, { method: 'POST', body });
        return res.status;
      },
      { id: target.id },
    );
    assert.equal(status, 403);
    const after = (await t.services.repositories.posts.findById(blog.id, target.id))!;
    assert.equal(after.title, 'A walk by the river');
    await page.goto(`${origin}/admin/blogs/www/posts/${target.id}`);
    assert.match(await page.locator('body').innerText(), /not yours to edit/);
  });
});
