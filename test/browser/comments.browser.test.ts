/**
 * Comments in real Chromium: an anonymous reader posts and replies with the page's script and is told
 * each awaits moderation; the owner approves one from the queue and one from the mailed link; the
 * reply then shows threaded under its comment, and both are in the comment feed. Then every DOMPurify
 * payload posted as a comment is viewed with the CSP bypassed, and none runs script. Last, a reader
 * signs in from the form's link, lands back on the post's comments, and edits and deletes their own
 * comment — in place with the script, and through the edit and delete pages without it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { DEFAULT_COMMENT_SETTINGS } from '../../src/domain/comments/comment-settings.js';
import { postPath } from '../../src/domain/blogs/urls.js';
import type { BlogRow, PostRow, UserRow } from '../../src/storage/schema.js';
import { testDatabases } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { chromiumSkip, openBrowser, type Browser } from '../helpers/chromium.js';
import { makeBlog, makePost } from '../helpers/factories.js';
import { Commenter } from '../helpers/commenter.js';
import { axeViolations, describeViolations } from '../helpers/browser.js';
import { buildClientScripts } from '../helpers/client-scripts.js';

const payloads = (JSON.parse(readFileSync('/work/shared/testdata/xss/dompurify-expect.json', 'utf8')) as { payload: string }[]).map(
  (p) => p.payload,
);

const TRAP = `
  window.__xss = [];
  for (const name of ['alert', 'confirm', 'prompt', 'print']) {
    window[name] = (...args) => { window.__xss.push(name + ':' + String(args[0])); };
  }
`;

describe('comments in the browser', { skip: chromiumSkip }, () => {
  let t: TestApp;
  let browser: Browser;
  let origin: string;
  let blog: BlogRow;
  let owner: UserRow;
  let post: PostRow;
  const dialogs: string[] = [];

  before(async () => {
    buildClientScripts('comments');
    t = await startTestApp(testDatabases[0]!);
    blog = await makeBlog(t.services, { name: 'www', title: 'Home blog' });
    owner = await t.services.users.createUser({ email: 'owner@example.com', displayName: 'Olive Owner' });
    await t.services.users.addMember(blog.id, owner.id, 'owner');
    post = await makePost(t.services, blog, { title: 'Talk to me' });
    await t.services.commentSettings.save(blog.id, { ...DEFAULT_COMMENT_SETTINGS, moderation: 'always' });
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://www.example.test:${new URL(address).port}`;
    browser = await openBrowser();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  const writeComment = async (page: Page, body: string) => {
    await page.getByLabel('Name (required)').fill('Rita Reader');
    await page.getByLabel('Comment', { exact: true }).fill(body);
    t.clock.advance(20_000); // a person takes a while (and the flood check's 15 seconds pass)
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.locator('[data-comment-status]', { hasText: 'awaiting moderation' }).waitFor();
  };

  test('a reader posts and replies; the owner approves from the queue and from the mail; the thread shows', async () => {
    const reader = await browser.context.newPage();
    reader.on('dialog', (d) => void d.dismiss());
    await reader.goto(`${origin}${postPath(post)}`);
    assert.equal(await reader.locator('#comments h2').textContent(), 'Comments');
    await writeComment(reader, 'First thoughts, see https://example.com/notes');

    // The owner approves it from the queue.
    const session = await t.services.sessions.start(owner);
    const ownerContext = await openBrowser();
    try {
      await ownerContext.context.addCookies([{ name: 'dastan_session', value: session.token, url: origin }]);
      const queue = await ownerContext.context.newPage();
      await queue.goto(`${origin}/admin/blogs/www/comments`);
      assert.match((await queue.locator('.side-nav .badge').textContent()) ?? '', /^1/);
      await queue.getByRole('button', { name: /^Approve the comment by Rita Reader/ }).click();
      await queue.waitForURL(/status=pending/);
      assert.match(await queue.content(), /No comments here/);
    } finally {
      await ownerContext.close();
    }

    await reader.reload();
    const first = reader.locator('.comment-thread > .comment').first();
    assert.match((await first.textContent()) ?? '', /First thoughts/);
    assert.equal(await first.locator('a[rel="nofollow ugc noopener"]').getAttribute('href'), 'https://example.com/notes');
    await first.getByRole('link', { name: /^Reply/ }).click();
    assert.equal(await reader.locator('[data-replying]').isVisible(), true);
    await writeComment(reader, 'A reply to myself');

    // The owner approves the reply from the mailed link.
    const mail = t.mail.sent.filter((m) => m.to === 'owner@example.com').at(-1)!;
    assert.match(mail.text, /A reply to myself/);
    const link = /Approve: (\S+)/.exec(mail.text)![1]!;
    const linkPage = await browser.context.newPage();
    await linkPage.goto(link.replace(/^http:\/\/www\.example\.test(:\d+)?/, origin));
    await linkPage.getByRole('button', { name: 'Approve' }).click();
    await linkPage.getByRole('heading', { name: 'Comment approved' }).waitFor();

    await reader.reload();
    const reply = reader.locator('.comment-thread > .comment .comment-replies > .comment');
    assert.match((await reply.textContent()) ?? '', /A reply to myself/);
    const feed = (await t.get('www', '/feeds/comments/default')).body;
    assert.match(feed, /First thoughts/);
    assert.match(feed, /A reply to myself/);
  });

  test('no DOMPurify payload posted as a comment runs script on the post page', async () => {
    await t.services.commentSettings.save(blog.id, DEFAULT_COMMENT_SETTINGS);
    const target = await makePost(t.services, blog, { title: 'XSS comments' });
    const writer = new Commenter(t, 'www', '192.0.2.1');
    const { stamp } = await writer.openForm(postPath(target));
    t.clock.advance(5000);
    let i = 0;
    for (const payload of payloads) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/comments',
        headers: {
          host: 'www.example.test',
          'content-type': 'application/x-www-form-urlencoded',
          cookie: [...writer.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        },
        remoteAddress: `192.0.3.${i++ % 250}`,
        payload: new URLSearchParams({ postId: target.id, _ts: stamp, _csrf: writer.csrf, name: 'X', body: payload }).toString(),
      });
      assert.ok(res.statusCode < 500);
      t.clock.advance(16_000);
    }
    const xss = await openBrowser({ bypassCSP: true });
    try {
      await xss.context.addInitScript(TRAP);
      const page = await xss.context.newPage();
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await page.goto(`${origin}${postPath(target)}`, { waitUntil: 'load' });
      await page.waitForTimeout(200);
      assert.ok((await page.locator('.comment').count()) > payloads.length / 2);
      const found = await page.evaluate(() => {
        const hits: string[] = [...((window as unknown as { __xss: string[] }).__xss ?? [])];
        for (const el of document.querySelectorAll('.comment-body *')) {
          if (!['P', 'BR', 'B', 'STRONG', 'I', 'EM', 'A', 'BLOCKQUOTE', 'CODE'].includes(el.tagName)) hits.push(el.tagName);
          for (const attr of el.attributes) {
            if (/^on/i.test(attr.name)) hits.push(`${el.tagName} ${attr.name}`);
            if (/^\s*(javascript|vbscript|data):/i.test(attr.value)) hits.push(`${el.tagName} ${attr.name}=${attr.value.slice(0, 40)}`);
          }
        }
        return hits;
      });
      assert.deepEqual(found, []);
      assert.deepEqual(dialogs, []);
    } finally {
      await xss.close();
    }
  });
});

describe('a signed-in reader’s own comments in the browser', { skip: chromiumSkip }, () => {
  const PASSWORD = 'correct horse battery staple';
  let t: TestApp;
  let origin: string;
  let blog: BlogRow;
  let post: PostRow;

  before(async () => {
    buildClientScripts('comments');
    t = await startTestApp(testDatabases[0]!);
    blog = await makeBlog(t.services, { name: 'www', title: 'Home blog' });
    await t.services.users.createUser({ email: 'wren@example.com', password: PASSWORD, displayName: 'Wren Writer' });
    post = await makePost(t.services, blog, { title: 'Signed-in talk' });
    await t.services.commentSettings.save(blog.id, { ...DEFAULT_COMMENT_SETTINGS, access: 'users' });
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://www.example.test:${new URL(address).port}`;
  });
  after(() => t?.close());

  const statusOf = async (text: string) =>
    (await t.services.repositories.commentQueue.list(blog.id, 'live', 100, 0)).find((c) => c.body_html.includes(text));
  const publish = async (page: Page, body: string) => {
    await page.getByLabel('Comment', { exact: true }).fill(body);
    t.clock.advance(20_000); // the time to submit, and the flood check's 15 seconds
    await page.getByRole('button', { name: 'Publish' }).click();
    return page.locator('.comment', { hasText: body });
  };

  test('signs in from the form and lands on the post; edits and deletes in place; the controls go after 15 minutes', async () => {
    const reader = await openBrowser();
    try {
      const page = await reader.context.newPage();
      page.on('dialog', (d) => void d.dismiss());
      await page.goto(`${origin}${postPath(post)}`);
      await page.locator('#comment-form').getByRole('link', { name: 'Sign in' }).click();
      await page.getByLabel('E-mail address').fill('wren@example.com');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${origin}${postPath(post)}#comments`);
      assert.equal(await page.getByLabel('Name (required)').count(), 0, 'signed in: the form asks no name');
      await page.locator('[data-sign-in-note]', { hasText: 'You comment as \u2068Wren Writer\u2069.' }).waitFor();

      const first = await publish(page, 'First draft of my thoughts');
      await first.getByRole('link', { name: 'Edit your comment' }).waitFor();
      const mine = page.locator(`#${await first.locator('article').getAttribute('id')}`);
      await mine.getByRole('link', { name: 'Edit your comment' }).click();
      const box = page.getByLabel('Edit your comment');
      assert.equal(await box.inputValue(), 'First draft of my thoughts');
      await box.fill('Second thoughts, see https://example.com/better');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await mine.locator('[data-own-status]', { hasText: 'Your comment has been changed.' }).waitFor();
      assert.equal(await mine.locator('.comment-body a').getAttribute('href'), 'https://example.com/better');
      assert.match((await statusOf('Second thoughts'))?.body_html ?? '', /rel="nofollow ugc noopener"/);
      await page.reload();
      const edited = page.locator('.comment', { hasText: 'Second thoughts' });
      assert.equal(await edited.getByRole('link', { name: 'Delete your comment' }).count(), 1);

      await edited.getByRole('link', { name: 'Delete your comment' }).click();
      await edited.getByRole('button', { name: 'Keep it' }).click();
      assert.equal(await edited.locator('.comment-body').isVisible(), true, 'kept');
      await edited.getByRole('link', { name: 'Delete your comment' }).click();
      await page.getByRole('button', { name: 'Delete comment' }).click();
      await page.locator('.comment-deleted', { hasText: 'Your comment was deleted.' }).waitFor();
      assert.equal(await statusOf('Second thoughts'), undefined);
      await page.reload();
      assert.doesNotMatch(await page.content(), /Second thoughts/);

      const later = await publish(page, 'A comment I leave alone');
      await later.getByRole('link', { name: 'Edit your comment' }).waitFor();
      t.clock.advance(15 * 60_000 + 1000);
      await page.reload();
      assert.equal(await later.getByRole('link', { name: 'Edit your comment' }).count(), 0, 'after 15 minutes');
      assert.equal(await later.getByRole('link', { name: /^Reply/ }).count(), 1);
    } finally {
      await reader.close();
    }
  });

  test('without JavaScript: the Edit and Delete links open pages that do the same', async () => {
    const session = await t.services.sessions.start((await t.services.repositories.users.findByEmail('wren@example.com'))!);
    const noScript = await openBrowser({ javaScriptEnabled: false });
    try {
      await noScript.context.addCookies([{ name: 'dastan_session', value: session.token, url: origin }]);
      const page = await noScript.context.newPage();
      await page.goto(`${origin}${postPath(post)}`);
      // Without the script the form has no token: one more click on the "check and post" page.
      await page.getByLabel('Comment', { exact: true }).fill('Typed without a script');
      t.clock.advance(20_000);
      await page.getByRole('button', { name: 'Publish' }).click();
      await page.getByRole('button', { name: 'Post comment' }).click();
      await page.waitForURL(/#c\d+$/);
      const mine = page.locator('.comment', { hasText: 'Typed without a script' });
      await mine.getByRole('link', { name: 'Edit your comment' }).click();
      await page.getByRole('heading', { name: 'Edit your comment' }).waitFor();
      assert.equal(await page.getByLabel('Your comment').inputValue(), 'Typed without a script');
      await page.getByLabel('Your comment').fill('Changed without a script');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.waitForURL(/#c\d+$/);
      const changed = page.locator('.comment', { hasText: 'Changed without a script' });
      await changed.getByRole('link', { name: 'Delete your comment' }).click();
      await page.getByRole('heading', { name: 'Delete your comment?' }).waitFor();
      await page.getByRole('button', { name: 'Delete comment' }).click();
      await page.waitForURL(/#comments$/);
      assert.doesNotMatch(await page.content(), /Changed without a script/);
    } finally {
      await noScript.close();
    }
  });

  test('the writer’s post page with its controls, the edit page and the delete page pass axe', async () => {
    const wren = (await t.services.repositories.users.findByEmail('wren@example.com'))!;
    const writer = new Commenter(t, 'www', '192.0.2.77');
    writer.cookies.set('dastan_session', (await t.services.sessions.start(wren)).token);
    t.clock.advance(20_000);
    const posted = await writer.comment(postPath(post), { body: 'Checked by axe' });
    const id = /#c(\d+)$/.exec(String(posted.headers.location))![1]!;
    const checker = await openBrowser({ bypassCSP: true });
    try {
      await checker.context.addCookies([{ name: 'dastan_session', value: writer.cookies.get('dastan_session')!, url: origin }]);
      const page = await checker.context.newPage();
      for (const path of [postPath(post), `/comments/${id}/edit`, `/comments/${id}/delete`]) {
        await page.goto(`${origin}${path}`);
        if (path === postPath(post)) await page.locator(`[data-own-comment="${id}"]`).waitFor();
        const violations = await axeViolations(page);
        assert.deepEqual(violations, [], `${path}\n${describeViolations(violations)}`);
      }
    } finally {
      await checker.close();
    }
  });
});
