/**
 * What a person sees in a real browser (Debian's Chromium): the post page from the keyboard, threaded
 * comments and popular posts, label links, a right-to-left blog's mirrored layout, a phone-width page,
 * and search without JavaScript. Accessibility is checked by axe-core in accessibility.browser.test.ts.
 */
import { translate } from '../../src/render/i18n/translate.js';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { browserSkip, launchChromium, serveTestApp, type ServedApp } from '../helpers/browser.js';
import { testDatabases } from '../helpers/databases.js';
import { makeEnglishBlog, makeUrduBlog, type SampleBlog } from '../helpers/sample-blogs.js';
import { labelPath, postPath } from '../../src/domain/blogs/urls.js';

/** A catalogue message as the page's text shows it: the page isolates arguments with <bdi>, not with U+2068…U+2069. */
const plain = (text: string) => text.replace(/[\u2066-\u2069]/g, '');

const sqlite = testDatabases.find((d) => d.name === 'sqlite')!;
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
/** Overwritten on every run, so screenshots never pile up; look at them after a run. */
const SHOTS = path.join(tmpdir(), 'dastan-screenshots');

describe('the reader in Chromium', { skip: browserSkip }, () => {
  let t: ServedApp;
  let browser: Browser;
  let en: SampleBlog;
  let ur: SampleBlog;

  before(async () => {
    t = await serveTestApp(sqlite);
    en = await makeEnglishBlog(t.services);
    ur = await makeUrduBlog(t.services);
    browser = await launchChromium();
    mkdirSync(SHOTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  /** Opens `path` of a blog in a fresh context; the context closes when `use` returns. */
  async function withPage<T>(
    blog: SampleBlog,
    pagePath: string,
    options: BrowserContextOptions,
    use: (page: Page) => Promise<T>,
  ): Promise<T> {
    const context = await browser.newContext({ viewport: DESKTOP, ...options });
    try {
      const page = await context.newPage();
      const response = await page.goto(t.originOf(blog.blog.name) + pagePath);
      assert.equal(response?.status(), 200, pagePath);
      return await use(page);
    } finally {
      await context.close();
    }
  }

  test('Tab reaches "Skip to main content" first, and Enter moves focus to the main content', async () => {
    for (const blog of [en, ur]) {
      await withPage(blog, postPath(blog.featured), {}, async (page) => {
        const hiddenBox = await page.locator('.skip-link').boundingBox();
        assert.ok(hiddenBox && hiddenBox.y + hiddenBox.height <= 0, 'the skip link is off screen until focused');
        await page.keyboard.press('Tab');
        const skip = translate(blog === ur ? 'ur' : 'en', 'layout.skipToContent');
        assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), skip);
        const shownBox = await page.locator('.skip-link').boundingBox();
        assert.ok(shownBox && shownBox.y >= 0, 'the focused skip link is on screen');
        await page.keyboard.press('Enter');
        await page.waitForFunction(() => document.activeElement?.id === 'main');
        assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'MAIN');
        // The next Tab goes on inside the main content, not back to the header.
        await page.keyboard.press('Tab');
        assert.equal(await page.evaluate(() => document.activeElement?.closest('main')?.id), 'main');
      });
    }
  });

  test('a post page shows one h1, labels that lead to label pages, threaded comments and popular posts', async () => {
    await withPage(en, postPath(en.featured), {}, async (page) => {
      assert.equal(await page.locator('h1').count(), 1);
      assert.equal(await page.locator('h1').textContent(), en.featured.title);

      // Threaded comments: each reply is shown inside, and indented from, the comment it answers.
      const comments = page.locator('#comments');
      assert.equal((await comments.locator('h2').first().textContent())?.trim(), 'Comments');
      const articles = en.thread.map((id) => page.locator(`#c${id}`));
      for (const article of articles) assert.ok(await article.isVisible());
      const depths = await Promise.all(
        en.thread.map((id) =>
          page.evaluate((anchor) => {
            let depth = 0;
            for (let el = document.getElementById(anchor)?.parentElement; el; el = el.parentElement) if (el.matches('li.comment')) depth++;
            return depth;
          }, `c${id}`),
        ),
      );
      assert.deepEqual(depths, [1, 2, 3]);
      const lefts = await Promise.all(articles.map(async (a) => (await a.boundingBox())!.x));
      assert.ok(lefts[0]! < lefts[1]! && lefts[1]! < lefts[2]!, `replies are indented: ${lefts.join(', ')}`);
      assert.match((await articles[2]!.textContent()) ?? '', /Thank you! We will go next Sunday/);

      // Popular posts: the first gadget, most viewed first, long posts' snippets cut and ending in "…".
      const popular = page.locator('#popular-posts');
      assert.equal(await page.locator('.sidebar > *').first().getAttribute('id'), 'popular-posts');
      assert.equal((await popular.locator('h2').textContent())?.trim(), 'Popular posts from this blog');
      // Like Blogger's gadget, it leaves out the post being read.
      const others = en.posts.filter((p) => p.id !== en.featured.id);
      assert.deepEqual(
        await popular.locator('.popular-title').allTextContents(),
        others.map((p) => p.title),
      );
      const snippets = await popular.locator('.snippet').allTextContents();
      assert.equal(snippets.length, others.length);
      for (const [i, post] of others.entries()) {
        if (post.body_text.length > 150) {
          assert.ok(snippets[i]!.endsWith('…'), `cut snippet: ${snippets[i]}`);
          assert.ok(post.body_text.startsWith(snippets[i]!.slice(0, -1)), 'a snippet is the start of the post, cut between words');
        } else {
          assert.equal(snippets[i], post.body_text);
        }
      }

      // Labels link to their label pages, which list the post.
      const labels = page.locator('.post-full .post-labels a');
      assert.deepEqual(await labels.allTextContents(), ['Rivers', 'Travel']);
      assert.deepEqual(
        await labels.evaluateAll((links) => links.map((a) => a.getAttribute('href'))),
        ['Rivers', 'Travel'].map((l) => labelPath([l])),
      );
      await labels.first().click();
      await page.waitForURL(/\/search\/label\/Rivers$/);
      assert.equal(await page.locator('h1').textContent(), 'Posts with the label “Rivers”');
      assert.ok(await page.locator('.post-title a', { hasText: en.featured.title }).isVisible());
    });
  });

  test('a label with "&" and an Urdu label open their label pages', async () => {
    for (const [blog, label, title] of [
      [en, 'Food & drink', en.posts[1]!.title],
      [ur, ur.label, ur.featured.title],
    ] as const) {
      await withPage(blog, '/', {}, async (page) => {
        await page.locator('#labels a', { hasText: label }).click();
        await page.waitForURL((url) => url.pathname === labelPath([label]));
        // The heading is in the blog's language (English, Urdu).
        const language = blog === ur ? 'ur' : 'en';
        assert.equal(
          await page.locator('h1').textContent(),
          plain(translate(language, 'label.heading', { count: 1, names: `“${label}”` })),
        );
        assert.ok(await page.locator('.post-title a', { hasText: title }).isVisible());
      });
    }
  });

  test('a right-to-left blog mirrors the page: dir="rtl" and the sidebar on the left', async () => {
    const boxes = async (page: Page) => ({
      dir: await page.evaluate(() => document.documentElement.dir),
      lang: await page.evaluate(() => document.documentElement.lang),
      main: (await page.locator('main').boundingBox())!,
      sidebar: (await page.locator('.sidebar').boundingBox())!,
      // The box of the title's text, not of the h1 block (which is as wide as main either way).
      title: await page.evaluate(() => {
        const range = document.createRange();
        range.selectNodeContents(document.querySelector('h1')!);
        const { x, width } = range.getBoundingClientRect();
        return { x, width };
      }),
    });
    const ltr = await withPage(en, postPath(en.featured), {}, boxes);
    const rtl = await withPage(ur, postPath(ur.featured), {}, boxes);
    assert.equal(ltr.dir, 'ltr');
    assert.equal(rtl.dir, 'rtl');
    assert.equal(rtl.lang, 'ur');
    assert.ok(ltr.sidebar.x >= ltr.main.x + ltr.main.width, 'LTR: the sidebar is right of the main content');
    assert.ok(rtl.sidebar.x + rtl.sidebar.width <= rtl.main.x, 'RTL: the sidebar is left of the main content');
    // The title starts on the reading side: at the left edge of main in LTR, at its right edge in RTL.
    assert.ok(Math.abs(ltr.title.x - ltr.main.x) < 2, 'LTR title starts on the left');
    assert.ok(ltr.title.x + ltr.title.width < ltr.main.x + ltr.main.width - 50);
    assert.ok(Math.abs(rtl.title.x + rtl.title.width - (rtl.main.x + rtl.main.width)) < 2, 'RTL title starts on the right');
    assert.ok(rtl.title.x > rtl.main.x + 50);
  });

  test('at phone width the sidebar follows the post and nothing scrolls sideways', async () => {
    for (const blog of [en, ur]) {
      await withPage(blog, postPath(blog.featured), { viewport: PHONE, isMobile: true, hasTouch: true }, async (page) => {
        const main = (await page.locator('main').boundingBox())!;
        const sidebar = (await page.locator('.sidebar').boundingBox())!;
        assert.ok(sidebar.y >= main.y + main.height, 'the sidebar comes after the main content');
        assert.ok(main.width <= PHONE.width && sidebar.width <= PHONE.width);
        assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scrolling');
      });
    }
  });

  test('screenshots of the post page: light, dark, right-to-left and phone', async () => {
    const shots: [string, SampleBlog, BrowserContextOptions][] = [
      ['post-light', en, { colorScheme: 'light' }],
      ['post-dark', en, { colorScheme: 'dark' }],
      ['post-rtl', ur, { colorScheme: 'light' }],
      ['post-phone', en, { viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }],
    ];
    for (const [name, blog, options] of shots) {
      await withPage(blog, postPath(blog.featured), options, async (page) => {
        const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
        assert.equal(background, options.colorScheme === 'dark' ? 'rgb(13, 17, 23)' : 'rgb(255, 255, 255)', name);
        const png = await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
        assert.deepEqual([...png.subarray(1, 4)], [...Buffer.from('PNG')]);
      });
    }
    console.log(`screenshots in ${SHOTS}`);
  });

  test('without JavaScript, the search form submits and shows results', async () => {
    for (const blog of [en, ur]) {
      await withPage(blog, postPath(blog.featured), { javaScriptEnabled: false }, async (page) => {
        await page.locator('#sidebar-q').fill(blog.searchWord);
        await Promise.all([page.waitForURL(/\/search\?q=/), page.locator('#search button[type=submit]').click()]);
        assert.equal(new URL(page.url()).searchParams.get('q'), blog.searchWord);
        const language = blog === ur ? 'ur' : 'en';
        assert.equal(await page.locator('h1').textContent(), plain(translate(language, 'search.resultsFor', { query: blog.searchWord })));
        assert.ok(await page.locator('.search-result .post-title a', { hasText: blog.featured.title }).isVisible());
        assert.ok((await page.locator('.search-result mark').count()) > 0, 'matched words are highlighted');
        assert.equal(await page.locator('#main-q').inputValue(), blog.searchWord, 'the search page keeps the words in its form');
      });
    }
  });
});
