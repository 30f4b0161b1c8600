/**
 * The XSS payloads of DOMPurify's test suite, each saved as a post body by a member of each role in
 * turn (a contributor's submitted draft published by the owner), never run script when the post is
 * viewed on the blog or opened in the owner's editor — checked in real Chromium with the
 * Content-Security-Policy bypassed, so the sanitizer alone has to hold.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { BlogRow, PostRow, Role, UserRow } from '../../src/storage/schema.js';
import { testDatabases } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { chromiumSkip, openBrowser, type Browser } from '../helpers/chromium.js';
import { makeBlog } from '../helpers/factories.js';
import { buildClientScripts } from '../helpers/client-scripts.js';

const payloads = (JSON.parse(readFileSync('/work/shared/testdata/xss/dompurify-expect.json', 'utf8')) as { payload: string }[]).map(
  (p) => p.payload,
);

/** Runs in the page before anything else: any way script could announce itself sets a flag. */
const TRAP = `
  window.__xss = [];
  for (const name of ['alert', 'confirm', 'prompt', 'print']) {
    window[name] = (...args) => { window.__xss.push(name + ':' + String(args[0])); };
  }
`;

for (const database of testDatabases)
  describe(`XSS payloads in post bodies on ${database.name}`, { skip: chromiumSkip || database.skip }, () => {
    let t: TestApp;
    let browser: Browser;
    let page: Page;
    let origin: string;
    let blog: BlogRow;
    let owner: UserRow;
    const writers = new Map<Role, UserRow>();
    const posts: { post: PostRow; payload: string }[] = [];
    const dialogs: string[] = [];

    before(async () => {
      buildClientScripts('editor');
      t = await startTestApp(database);
      blog = await makeBlog(t.services, { name: 'www' });
      for (const role of ['owner', 'admin', 'author', 'contributor'] as Role[]) {
        const user = await t.services.users.createUser({ email: `mallory-${role}@example.com`, displayName: `Mallory ${role}` });
        await t.services.users.addMember(blog.id, user.id, role);
        writers.set(role, user);
      }
      owner = writers.get('owner')!;
      for (const [i, payload] of payloads.entries()) {
        const role = (['contributor', 'author', 'admin', 'owner'] as const)[i % 4]!;
        const author = writers.get(role)!;
        let post = await t.services.editor.create(
          blog,
          'post',
          {
            title: `Payload ${i}`,
            body: payload,
            format: 'html',
            labels: [],
            slug: `payload-${i}`,
            searchDescription: '',
            commentsSetting: 'allow',
            author,
            role,
          },
          role === 'contributor' ? 'submit' : 'publish',
          author.id,
        );
        if (role === 'contributor') post = await t.services.editor.publish(blog, post, { userId: owner.id, role: 'owner' });
        posts.push({ post, payload });
      }
      const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
      origin = `http://www.example.test:${new URL(address).port}`;
      browser = await openBrowser({ bypassCSP: true });
      await browser.context.addInitScript(TRAP);
      page = await browser.context.newPage();
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
    });
    after(async () => {
      await browser?.close();
      await t?.close();
    });

    const inspect = (p: Page) =>
      p.evaluate(() => {
        const found: string[] = [...((window as unknown as { __xss: string[] }).__xss ?? [])];
        // The page's own comment form, its script and the share button's script are not the payload's.
        for (const el of document.querySelectorAll(
          'main *:not(#comment-form, #comment-form *, script[src^="/static/comments.js"], script[src^="/static/share.js"])',
        )) {
          for (const attr of el.attributes) {
            if (/^on/i.test(attr.name)) found.push(`${el.tagName} ${attr.name}`);
            if (/^\s*(javascript|vbscript|data):/i.test(attr.value) && /href|src|action|formaction|xlink/i.test(attr.name))
              found.push(`${el.tagName} ${attr.name}=${attr.value.slice(0, 40)}`);
          }
          if (
            ['SCRIPT', 'IFRAME', 'OBJECT', 'EMBED', 'FORM', 'STYLE', 'SVG', 'MATH', 'BASE', 'META', 'LINK'].includes(
              el.tagName.toUpperCase(),
            )
          )
            found.push(el.tagName);
        }
        return found;
      });

    test('no payload runs script when its post is viewed on the blog', async () => {
      const problems: string[] = [];
      for (const { post, payload } of posts) {
        // Attribute values emptied first: text inside a quoted value ("…onerror=…") is only text.
        assert.doesNotMatch(post.body_html.replace(/"[^"]*"/g, '""'), /<script|<[^>]*\son\w+\s*=/i, payload);
        assert.doesNotMatch(post.body_html, /(href|src|action|srcset)\s*=\s*"\s*(javascript|vbscript):/i, payload);
        await page.goto(`${origin}/${post.path_year}/${String(post.path_month).padStart(2, '0')}/${post.slug}.html`, { waitUntil: 'load' });
        await page.waitForTimeout(20);
        const found = await inspect(page);
        if (found.length > 0) problems.push(`${JSON.stringify(payload).slice(0, 120)} → ${found.join(', ')}`);
      }
      assert.deepEqual(problems, []);
      assert.deepEqual(dialogs, []);
    });

    test("no payload runs script when its post is opened in the owner's rich editor", async () => {
      const session = await t.services.sessions.start(owner);
      await browser.context.addCookies([{ name: 'dastan_session', value: session.token, url: origin }]);
      const problems: string[] = [];
      for (const { post, payload } of posts.filter((_, i) => i % 4 === 0)) {
        await page.goto(`${origin}/admin/blogs/www/posts/${post.id}`, { waitUntil: 'load' });
        await page.locator('.rich-surface').waitFor();
        await page.waitForTimeout(20);
        const found = await page.evaluate(() => [...((window as unknown as { __xss: string[] }).__xss ?? [])]);
        if (found.length > 0) problems.push(`${JSON.stringify(payload).slice(0, 120)} → ${found.join(', ')}`);
      }
      assert.deepEqual(problems, []);
      assert.deepEqual(dialogs, []);
    });
  });
