/**
 * Issue 19's XSS proof beyond post bodies: DOMPurify's payloads through every other input a person types
 * into (profile names, post and page titles, page bodies, labels, search descriptions, blog title and
 * description, comments signed in and out, layout gadgets, theme texts and colours, the contact form,
 * subscriber addresses), then every blog page and dashboard page that shows them opened in real Chromium
 * with the Content-Security-Policy bypassed and dialogs, popups and navigations trapped. Nothing may run,
 * and no element may carry an event-handler attribute or a javascript:/data: URL.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { BlogRow, UserRow } from '../../src/storage/schema.js';
import { testDatabases } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { chromiumSkip, openBrowser, type Browser } from '../helpers/chromium.js';
import { makeBlog } from '../helpers/factories.js';
import { batches, InputTally, saveLayoutBatch, saveThemeTexts, seedPayloads, XSS_PAYLOADS, type SeededBlog } from '../helpers/xss-seed.js';

/** Runs in every page before anything else: any way script could announce itself is recorded. */
const TRAP = `
  window.__xss = [];
  for (const name of ['alert', 'confirm', 'prompt', 'print', 'open']) {
    window[name] = (...args) => { window.__xss.push(name + ':' + String(args[0])); };
  }
`;

/** Everything on the page that script could come from, apart from the app's own scripts. */
function inspectPage(p: Page): Promise<string[]> {
  return p.evaluate(() => {
    const found: string[] = [...((window as unknown as { __xss: string[] }).__xss ?? [])];
    for (const el of document.querySelectorAll('*')) {
      for (const attr of el.attributes) {
        if (/^on/i.test(attr.name)) found.push(`${el.tagName} ${attr.name}`);
        if (/^\s*(javascript|vbscript|data):/i.test(attr.value) && /href|src|action|formaction|xlink|srcset|poster|data/i.test(attr.name))
          found.push(`${el.tagName} ${attr.name}=${attr.value.slice(0, 40)}`);
      }
      const tag = el.tagName.toUpperCase();
      if (tag === 'SCRIPT') {
        const script = el as HTMLScriptElement;
        if (script.type === 'application/ld+json') {
          try {
            JSON.parse(script.textContent ?? '');
          } catch {
            found.push('JSON-LD that does not parse (broken out of)');
          }
        } else if (!/^\/(static|admin\/static)\//.test(script.getAttribute('src') ?? ''))
          found.push(`SCRIPT ${script.outerHTML.slice(0, 80)}`);
      }
      // The Theme page's own previews are frames of the dashboard's preview address, sandboxed without scripts.
      const ownPreview =
        tag === 'IFRAME' &&
        /^\/admin\/blogs\/[^/]+\/theme\/preview\?/.test(el.getAttribute('src') ?? '') &&
        el.hasAttribute('sandbox') &&
        !/allow-scripts/.test(el.getAttribute('sandbox') ?? '');
      if (['IFRAME', 'OBJECT', 'EMBED', 'BASE', 'FRAME', 'FRAMESET', 'APPLET'].includes(tag) && !ownPreview) found.push(tag);
      if (tag === 'META' && /refresh/i.test(el.getAttribute('http-equiv') ?? '')) found.push('META refresh');
    }
    return found;
  });
}

for (const database of testDatabases)
  describe(`XSS payloads through every input on ${database.name}`, { skip: chromiumSkip || database.skip }, () => {
    const tally = new InputTally();
    let seeded: SeededBlog;
    let t: TestApp;
    let blog: BlogRow;
    let owner: UserRow;
    let browser: Browser;
    let page: Page;
    let origin: string;
    const trapped: string[] = [];
    let visits = 0;
    const problems: string[] = [];

    before(async () => {
      t = await startTestApp(database);
      blog = await makeBlog(t.services, { name: 'www' });
      owner = await t.services.users.createUser({ email: 'owner@example.com', displayName: 'Olive Owner' });
      await t.services.users.addMember(blog.id, owner.id, 'owner');
      seeded = await seedPayloads(t, blog, owner, tally);
      const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
      origin = `http://www.example.test:${new URL(address).port}`;
      browser = await openBrowser({ bypassCSP: true });
      await browser.context.addInitScript(TRAP);
      page = await browser.context.newPage();
      browser.context.on('page', (p) => trapped.push(`popup ${p.url()}`));
      page.on('dialog', (d) => {
        trapped.push(`dialog ${d.message()}`);
        void d.dismiss();
      });
    });
    after(async () => {
      await browser?.close();
      await t?.close();
    });

    async function look(url: string, what: string): Promise<void> {
      const status = (await page.goto(`${origin}${url}`, { waitUntil: 'domcontentloaded' }))?.status() ?? 0;
      visits++;
      if (status !== 200) problems.push(`${what}: ${url} answered ${status}`);
      if (!page.url().startsWith(`${origin}${url}`)) problems.push(`${what}: ${url} navigated to ${page.url()}`);
      const found = await inspectPage(page);
      if (found.length > 0) problems.push(`${what} (${url}) → ${found.join(', ')}`);
    }

    const postPath = (p: { path_year: number | null; path_month: number | null; slug: string }) =>
      `/${p.path_year}/${String(p.path_month).padStart(2, '0')}/${p.slug}.html`;

    test('no payload runs on the blog: posts, pages, labels, blog title, comments, gadgets, theme texts', async () => {
      for (const [i, payload] of XSS_PAYLOADS.entries()) {
        // The blog's header texts change with every payload (refused ones leave the previous title).
        await tally.attempt('blog title', () => t.services.blogs.updateSettings(blog.id, { title: payload.slice(0, 200) }));
        await tally.attempt('blog description', () => t.services.blogs.updateSettings(blog.id, { description: payload.slice(0, 500) }));
        const post = seeded.posts[i];
        if (post) await look(postPath(post), `post ${i}`);
      }
      for (const [b, group] of batches(XSS_PAYLOADS).entries()) {
        await saveLayoutBatch(t, (await t.services.blogs.blogForHost('www.example.test'))!, group, tally);
        await saveThemeTexts(t, blog, group, tally);
        await look('/', `home with layout ${b}`);
        await look(postPath(seeded.threads[b]!), `comments ${b}`);
        const own = seeded.pages[b];
        if (own) await look(`/p/${own.slug}.html`, `page ${b}`);
      }
      for (let n = 2; n <= Math.ceil(seeded.threads.length + seeded.posts.length) / 50; n++) await look(`/?page=${n}`, `home page ${n}`);
      // Label pages: the ones the first posts link to.
      for (const post of seeded.posts.slice(0, 25)) {
        if (!post) continue;
        await page.goto(`${origin}${postPath(post)}`);
        const href = await page
          .locator('a[href*="/search/label/"]')
          .first()
          .getAttribute('href', { timeout: 1000 })
          .catch(() => null);
        if (href) {
          const url = new URL(href, origin);
          await look(url.pathname + url.search, `label page of ${post.slug}`);
        }
      }
      assert.deepEqual(problems, []);
      assert.deepEqual(trapped, []);
    });

    test('no payload runs in the dashboard pages that show them', async () => {
      const session = await t.services.sessions.start(owner);
      await browser.context.addCookies([{ name: 'dastan_session', value: session.token, url: origin }]);
      const base = '/admin/blogs/www';
      for (const url of ['/admin', base, `${base}/posts`, `${base}/pages`, `${base}/members`, `${base}/subscribers`]) await look(url, url);
      for (const url of [`${base}/layout`, `${base}/theme/texts`, `${base}/theme`, `${base}/settings`]) await look(url, url);
      for (let n = 1; n <= Math.ceil((XSS_PAYLOADS.length * 2) / 50); n++) await look(`${base}/comments?status=live&page=${n}`, 'comments');
      for (const folder of ['inbox', 'spam'])
        for (let n = 1; n <= Math.ceil(seeded.contactIds.length / 50); n++) await look(`${base}/inbox?folder=${folder}&page=${n}`, folder);
      for (const id of seeded.contactIds) await look(`${base}/inbox/${id}`, `contact message ${id}`);
      for (const [i, post] of seeded.posts.entries())
        if (post && i % 16 === 0) await look(`${base}/posts/${post.id}`, `editor of post ${i}`);
      for (const [i, own] of seeded.pages.entries()) if (own) await look(`${base}/pages/${own.id}`, `editor of page ${i}`);
      assert.deepEqual(problems, []);
      assert.deepEqual(trapped, []);
    });

    test('every input was tried, and the figures are printed', () => {
      const line = (m: Map<string, number>) => [...m].map(([k, v]) => `${k} ${v}`).join('; ');
      console.log(`XSS through every input: ${tally.total} saves tried over ${XSS_PAYLOADS.length} payloads, ${visits} pages opened`);
      console.log(`  stored: ${line(tally.stored)}`);
      console.log(`  refused (4xx): ${line(tally.refused)}`);
      for (const input of [
        'profile name',
        'post title, label and description',
        'page title and body',
        'HTML gadget',
        'text gadget',
        'theme text',
      ])
        assert.ok((tally.stored.get(input) ?? 0) > 0, `nothing stored through ${input}`);
      assert.ok((tally.stored.get('comment signed in (body)') ?? 0) > 100, 'too few signed-in comments stored');
      assert.ok(seeded.contactIds.length > 100, 'too few contact messages stored');
      assert.equal(tally.stored.get('theme colour or font') ?? 0, 0, 'a payload was taken as a colour or a font');
    });
  });
