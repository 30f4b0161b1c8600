/**
 * axe-core in Chromium finds no accessibility violations on the reader's pages: for an English blog and
 * an Urdu (right-to-left) one, in the light and the dark color scheme, at desktop and phone width, in
 * each bundled theme.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { axeViolations, browserSkip, describeViolations, launchChromium, serveTestApp, type ServedApp } from '../helpers/browser.js';
import { testDatabases } from '../helpers/databases.js';
import { makeEnglishBlog, makeUrduBlog, type SampleBlog } from '../helpers/sample-blogs.js';
import { archivePath, labelPath, postPath } from '../../src/domain/blogs/urls.js';

const sqlite = testDatabases.find((d) => d.name === 'sqlite')!;

/** The reader's pages of a blog, by name: path and expected status. */
function pagesOf(blog: SampleBlog): [string, string, number][] {
  const post = blog.featured;
  return [
    ['home', '/', 200],
    ['post', postPath(post), 200],
    ['label', labelPath([blog.label]), 200],
    ['search', `/search?q=${encodeURIComponent(blog.searchWord)}`, 200],
    ['archive', archivePath(post.path_year!, post.path_month!), 200],
    ['not found', '/2026/10/no-such-post.html', 404],
  ];
}

describe('accessibility of the reader pages (axe-core in Chromium)', { skip: browserSkip }, () => {
  let t: ServedApp;
  let browser: Browser;
  const blogs: Record<string, SampleBlog> = {};

  before(async () => {
    t = await serveTestApp(sqlite);
    blogs.english = await makeEnglishBlog(t.services);
    blogs.urdu = await makeUrduBlog(t.services);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  // Every page in both color schemes; at phone width (where only the layout differs) the two busiest.
  const cases = [
    { name: 'light', options: { colorScheme: 'light' as const }, only: undefined },
    { name: 'dark', options: { colorScheme: 'dark' as const }, only: undefined },
    { name: 'phone', options: { viewport: { width: 390, height: 844 }, isMobile: true }, only: ['home', 'post'] },
  ];
  for (const theme of ['default', 'minimal']) {
    for (const blogName of ['english', 'urdu']) {
      for (const { name, options, only } of cases) {
        test(`no violations on the ${blogName} blog's pages, ${name}, ${theme} theme`, async () => {
          const blog = blogs[blogName]!;
          const row = (await t.services.repositories.blogs.findById(blog.blog.id))!;
          if (row.theme !== theme) await t.services.themes.chooseTheme(row, theme);
          // The blog's CSP rightly refuses injected script: axe needs it bypassed.
          const context: BrowserContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options, bypassCSP: true });
          try {
            const page = await context.newPage();
            const found: string[] = [];
            for (const [pageName, path, status] of pagesOf(blog).filter(([n]) => !only || only.includes(n))) {
              const response = await page.goto(t.originOf(blog.blog.name) + path);
              assert.equal(response?.status(), status, path);
              const violations = await axeViolations(page);
              if (violations.length > 0) found.push(`${pageName} page (${path}):\n  ${describeViolations(violations)}`);
            }
            assert.equal(found.length, 0, found.join('\n'));
          } finally {
            await context.close();
          }
        });
      }
    }
  }
});
