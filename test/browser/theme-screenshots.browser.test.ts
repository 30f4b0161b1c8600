/**
 * Each bundled theme as a reader sees it: the home, a post, a page and a label page of an English, an
 * Urdu and an Arabic blog (with pictures, pages and a logo or header image), at desktop (1280 px) and
 * phone (375 px) width, photographed by Chromium and checked by axe-core (no violations allowed).
 * The screenshots go to SCREENSHOTS_DIR (default: a folder in the system's temporary directory) for a
 * person to look at; docs/screenshots/ holds a chosen few.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { axeViolations, browserSkip, describeViolations, launchChromium, serveTestApp, type ServedApp } from '../helpers/browser.js';
import { testDatabases } from '../helpers/databases.js';
import { makeShowcaseArabic, makeShowcaseEnglish, makeShowcaseUrdu, type ShowcaseBlog } from '../helpers/showcase-blogs.js';
import { labelPath, postPath } from '../../src/domain/blogs/urls.js';
import { BUNDLED_THEMES } from '../../src/render/themes/bundled-themes.js';

const sqlite = testDatabases.find((d) => d.name === 'sqlite')!;
const OUT = process.env.SCREENSHOTS_DIR ?? path.join(tmpdir(), 'dastan-theme-screenshots');
const WIDTHS = [
  { name: '1280', viewport: { width: 1280, height: 900 }, isMobile: false },
  { name: '375', viewport: { width: 375, height: 812 }, isMobile: true },
];

function pagesOf(blog: ShowcaseBlog): [string, string][] {
  return [
    ['home', '/'],
    ['post', postPath(blog.featured)],
    ['page', postPath(blog.pages[0]!)],
    ['label', labelPath([blog.label])],
  ];
}

describe('theme screenshots and accessibility', { skip: browserSkip }, () => {
  let t: ServedApp;
  let browser: Browser;
  const blogs: Record<string, ShowcaseBlog> = {};

  before(async () => {
    mkdirSync(OUT, { recursive: true });
    t = await serveTestApp(sqlite);
    blogs.en = await makeShowcaseEnglish(t.services);
    blogs.ur = await makeShowcaseUrdu(t.services);
    blogs.ar = await makeShowcaseArabic(t.services);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  for (const { name: theme } of BUNDLED_THEMES) {
    for (const language of ['en', 'ur', 'ar']) {
      test(`${theme} theme, ${language} blog: every page photographed at 1280 and 375 px, no axe violations`, async () => {
        const blog = blogs[language]!;
        const row = (await t.services.repositories.blogs.findById(blog.blog.id))!;
        if (row.theme !== theme) await t.services.themes.chooseTheme(row, theme);
        const found: string[] = [];
        for (const width of WIDTHS) {
          const context = await browser.newContext({
            viewport: width.viewport,
            isMobile: width.isMobile,
            colorScheme: 'light',
            bypassCSP: true,
          });
          try {
            const page = await context.newPage();
            for (const [pageName, pagePath] of pagesOf(blog)) {
              const response = await page.goto(t.originOf(blog.blog.name) + pagePath, { waitUntil: 'load' });
              assert.equal(response?.status(), 200, pagePath);
              // Lazy images below the fold load as they would when scrolled to.
              await page.evaluate(() =>
                document.querySelectorAll('img[loading="lazy"]').forEach((img) => img.setAttribute('loading', 'eager')),
              );
              await page.waitForLoadState('networkidle');
              await page.screenshot({ path: path.join(OUT, `${theme}-${language}-${pageName}-${width.name}.png`), fullPage: true });
              const violations = await axeViolations(page);
              if (violations.length > 0) found.push(`${pageName} at ${width.name} px (${pagePath}):\n  ${describeViolations(violations)}`);
            }
          } finally {
            await context.close();
          }
        }
        assert.equal(found.length, 0, found.join('\n'));
      });
    }
  }
});
