/**
 * The dashboard in Chromium: axe-core finds no accessibility violations, and at a phone's width (375 px)
 * no page scrolls sideways — sign-in, my blogs, posts, the editor (with the rich editor loaded),
 * settings and its sub-pages, members, trash and the account page.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { PostRow, UserRow } from '../../src/storage/schema.js';
import { axeViolations, browserSkip, describeViolations, launchChromium, serveTestApp, type ServedApp } from '../helpers/browser.js';
import { testDatabases } from '../helpers/databases.js';
import { makeBlog, makePost } from '../helpers/factories.js';
import { buildClientScripts } from '../helpers/client-scripts.js';

const sqlite = testDatabases.find((d) => d.name === 'sqlite')!;

describe('accessibility of the dashboard (axe-core in Chromium), desktop and phone', { skip: browserSkip }, () => {
  let t: ServedApp;
  let browser: Browser;
  let owner: UserRow;
  let post: PostRow;

  before(async () => {
    buildClientScripts('editor');
    t = await serveTestApp(sqlite);
    const blog = await makeBlog(t.services, { name: 'www', title: 'A blog with a rather long title to wrap on a phone' });
    owner = await t.services.users.createUser({ email: 'owner-with-a-long-address@example.com', displayName: 'Olive Owner' });
    await t.services.users.addMember(blog.id, owner.id, 'owner');
    const author = await t.services.users.createUser({ email: 'author@example.com', displayName: 'Abe Author' });
    await t.services.users.addMember(blog.id, author.id, 'author');
    await t.services.members.invite(blog, 'invited-person@example.com', 'contributor', owner, t.originOf('www'));
    post = await makePost(t.services, blog, {
      title: 'A post about a long-winded subject with labels',
      labels: ['travel', 'tea'],
      authorId: owner.id,
      authorName: 'Olive Owner',
    });
    const trashed = await makePost(t.services, blog, { title: 'An old post in the trash', draft: true, authorId: owner.id });
    await t.services.editor.moveToTrash(blog.id, [trashed.id]);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  const pages = (): [string, string][] => [
    ['my blogs', '/admin'],
    ['posts', '/admin/blogs/www/posts'],
    ['new post', '/admin/blogs/www/posts/new'],
    ['editor', `/admin/blogs/www/posts/${post.id}`],
    ['pages', '/admin/blogs/www/pages'],
    ['settings', '/admin/blogs/www/settings'],
    ['search settings', '/admin/blogs/www/settings/search'],
    ['embeds', '/admin/blogs/www/settings/embeds'],
    ['hand over or delete', '/admin/blogs/www/owner'],
    ['members', '/admin/blogs/www/members'],
    ['trash', '/admin/blogs/www/trash'],
    ['revisions', `/admin/blogs/www/posts/${post.id}/revisions`],
    ['account', '/admin/account'],
  ];

  /** axe's violations and, when the page is wider than the window, by how much. */
  async function check(page: Page, name: string, path: string): Promise<string[]> {
    const response = await page.goto(t.originOf('www') + path, { waitUntil: 'load' });
    assert.equal(response?.status(), 200, path);
    if (path.includes('/posts/'))
      await page
        .locator('.rich-surface')
        .first()
        .waitFor({ timeout: 10_000 })
        .catch(() => {});
    const problems: string[] = [];
    const violations = await axeViolations(page);
    if (violations.length > 0) problems.push(`${name} (${path}):\n  ${describeViolations(violations)}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 0) {
      const wide = await page.evaluate(() =>
        [...document.querySelectorAll('body *')]
          .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
          .slice(0, 5)
          .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${[...el.classList].join('.')}`),
      );
      problems.push(`${name} (${path}) scrolls sideways by ${overflow}px: ${wide.join(', ')}`);
    }
    return problems;
  }

  for (const { label, options } of [
    { label: 'desktop', options: { viewport: { width: 1280, height: 900 } } },
    { label: 'phone (375 px)', options: { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true } },
  ]) {
    test(`no violations and no sideways scrolling, ${label}`, async () => {
      const context: BrowserContext = await browser.newContext({ ...options, bypassCSP: true });
      try {
        const page = await context.newPage();
        const problems = await check(page, 'sign-in', '/admin/sign-in');
        const session = await t.services.sessions.start(owner);
        await context.addCookies([{ name: 'dastan_session', value: session.token, url: t.originOf('www') }]);
        for (const [name, path] of pages()) problems.push(...(await check(page, name, path)));
        assert.equal(problems.length, 0, problems.join('\n'));
      } finally {
        await context.close();
      }
    });
  }
});
