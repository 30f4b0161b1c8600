/**
 * The Redirects screen and the media library in Chromium (one browser for the file): an owner adds a
 * redirect, changes it to a 302, is refused a loop with the message, and removes one; the media library
 * lists an upload and saves its alt text. Both screens under axe-core in an English and an Urdu (RTL)
 * blog at 1280 and 375 px; screenshots of the media library go to docs/screenshots/media-*.png.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import type { Browser, BrowserContext } from 'playwright-core';
import type { BlogRow, PostRow, UserRow } from '../../src/storage/schema.js';
import { postPath } from '../../src/domain/blogs/urls.js';
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

const sqlite = testDatabases.find((d) => d.name === 'sqlite')!;

describe('the Redirects screen and the media library in Chromium', { skip: browserSkip }, () => {
  let t: ServedApp;
  let browser: Browser;
  const owners: Record<string, UserRow> = {};
  const blogs: Record<string, BlogRow> = {};
  const uploads: Record<string, string> = {};
  let post: PostRow;

  before(async () => {
    t = await serveTestApp(sqlite);
    browser = await launchChromium();
    for (const [name, language, title] of [
      ['www', 'en', 'Walks'],
      ['urdu', 'ur', 'سیر'],
    ] as const) {
      const owner = await t.services.users.createUser({ email: `${name}-owner@example.com`, displayName: `${name} owner` });
      if (language === 'ur') await t.storage.db.updateTable('users').set({ language: 'ur' }).where('id', '=', owner.id).execute();
      const blog = await makeBlog(t.services, { name, title, language });
      await t.services.users.addMember(blog.id, owner.id, 'owner');
      const made = await makePost(t.services, blog, { title: language === 'ur' ? 'پہاڑوں میں لمبی سیر' : 'A long walk' });
      if (name === 'www') post = made;
      const photo = await sharp({ create: { width: 900, height: 600, channels: 3, background: '#3b7d5c' } })
        .jpeg()
        .toBuffer();
      const image = await t.services.media.upload(blog.id, owner.id, photo, language === 'ur' ? 'دریا.jpg' : 'river-at-dusk.jpg');
      uploads[name] = image.id;
      await t.services.redirects.save(blog, { from: '/2019/05/old-home.html', to: '/', status: 301 }, []);
      owners[name] = owner;
      blogs[name] = blog;
    }
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  async function signedIn(name: string, options: object): Promise<BrowserContext> {
    const context = await browser.newContext({ ...options, bypassCSP: true });
    const session = await t.services.sessions.start(owners[name]!);
    await context.addCookies([{ name: 'dastan_session', value: session.token, url: t.originOf(name) }]);
    return context;
  }

  test('redirects: add one, change it to 302, a loop refused with its message, remove one', async () => {
    const context = await signedIn('www', VIEWPORTS[0].options);
    try {
      const page = await context.newPage();
      const screen = `${t.originOf('www')}/admin/blogs/www/redirects`;
      await page.goto(screen);
      const add = async (from: string, to: string) => {
        await page.getByRole('textbox', { name: 'Old address' }).fill(from);
        await page.getByRole('textbox', { name: 'Send readers to' }).fill(to);
        await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Add redirect' }).click()]);
      };
      await add('/2019/05/old-walk.html', postPath(post));
      await page.getByText('The redirect is saved.').waitFor();
      const item = page.locator('li.redirect', { hasText: '/2019/05/old-walk.html' });
      assert.match(await item.innerText(), /A long walk[\s\S]*301/);

      await item.getByRole('link', { name: /Edit/ }).click();
      await page.getByRole('heading', { name: 'Change a redirect' }).waitFor();
      await page.getByLabel(/For now \(302\)/).check();
      await page.getByRole('button', { name: 'Save the change' }).click();
      await page.getByText('The redirect is saved.').waitFor();
      assert.match(await page.locator('li.redirect', { hasText: '/2019/05/old-walk.html' }).innerText(), /302/);

      await add('/loop-a', '/loop-b');
      await page.getByText('The redirect is saved.').waitFor();
      await add('/loop-b', '/loop-a');
      const alert = page.getByRole('alert');
      await alert.waitFor();
      assert.match(await alert.innerText(), /would send readers round in circles/);
      assert.ok(
        (await t.services.redirects.list(blogs.www!)).every((r) => r.from_path !== '/loop-b'),
        'nothing saved',
      );

      await page
        .locator('li.redirect', { hasText: '/loop-a' })
        .getByRole('button', { name: /Remove/ })
        .click();
      await page.getByText('The redirect is removed.').waitFor();
      assert.equal(await page.locator('li.redirect code', { hasText: /^\/loop-a$/ }).count(), 0);
      assert.deepEqual(
        (await t.services.redirects.list(blogs.www!)).map((r) => [r.from_path, Number(r.status_code)]),
        [
          ['/2019/05/old-home.html', 301],
          ['/2019/05/old-walk.html', 302],
        ],
      );
    } finally {
      await context.close();
    }
  });

  test('media: the library lists the upload and saves its alt text; axe finds nothing on either screen (English, Urdu RTL; 1280, 375)', async () => {
    const problems: string[] = [];
    for (const name of ['www', 'urdu']) {
      for (const { label, options } of VIEWPORTS) {
        const context = await signedIn(name, options);
        try {
          const page = await context.newPage();
          for (const where of ['media', 'redirects']) {
            await page.goto(`${t.originOf(name)}/admin/blogs/${name}/${where}`);
            if (where === 'media') {
              const item = page.locator(`#media-${uploads[name]}`);
              await item.locator('img').scrollIntoViewIfNeeded();
              // The thumbnail (its 320-pixel WebP copy, made on this first request) loads and shows.
              await page.waitForFunction((id) => {
                const img = document.querySelector<HTMLImageElement>(`#media-${id} img`);
                return img !== null && img.complete && img.naturalWidth > 0;
              }, uploads[name]);
            }
            const violations = await axeViolations(page);
            if (violations.length) problems.push(`${name} ${where} ${label}:\n${describeViolations(violations)}`);
            const wide = await page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1);
            if (wide) problems.push(`${name} ${where} ${label}: the page scrolls sideways`);
            if (where === 'media' && (name === 'www') === (label === '1280'))
              await page.screenshot({ path: path.join(SHOTS, `media-${name}-${label}.png`), fullPage: true });
          }
        } finally {
          await context.close();
        }
      }
    }
    assert.deepEqual(problems, []);

    const context = await signedIn('www', VIEWPORTS[1].options);
    try {
      const page = await context.newPage();
      await page.goto(`${t.originOf('www')}/admin/blogs/www/media`);
      const item = page.locator(`#media-${uploads.www}`);
      await item.getByLabel('Alt text').fill('The river at dusk, two boats');
      await item.getByRole('button', { name: /Save/ }).click();
      await page.getByText('The alt text is saved.').waitFor();
      assert.equal(await page.locator(`#media-${uploads.www} input[name="alt"]`).inputValue(), 'The river at dusk, two boats');
      const row = await t.storage.db.selectFrom('media').select('alt').where('id', '=', uploads.www!).executeTakeFirstOrThrow();
      assert.equal(row.alt, 'The river at dusk, two boats');
    } finally {
      await context.close();
    }
  });
});
