/**
 * The stats and subscribers screens of an Urdu user in Chromium, at 1280 and 375 px: their charts' dates
 * are Urdu, and on a phone the dates under the bars are readable (at least 11 px tall on screen) and
 * never overlap; axe-core finds nothing. Screenshots go to test-results/dashboard/ (look at them).
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { dailyViews } from '../../src/demo/demo-views.js';
import { LANGUAGES } from '../../src/render/i18n/translate.js';
import type { UserRow } from '../../src/storage/schema.js';
import { axeViolations, browserSkip, describeViolations, launchChromium, serveTestApp, type ServedApp } from '../helpers/browser.js';
import { testDatabases } from '../helpers/databases.js';
import { makeBlog, makePost } from '../helpers/factories.js';

const sqlite = testDatabases.find((d) => d.name === 'sqlite')!;
const SHOTS = path.join(process.cwd(), 'test-results', 'dashboard');
const DAY = 86_400_000;

describe('an Urdu user’s charts in Chromium', { skip: browserSkip }, () => {
  let t: ServedApp;
  let browser: Browser;
  let owner: UserRow;

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    t = await serveTestApp(sqlite);
    const blog = await makeBlog(t.services, { name: 'urdu', title: 'چائے کی کہانیاں', language: 'ur', timeZone: 'Asia/Karachi' });
    const user = await t.services.users.createUser({ email: 'olive@example.com', displayName: 'زیتون' });
    await t.services.users.addMember(blog.id, user.id, 'owner');
    await t.services.accounts.setLanguage(user, 'ur', LANGUAGES);
    owner = (await t.services.repositories.users.findById(user.id))!;
    const now = t.clock.now();
    const post = await makePost(t.services, blog, { title: 'دارجلنگ میں سات پیالیاں', publishedAt: now - 80 * DAY });
    const views = dailyViews({ perDay: 40, shape: 'steady' }, post.published_at!, now, post.title, blog.time_zone);
    await t.services.repositories.views.addCounts(views.map((d) => ({ blogId: blog.id, postId: post.id, day: d.day, views: d.views })));
    for (const [i, email] of ['a', 'b', 'c', 'd', 'e'].entries())
      await t.services.subscriberList.add(blog, { email: `${email}@example.org`, frequency: 'each', consentAt: now - i * 4 * DAY });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  for (const { label, options } of [
    { label: '1280', options: { viewport: { width: 1280, height: 860 } } },
    { label: '375', options: { viewport: { width: 375, height: 760 }, isMobile: true, hasTouch: true } },
  ]) {
    test(`stats and subscribers at ${label} px`, async () => {
      const context = await browser.newContext({ ...options, bypassCSP: true });
      try {
        const session = await t.services.sessions.start(owner);
        await context.addCookies([{ name: 'dastan_session', value: session.token, url: t.originOf('urdu') }]);
        const page = await context.newPage();
        for (const [name, url] of [
          ['stats', '/admin/blogs/urdu/stats'],
          ['subscribers', '/admin/blogs/urdu/subscribers'],
        ] as const) {
          assert.equal((await page.goto(t.originOf('urdu') + url))?.status(), 200);
          assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
          // The days' chart on the stats page (the hours' dates are clock times, in digits).
          const chart = page.locator(name === 'stats' ? '#chart-days svg.bar-chart' : 'svg.bar-chart');
          const labels = await chart.locator('text.x-label').evaluateAll((nodes) =>
            nodes
              .map((n) => n.getBoundingClientRect())
              .filter((r) => r.width > 0)
              .map((r) => ({ left: r.left, right: r.right, height: r.height })),
          );
          assert.ok(labels.length >= 2, `${name}: dates under the bars`);
          for (const r of labels) assert.ok(r.height >= 11, `${name} at ${label} px: a date ${r.height.toFixed(1)} px tall is too small`);
          const sorted = labels.sort((a, b) => a.left - b.left);
          for (let i = 1; i < sorted.length; i++)
            assert.ok(sorted[i]!.left >= sorted[i - 1]!.right, `${name} at ${label} px: dates overlap`);
          assert.match((await chart.locator('text.x-label').last().textContent()) ?? '', /[\u0600-\u06ff]/, 'dates in Urdu');
          const violations = await axeViolations(page);
          assert.equal(violations.length, 0, describeViolations(violations));
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          assert.ok(overflow <= 0, `${name} scrolls sideways by ${overflow}px`);
          await page.screenshot({ path: path.join(SHOTS, `urdu-user-${name}-${label}.png`), fullPage: true });
          // The screen as it opens at the chart: what a phone shows of it.
          await chart.scrollIntoViewIfNeeded();
          await page.screenshot({ path: path.join(SHOTS, `urdu-user-${name}-chart-${label}.png`) });
        }
      } finally {
        await context.close();
      }
    });
  }
});
