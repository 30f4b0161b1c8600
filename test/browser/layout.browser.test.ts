/**
 * The Layout screen and the gadgets in Chromium: arranging with the mouse (drag and drop) and with the
 * keyboard alone (Tab to a gadget's arrow button, Enter), saved and seen on the public pages in that
 * order on the right kinds of page; axe-core on the screen and on pages with every gadget, for an English
 * blog and a right-to-left Urdu one, at 1280 and 375 px. Screenshots (English 1280 px, Urdu 375 px) go to docs/screenshots/layout-*.png.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { BlogRow, PostRow, UserRow } from '../../src/storage/schema.js';
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
import { everyGadgetLayout, uploadTestImage } from '../helpers/layouts.js';

const sqlite = testDatabases.find((d) => d.name === 'sqlite')!;

/** The screenshots kept in docs/screenshots: English at 1280 px, Urdu at 375 px. */
const shot = (blog: string, label: string) => (blog === 'www' ? label === '1280' : label === '375');

/** The IDs of the gadgets the page shows in `area`, in document order. */
function gadgetIds(page: Page, area: string): Promise<string[]> {
  return page.evaluate((selector) => [...document.querySelectorAll(`${selector} .gadget`)].map((g) => g.id), area);
}

describe('the Layout screen and the gadgets in Chromium', { skip: browserSkip }, () => {
  let t: ServedApp;
  let browser: Browser;
  let owner: UserRow;
  let urduOwner: UserRow;
  const blogs: Record<string, { blog: BlogRow; post: PostRow }> = {};

  before(async () => {
    t = await serveTestApp(sqlite);
    browser = await launchChromium();
    owner = await t.services.users.createUser({ email: 'owner@example.com', displayName: 'Olive Owner' });
    urduOwner = await t.services.users.createUser({ email: 'urdu@example.com', displayName: 'عائشہ' });
    await t.storage.db.updateTable('users').set({ language: 'ur' }).where('id', '=', urduOwner.id).execute();
    for (const [name, words] of [
      ['www', { title: 'Walks', post: 'A long walk in the hills', page: 'About us', label: 'hills' }],
      ['urdu', { title: 'سیر', post: 'پہاڑوں میں لمبی سیر', page: 'ہمارے بارے میں', label: 'پہاڑ' }],
    ] as const) {
      const blog = await makeBlog(t.services, { name, title: words.title, language: name === 'urdu' ? 'ur' : 'en' });
      await t.services.users.addMember(blog.id, name === 'urdu' ? urduOwner.id : owner.id, 'owner');
      const post = await makePost(t.services, blog, {
        title: words.post,
        labels: [words.label],
        publishedAt: Date.parse('2026-11-02T10:00:00Z'),
      });
      await makePost(t.services, blog, { kind: 'page', title: words.page, slug: 'about' });
      blogs[name] = { blog, post };
    }
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  async function signedIn(blog: string, options: object = VIEWPORTS[0].options): Promise<BrowserContext> {
    const context = await browser.newContext({ ...options, bypassCSP: true });
    const session = await t.services.sessions.start(blog === 'urdu' ? urduOwner : owner);
    await context.addCookies([{ name: 'dastan_session', value: session.token, url: t.originOf(blog) }]);
    return context;
  }

  const storedLayout = async (name: string) =>
    JSON.parse((await t.services.repositories.blogs.findById(blogs[name]!.blog.id))!.layout || 'null');

  test('with the keyboard alone: Tab to a gadget’s arrow, Enter moves it (across areas), the move is announced, Save', async () => {
    const context = await signedIn('www');
    try {
      const page = await context.newPage();
      await page.goto(`${t.originOf('www')}/admin/blogs/www/layout`);
      const pressUntil = async (selector: string) => {
        for (let i = 0; i < 200; i++) {
          await page.keyboard.press('Tab');
          if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
        }
        assert.fail(`Tab never reached ${selector}`);
      };
      await pressUntil('#slot-search [data-move="down"]');
      await page.keyboard.press('Enter');
      assert.deepEqual(await page.evaluate(() => [...document.querySelectorAll('[data-slots="footer"] .gadget-slot')].map((s) => s.id)), [
        'slot-search',
      ]);
      assert.ok(await page.evaluate(() => document.activeElement?.matches('#slot-search [data-move="down"]')), 'focus stays on the button');
      await page.waitForFunction(() => document.querySelector('[data-announce]')?.textContent?.includes('Footer'));
      await pressUntil('#slot-labels [data-move="up"]');
      await page.keyboard.press('Enter');
      await pressUntil('button[value="save"]');
      await Promise.all([page.waitForURL(/done=saved/), page.keyboard.press('Enter')]);
      const layout = await storedLayout('www');
      assert.deepEqual(
        layout.sidebar.map((g: { id: string }) => g.id),
        ['labels', 'popular-posts', 'archive'],
      );
      assert.deepEqual(
        layout.footer.map((g: { id: string }) => g.id),
        ['search'],
      );
      await page.goto(`${t.originOf('www')}/`);
      assert.deepEqual(await gadgetIds(page, '.sidebar'), ['labels', 'popular-posts', 'archive']);
      assert.deepEqual(await gadgetIds(page, '.gadget-area-footer'), ['search']);
    } finally {
      await context.close();
    }
  });

  test('with the mouse: drag a gadget to another place and area, save, and readers see that order', async () => {
    const context = await signedIn('www');
    try {
      const page = await context.newPage();
      await page.goto(`${t.originOf('www')}/admin/blogs/www/layout`);
      await page
        .locator('#slot-archive .slot-head .grip')
        .dragTo(page.locator('#slot-labels .slot-head'), { targetPosition: { x: 40, y: 3 } });
      assert.deepEqual(await page.evaluate(() => [...document.querySelectorAll('[data-slots="sidebar"] .gadget-slot')].map((s) => s.id)), [
        'slot-archive',
        'slot-labels',
        'slot-popular-posts',
      ]);
      await page.locator('#slot-popular-posts .slot-head .grip').dragTo(page.locator('[data-slots="under-post"]'));
      await Promise.all([page.waitForURL(/done=saved/), page.click('button[value="save"]')]);
      const layout = await storedLayout('www');
      assert.deepEqual(
        layout.sidebar.map((g: { id: string }) => g.id),
        ['archive', 'labels'],
      );
      assert.deepEqual(
        layout['under-post'].map((g: { id: string }) => g.id),
        ['popular-posts'],
      );
      await page.goto(`${t.originOf('www')}/`);
      assert.deepEqual(await gadgetIds(page, '.gadget-area-under-post'), [], 'no under-the-post area on the home page');
      await page.goto(`${t.originOf('www')}/2026/11/${blogs.www!.post.slug}.html`);
      assert.deepEqual(await gadgetIds(page, '.gadget-area-under-post'), ['popular-posts']);
      assert.deepEqual(await gadgetIds(page, '.sidebar'), ['archive', 'labels']);
    } finally {
      await context.close();
    }
  });

  test('every gadget on the right kinds of page; axe finds nothing on them or on the Layout screen (English, Urdu RTL; 1280, 375)', async () => {
    for (const name of ['www', 'urdu']) {
      const { blog, post } = blogs[name]!;
      const layout = everyGadgetLayout({
        featured: post,
        imageSrc: await uploadTestImage(t.services, blog),
        feedUrl: 'https://feeds.example.org/atom',
      });
      layout.sidebar.find((g) => g.id === 'labels')!.show = ['home', 'label'];
      await t.services.layout.save((await t.services.repositories.blogs.findById(blog.id))!, 'owner', layout);
      const problems: string[] = [];
      for (const { label, options } of VIEWPORTS) {
        const context = await signedIn(name, options);
        try {
          const page = await context.newPage();
          for (const [kind, url] of [
            ['home', '/'],
            ['post', `/2026/11/${post.slug}.html`],
            ['archive', '/2026/'],
          ] as const) {
            await page.goto(t.originOf(name) + url);
            const ids = await gadgetIds(page, '.sidebar');
            const expected = layout.sidebar.map((g) => g.id).filter((id) => id !== 'blog-list-1' && (id !== 'labels' || kind === 'home'));
            assert.deepEqual(ids, expected, `${name} ${kind}: the sidebar's gadgets in order`);
            assert.deepEqual(await gadgetIds(page, '.gadget-area-footer'), ['contact']);
            assert.deepEqual(await gadgetIds(page, '.gadget-area-under-post'), kind === 'post' ? ['text-2'] : []);
            const violations = await axeViolations(page);
            if (violations.length) problems.push(`${name} ${kind} ${label}:\n${describeViolations(violations)}`);
            const wide = await page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1);
            if (wide) problems.push(`${name} ${kind} ${label}: the page scrolls sideways`);
            if (kind === 'home' && shot(name, label))
              await page.screenshot({ path: path.join(SHOTS, `layout-gadgets-${name}-${label}.png`), fullPage: true });
          }
          await page.goto(`${t.originOf(name)}/admin/blogs/${name}/layout`);
          await page.locator('#summary-links-1').click();
          const violations = await axeViolations(page);
          if (violations.length) problems.push(`${name} layout screen ${label}:\n${describeViolations(violations)}`);
          const wide = await page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1);
          if (wide) problems.push(`${name} layout screen ${label}: the page scrolls sideways`);
          if (shot(name, label)) await page.screenshot({ path: path.join(SHOTS, `layout-screen-${name}-${label}.png`), fullPage: true });
        } finally {
          await context.close();
        }
      }
      assert.deepEqual(problems, []);
    }
  });
});
