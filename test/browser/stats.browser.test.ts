/**
 * The stats page of the demo blog (`npm run demo`'s data) in Chromium: its four charts are drawn, each
 * with its table of the same figures; right now, top posts, referrers and devices are filled; it fits a
 * phone's width; and axe-core finds no accessibility violations, light, dark and at phone width.
 * Screenshots go to $TMPDIR/dastan-screenshots.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { fillDemo } from '../../src/demo/fill-demo.js';
import { axeViolations, browserSkip, describeViolations, launchChromium, serveTestApp, type ServedApp } from '../helpers/browser.js';
import { testDatabases } from '../helpers/databases.js';

const sqlite = testDatabases.find((d) => d.name === 'sqlite')!;
const SHOTS = path.join(tmpdir(), 'dastan-screenshots');

describe('the stats page of the demo blog (Chromium)', { skip: browserSkip }, () => {
  let t: ServedApp;
  let browser: Browser;
  let ownerId: string;

  before(async () => {
    t = await serveTestApp(sqlite);
    const [demo] = await fillDemo(t.services, { now: t.clock.ms });
    const owner = await t.services.users.createUser({ email: 'demo-owner@example.com', displayName: 'Demo Owner' });
    await t.services.users.addMember(demo!.blog.id, owner.id, 'owner');
    ownerId = owner.id;
    browser = await launchChromium();
    mkdirSync(SHOTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  const cases = [
    { name: 'light', options: { colorScheme: 'light' as const, viewport: { width: 1280, height: 900 } } },
    { name: 'dark', options: { colorScheme: 'dark' as const, viewport: { width: 1280, height: 900 } } },
    { name: 'phone', options: { viewport: { width: 390, height: 844 }, isMobile: true } },
  ];
  for (const { name, options } of cases) {
    test(`charts with their tables, the figures, and no axe violations (${name})`, async () => {
      const context = await browser.newContext({ ...options, bypassCSP: true });
      try {
        const origin = t.originOf('demo');
        // A session of the user as they are now (a role given since makes older sessions rotate).
        const { token } = await t.services.sessions.start((await t.services.repositories.users.findById(ownerId))!);
        await context.addCookies([{ name: 'dastan_session', value: token, url: origin }]);
        const page = await context.newPage();
        const response = await page.goto(`${origin}/admin/blogs/demo/stats`);
        assert.equal(response?.status(), 200);
        assert.equal(await page.locator('h1').textContent(), 'Stats');

        // Four charts, drawn: each an SVG image with a name, bars of some height, and a table.
        const charts = page.locator('figure.chart');
        assert.equal(await charts.count(), 4);
        for (const id of ['hours', 'days', 'months', 'all-time']) {
          const chart = page.locator(`#chart-${id}`);
          const svg = chart.locator('svg[role="img"]');
          const box = await svg.boundingBox();
          assert.ok(box && box.width > 200 && box.height > 50, `${id} chart is drawn at a readable size`);
          const heights = await svg
            .locator('g.bar rect:not(.hit)')
            .evaluateAll((rects) => rects.map((r) => r.getBoundingClientRect().height));
          assert.ok(heights.filter((h) => h > 0).length > 0, `${id} chart has visible bars`);
          await chart.locator('summary').click();
          const rows = chart.locator('table tbody tr');
          assert.equal(await rows.count(), heights.length, `${id}: a table row per bar`);
          assert.ok(await chart.locator('table').isVisible());
        }
        assert.equal(await page.locator('#chart-days tbody tr').count(), 30);
        assert.equal(await page.locator('#chart-hours tbody tr').count(), 24);

        const rightNow = Number(await page.locator('.big-number').textContent());
        assert.ok(rightNow > 0, 'the demo has readers right now');
        assert.ok((await page.locator('table[aria-labelledby="posts-heading"] tbody tr').count()) >= 5);
        assert.match((await page.locator('table[aria-labelledby="referrers-heading"]').textContent()) ?? '', /google\.com/);
        assert.match((await page.locator('table[aria-labelledby="devices-heading"]').textContent()) ?? '', /Phone/);

        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `nothing wider than the screen (${overflow}px too wide)`);
        await page.screenshot({ path: path.join(SHOTS, `stats-${name}.png`), fullPage: true });

        const violations = await axeViolations(page);
        assert.equal(violations.length, 0, describeViolations(violations));
      } finally {
        await context.close();
      }
    });
  }
});
