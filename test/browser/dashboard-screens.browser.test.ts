/**
 * Every dashboard screen in Chromium, at 1280 and 375 px, for an English blog and a right-to-left Urdu
 * one: a screenshot of each goes to test-results/dashboard/ (look at them after a run), axe-core finds no
 * violations, and no page scrolls sideways. `SCREENS=overview,posts` limits the run to some screens.
 */
import { LANGUAGES } from '../../src/render/i18n/translate.js';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { dailyViews, demoAudience } from '../../src/demo/demo-views.js';
import type { BlogRow, PostRow, UserRow } from '../../src/storage/schema.js';
import { axeViolations, browserSkip, describeViolations, launchChromium, serveTestApp, type ServedApp } from '../helpers/browser.js';
import { testDatabases } from '../helpers/databases.js';
import { makeBlog, makePost } from '../helpers/factories.js';

const sqlite = testDatabases.find((d) => d.name === 'sqlite')!;
const SHOTS = path.join(process.cwd(), 'test-results', 'dashboard');
const only = process.env.SCREENS?.split(',');
const DAY = 86_400_000;

/** A blog with posts in every state, views over two months, and comments (one waiting, one a reply). */
async function fillBlog(t: ServedApp, blog: BlogRow, owner: UserRow, words: { titles: string[]; comment: string; reply: string }) {
  const now = t.clock.now();
  const posts: PostRow[] = [];
  for (const [i, title] of words.titles.entries()) {
    posts.push(
      await makePost(t.services, blog, {
        title,
        labels: i % 2 ? ['travel'] : ['tea', 'notes'],
        authorId: owner.id,
        authorName: owner.display_name,
        publishedAt: now - (i + 1) * 9 * DAY,
        draft: i === words.titles.length - 1,
      }),
    );
  }
  const live = posts[0]!;
  const first = await t.services.comments.addComment({
    blogId: blog.id,
    postId: live.id,
    authorName: 'Rumi',
    body: `<p>${words.comment}</p>`,
  });
  await t.services.comments.addComment({
    blogId: blog.id,
    postId: live.id,
    parentId: first.id,
    authorName: 'Sara',
    body: `<p>${words.reply}</p>`,
    status: 'pending',
  });
  const views = posts
    .slice(0, -1)
    .flatMap((p, i) =>
      dailyViews(
        { perDay: 40 - i * 8, shape: i === 0 ? 'burst' : 'steady', burstDaysAgo: 3 },
        p.published_at!,
        now,
        p.title,
        blog.time_zone,
      ).map((d) => ({ blogId: blog.id, postId: p.id, day: d.day, views: d.views })),
    );
  await t.services.repositories.views.addCounts(views);
  await t.services.repositories.views.applyBatch(demoAudience(blog.id, views, now, blog.time_zone), null, now);
  return posts;
}

