/**
 * The dashboard's frame in real Chromium: a real failure inside the dashboard (a route of this test's own
 * app that throws, over the real database, nothing stubbed) answers the styled 500 page — the dashboard's
 * stylesheet, a heading in plain words, a way back that works — and shows no stack trace nor the error's
 * own words; and the side menu's Comments entry carries the number of comments awaiting moderation,
 * which follows the queue as comments are approved.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { BlogRow, UserRow } from '../../src/storage/schema.js';
import { testDatabases } from '../helpers/databases.js';
import { serveTestApp, type ServedApp } from '../helpers/browser.js';
import { chromiumSkip, openBrowser, type Browser } from '../helpers/chromium.js';
import { makeBlog, makePost } from '../helpers/factories.js';

const SECRET = 'disk quota of volume /srv/data exceeded';

describe('the dashboard’s 500 page and the pending-comments badge', { skip: chromiumSkip }, () => {
  let t: ServedApp;
  let browser: Browser;
  let origin: string;
  let blog: BlogRow;
  let owner: UserRow;
  let author: UserRow;

  before(async () => {
    t = await serveTestApp(testDatabases[0]!, {
      // A dashboard page that fails as a bug would: an ordinary Error, thrown from a nested call.
      routes: (app) =>
        app.get('/admin/blogs/:name/broken', async () => {
          const deeper = () => {
            throw new Error(SECRET);
          };
          deeper();
        }),
    });
    origin = t.originOf('www');
    blog = await makeBlog(t.services, { name: 'www', title: 'Olive’s notes' });
    owner = await t.services.users.createUser({ email: 'olive@example.com', displayName: 'Olive' });
    author = await t.services.users.createUser({ email: 'arlo@example.com', displayName: 'Arlo' });
    await t.services.users.addMember(blog.id, owner.id, 'owner');
    await t.services.users.addMember(blog.id, author.id, 'author');
    browser = await openBrowser();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  const signIn = async (user: UserRow) => {
    const session = await t.services.sessions.start(user);
    await browser.context.clearCookies();
    await browser.context.addCookies([{ name: 'dastan_session', value: session.token, url: origin }]);
  };

  test('a failure inside the dashboard answers the styled 500 page with a way back and no stack trace', async () => {
    await signIn(owner);
    const page = await browser.context.newPage();
    try {
      const res = await page.goto(`${origin}/admin/blogs/www/broken`);
      assert.equal(res?.status(), 500);
      // Styled: the dashboard's stylesheet is loaded and applies to the page's card.
      const styled = await page.evaluate(() => {
        const sheet = [...document.styleSheets].find((s) => s.href?.includes('/admin/static/'));
        const card = document.querySelector('.problem');
        return {
          rules: sheet ? sheet.cssRules.length : 0,
          border: card ? getComputedStyle(card).borderTopStyle : '',
          maxWidth: card ? getComputedStyle(card).maxInlineSize : '',
        };
      });
      assert.ok(styled.rules > 50, 'the dashboard stylesheet is loaded');
      assert.equal(styled.border, 'solid', 'the card is drawn');
      assert.notEqual(styled.maxWidth, 'none');
      assert.equal(await page.locator('h1').innerText(), 'Something went wrong');
      assert.match(await page.locator('.problem-code').innerText(), /500/);
      assert.match(await page.locator('.problem-message').innerText(), /Something went wrong on our side/);
      const text = await page.locator('body').innerText();
      const html = await page.content();
      for (const leak of [SECRET, 'deeper', '.ts:', 'node_modules', /\bat .+:\d+:\d+/])
        assert.doesNotMatch(`${text}\n${html}`, typeof leak === 'string' ? new RegExp(leak.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')) : leak);
      // The way back: the user's blogs, and it works.
      const back = page.getByRole('link', { name: 'Back to your blogs' });
      await back.click();
      await page.waitForURL(`${origin}/admin`);
      await page
        .getByRole('link', { name: /Olive’s notes/ })
        .first()
        .waitFor();
    } finally {
      await page.close();
    }
  });

  test('signed out, the same failure offers the sign-in page as the way back', async () => {
    await browser.context.clearCookies();
    const page = await browser.context.newPage();
    try {
      assert.equal((await page.goto(`${origin}/admin/blogs/www/broken`))?.status(), 500);
      assert.doesNotMatch(await page.content(), new RegExp(SECRET.replace(/[./]/g, '\\$&')));
      await page.getByRole('link', { name: 'Sign in' }).click();
      await page.waitForURL(/\/admin\/sign-in\?next=/);
      await page.getByLabel('Password').waitFor();
    } finally {
      await page.close();
    }
  });

  test('the side menu shows how many comments await moderation, and follows the queue', async () => {
    const post = await makePost(t.services, blog, { title: 'Tea', authorId: owner.id });
    for (const name of ['Rita', 'Sami', 'Tomas'])
      await t.services.comments.addComment({
        blogId: blog.id,
        postId: post.id,
        authorName: name,
        body: `${name} says hello`,
        status: 'pending',
      });
    await t.services.comments.addComment({ blogId: blog.id, postId: post.id, authorName: 'Una', body: 'already live', status: 'live' });
    await signIn(owner);
    const page = await browser.context.newPage();
    try {
      const nav = page.locator('.side-nav');
      for (const screen of ['', '/posts', '/comments']) {
        await page.goto(`${origin}/admin/blogs/www${screen}`);
        assert.equal(await nav.locator('.badge').count(), 1, screen);
        assert.equal(
          await nav.getByRole('link', { name: 'Comments 3 awaiting moderation' }).count(),
          1,
          `the number on ${screen || 'the overview'}`,
        );
        assert.equal((await nav.locator('.badge').innerText()).trim().split(/\s/)[0], '3');
      }
      // Approving one from the queue brings the number down.
      await page.getByRole('button', { name: /^Approve the comment by Rita/ }).click();
      await page.waitForURL(/status=pending/);
      assert.equal(await nav.getByRole('link', { name: 'Comments 2 awaiting moderation' }).count(), 1);
      // None left: no badge.
      const left = await t.services.repositories.commentQueue.list(blog.id, 'pending', 10, 0);
      await t.services.repositories.commentQueue.setStatus(
        blog.id,
        left.map((c) => c.id),
        'live',
        t.clock.now(),
      );
      await page.goto(`${origin}/admin/blogs/www`);
      assert.equal(await nav.locator('.badge').count(), 0);
      assert.equal(await nav.getByRole('link', { name: 'Comments', exact: true }).count(), 1);

      // An author, who cannot moderate, has no Comments entry and no number.
      await t.services.comments.addComment({ blogId: blog.id, postId: post.id, authorName: 'Vera', body: 'held', status: 'pending' });
      await signIn(author);
      await page.goto(`${origin}/admin/blogs/www`);
      await nav.waitFor();
      assert.equal(await nav.getByRole('link', { name: /^Comments/ }).count(), 0);
      assert.equal(await nav.locator('.badge').count(), 0);
    } finally {
      await page.close();
    }
  });
});
