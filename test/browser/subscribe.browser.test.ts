/**
 * Follow by e-mail in real Chromium with the Content-Security-Policy on: on the `/subscribe` page of each
 * bundled theme the comment script sends the form in place, solves the proof of work the server asks
 * for, sends it again and shows the server's "check your inbox"; the confirm mail reaches a real SMTP
 * peer. With JavaScript off the same form is posted the ordinary way, and the mailed confirm link's
 * page confirms.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { SmtpTransport } from '../../src/domain/subscriptions/mail-transport.js';
import { testDatabases } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { chromiumSkip, openBrowser, type Browser } from '../helpers/chromium.js';
import { makeBlog } from '../helpers/factories.js';
import { startInbox, to, type Inbox } from '../helpers/smtp-inbox.js';
import { buildClientScripts } from '../helpers/client-scripts.js';

const THEMES = ['default', 'minimal', 'magazine'] as const;

describe('subscribe in the browser', { skip: chromiumSkip }, () => {
  let t: TestApp;
  let inbox: Inbox;
  let browser: Browser;
  let port: string;

  before(async () => {
    buildClientScripts('comments');
    inbox = await startInbox();
    t = await startTestApp(testDatabases[0]!, {
      parts: { transport: new SmtpTransport(`smtp://127.0.0.1:${inbox.port}`), proofOfWork: { cost: 5, counterRange: [5, 40] } },
    });
    for (const theme of THEMES) {
      const blog = await makeBlog(t.services, { name: theme, title: `The ${theme} blog` });
      await t.services.themes.chooseTheme(blog, theme);
      // A `localhost` host is a secure context to Chromium, as an https one is: the solver needs crypto.subtle.
      await t.storage.db
        .updateTable('blogs')
        .set({ custom_domain: `${theme}.localhost` })
        .where('id', '=', blog.id)
        .execute();
    }
    port = new URL(await t.app.listen({ port: 0, host: '127.0.0.1' })).port;
    browser = await openBrowser();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
    await inbox?.close();
  });

  /** The confirm link (on the test server) of the mail to `email`, once the queue has run. */
  const confirmLinkTo = async (email: string) => {
    await t.services.jobs.drainForTests();
    const mail = inbox.mails.find((m) => to(m) === email) ?? assert.fail(`no mail to ${email}`);
    assert.match(mail.subject!, /^Confirm that you follow/);
    const link = /https?:\/\/([a-z.]+)(?::\d+)?(\/subscribe\/confirm\?t=[^\s"<]+)/.exec(mail.text!) ?? assert.fail(mail.text);
    return `http://${link[1]}:${port}${link[2]}`;
  };

  const fill = async (page: Page, email: string) => {
    await page.getByLabel('Your e-mail address').fill(email);
    await page.getByLabel('A weekly digest').check();
    t.clock.advance(20_000); // a person takes a while to type
    await page.getByRole('button', { name: 'Subscribe' }).click();
  };

  for (const theme of THEMES) {
    test(`the ${theme} theme's form solves the proof of work under the CSP and a confirm mail is sent`, async () => {
      const page = await browser.context.newPage();
      const problems: string[] = [];
      page.on('console', (m) => void (/Content Security Policy/.test(m.text()) && problems.push(m.text())));
      page.on('pageerror', (e) => problems.push(e.message));
      const posts: string[] = [];
      page.on('request', (r) => void (r.method() === 'POST' && posts.push(r.postData() ?? '')));
      const response = await page.goto(`http://${theme}.localhost:${port}/subscribe`);
      assert.match(response!.headers()['content-security-policy'] ?? '', /script-src 'self'/);
      assert.equal(await page.locator('script[src^="/static/comments.js"]').count(), 1);
      const email = `${theme}-reader@example.org`;
      await fill(page, email);
      await page.locator('[data-form-status]', { hasText: 'check your inbox' }).waitFor();
      assert.equal(new URL(page.url()).pathname, '/subscribe', 'sent in place');
      assert.equal(posts.length, 2, 'asked for a proof of work, then sent with it');
      assert.match(posts[0]!, /(^|&)js=1(&|$)/);
      assert.doesNotMatch(posts[0]!, /altcha=/);
      assert.match(posts[1]!, /altcha=./);
      assert.equal(await page.getByLabel('Your e-mail address').inputValue(), '');
      assert.deepEqual(problems, []);
      await confirmLinkTo(email);
      await page.close();
    });
  }

  test('with JavaScript off the form is posted as a page, and the mailed link confirms', async () => {
    const plain = await openBrowser({ javaScriptEnabled: false });
    try {
      const page = await plain.context.newPage();
      await page.goto(`http://default.localhost:${port}/subscribe`);
      await fill(page, 'no-script@example.org');
      await page.getByRole('heading', { name: 'Please check your inbox' }).waitFor();
      // The confirm page (sent without a referrer, so its form posts with `Origin: null`) confirms.
      await page.goto(await confirmLinkTo('no-script@example.org'));
      await page.getByRole('button', { name: 'Confirm' }).click();
      await page.getByRole('heading', { name: 'You are subscribed' }).waitFor();
    } finally {
      await plain.close();
    }
  });
});