describe('the dashboard, screen by screen (screenshots, axe-core, no sideways scrolling)', { skip: browserSkip }, () => {
  let t: ServedApp;
  let browser: Browser;
  let owner: UserRow;
  const postOf = new Map<string, PostRow>();

  before(async () => {
    execFileSync(process.execPath, ['scripts/build-editor.mjs']);
    mkdirSync(SHOTS, { recursive: true });
    t = await serveTestApp(sqlite);
    owner = await t.services.users.createUser({ email: 'olive@example.com', displayName: 'Olive Owner' });
    const www = await makeBlog(t.services, { name: 'www', title: 'Notes from the Tea Road' });
    const urdu = await makeBlog(t.services, { name: 'urdu', title: 'چائے کی کہانیاں', language: 'ur', timeZone: 'Asia/Karachi' });
    for (const blog of [www, urdu]) await t.services.users.addMember(blog.id, owner.id, 'owner');
    const en = await fillBlog(t, www, owner, {
      titles: ['Seven cups in Darjeeling', 'The slow train to Kandy', 'What the tea pickers sing', 'A draft about oolong'],
      comment: 'I took that train last spring. The tea at the third stop is still the best I have had.',
      reply: 'Which stop was it? I am going in March.',
    });
    const ur = await fillBlog(t, urdu, owner, {
      titles: ['دارجلنگ میں سات پیالیاں', 'کینڈی کی سست ریل', 'چائے چننے والوں کے گیت', 'اولونگ پر ایک مسودہ'],
      comment: 'میں نے پچھلی بہار یہ سفر کیا تھا۔ تیسرے اسٹیشن کی چائے اب بھی سب سے اچھی ہے۔',
      reply: 'کون سا اسٹیشن؟ میں مارچ میں جا رہی ہوں۔',
    });
    postOf.set('www', en[0]!);
    postOf.set('urdu', ur[0]!);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  const screens = (blog: string): [string, string][] => [
    ['blogs', '/admin'],
    ['overview', `/admin/blogs/${blog}`],
    ['posts', `/admin/blogs/${blog}/posts`],
    ['editor', `/admin/blogs/${blog}/posts/${postOf.get(blog)!.id}`],
    ['pages', `/admin/blogs/${blog}/pages`],
    ['comments', `/admin/blogs/${blog}/comments`],
    ['stats', `/admin/blogs/${blog}/stats`],
    ['theme', `/admin/blogs/${blog}/theme`],
    ['settings', `/admin/blogs/${blog}/settings`],
    ['comment-settings', `/admin/blogs/${blog}/settings/comments`],
    ['members', `/admin/blogs/${blog}/members`],
    ['import', `/admin/blogs/${blog}/import`],
    ['trash', `/admin/blogs/${blog}/trash`],
    ['account', '/admin/account'],
    ['not-found', `/admin/blogs/${blog}/posts/999999999`],
  ];

  async function check(page: Page, name: string, url: string): Promise<string[]> {
    const response = await page.goto(url, { waitUntil: 'load' });
    const expected = name === 'not-found' ? 404 : 200;
    const problems: string[] = [];
    if (response?.status() !== expected) problems.push(`${name}: status ${response?.status()}, not ${expected}`);
    if (name === 'editor')
      await page
        .locator('.rich-surface')
        .first()
        .waitFor({ timeout: 10_000 })
        .catch(() => {});
    const violations = await axeViolations(page);
    if (violations.length > 0) problems.push(`${name} (${url}):\n  ${describeViolations(violations)}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 0) problems.push(`${name} (${url}) scrolls sideways by ${overflow}px`);
    return problems;
  }

  test('Theme colours: a picker and swatches beside each hex field, and the contrast shown live (with the CSP on)', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    try {
      const session = await t.services.sessions.start(owner);
      await context.addCookies([{ name: 'dastan_session', value: session.token, url: t.originOf('www') }]);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' && !/Cross-Origin-Opener-Policy/.test(m.text())) errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(t.originOf('www') + '/admin/blogs/www/theme');
      const colours = page.getByRole('group', { name: 'Colours' });
      const textRow = page.locator('[data-contrast="text"]');
      await colours
        .getByRole('group', { name: /^Suggested colours: \u2068Background\u2069$/ })
        .getByRole('button', { name: '#1b1f24' })
        .click();
      assert.equal(await page.getByLabel('Background', { exact: true }).inputValue(), '#1b1f24');
      assert.equal(await page.locator('#background-picker').inputValue(), '#1b1f24', 'the picker follows the swatch');
      assert.match(await textRow.innerText(), /Text on the background\s+1\.\d:1\s+too faint/);
      await page.getByLabel('Text', { exact: true }).fill('#e6edf3');
      assert.match(await textRow.innerText(), /1[0-9]\.\d:1\s+passes/);
      await page.locator('#accent-picker').evaluate((el: HTMLInputElement) => {
        el.value = '#8ab4f8';
        el.dispatchEvent(new Event('input', { bubbles: true }));
      });
      assert.equal(await page.getByLabel('Accent and links', { exact: true }).inputValue(), '#8ab4f8', 'the hex field follows the picker');
      assert.match(await page.locator('[data-contrast="accent"]').innerText(), /passes/);
      await page.locator('form:has([data-colours])').screenshot({ path: path.join(SHOTS, 'www-theme-colours-1280.png') });
      // axe runs on this screen in the walk below (it needs the CSP off to inject itself).
      await page.getByRole('button', { name: 'Save colours and fonts' }).click();
      await page.waitForURL(/done=settings/);
      assert.match((await t.services.repositories.blogs.findByName('www'))!.theme_settings, /#1b1f24/);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  for (const blog of ['www', 'urdu']) {
    for (const { label, options } of [
      { label: '1280', options: { viewport: { width: 1280, height: 860 } } },
      { label: '375', options: { viewport: { width: 375, height: 760 }, isMobile: true, hasTouch: true } },
    ]) {
      test(`${blog === 'www' ? 'English' : 'Urdu (right to left)'} blog at ${label} px`, async () => {
        const context = await browser.newContext({ ...options, bypassCSP: true });
        try {
          const session = await t.services.sessions.start(owner);
          await context.addCookies([{ name: 'dastan_session', value: session.token, url: t.originOf(blog) }]);
          const page = await context.newPage();
          const problems: string[] = [];
          for (const [name, url] of screens(blog)) {
            if (only && !only.includes(name)) continue;
            problems.push(...(await check(page, name, t.originOf(blog) + url)));
            await page.screenshot({ path: path.join(SHOTS, `${blog}-${name}-${label}.png`), fullPage: true });
          }
          if (blog === 'urdu' && (!only || only.includes('overview'))) {
            // The dashboard speaks the user's language: right to left once the owner picks Urdu.
            await page.goto(t.originOf(blog) + '/admin/blogs/urdu');
            assert.equal(await page.getAttribute('html', 'dir'), 'ltr');
            await t.services.accounts.setLanguage(owner, 'ur', LANGUAGES);
            try {
              await page.goto(t.originOf(blog) + '/admin/blogs/urdu');
              assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
              assert.equal(await page.getAttribute('html', 'lang'), 'ur');
            } finally {
              await t.services.accounts.setLanguage(owner, 'en', LANGUAGES);
            }
          }
          assert.equal(problems.length, 0, problems.join('\n'));
        } finally {
          await context.close();
        }
      });
    }
  }
});
