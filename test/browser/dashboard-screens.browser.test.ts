/**
 * Every dashboard screen in Chromium, at 1280 and 375 px, for an English blog and a right-to-left Urdu
 * one: a screenshot of each goes to test-results/dashboard/ (look at them after a run), axe-core finds no
 * violations, and no page scrolls sideways. The signed-out screens (set-up, on a server with no users yet,
 * and sign-in) are seen by a browser that asks for English, then Urdu; the editor, comments, stats and
 * settings screens also with the dashboard in Urdu (the owner's choice). `SCREENS=overview,posts` limits
 * the run to some screens.
 */
import { LANGUAGES } from '../../src/render/i18n/translate.js';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { dailyViews, demoAudience } from '../../src/demo/demo-views.js';
import type { BlogRow, PostRow, UserRow } from '../../src/storage/schema.js';
import { axeViolations, browserSkip, describeViolations, launchChromium, serveTestApp, type ServedApp } from '../helpers/browser.js';
import { testDatabases } from '../helpers/databases.js';
import { makeBlog, makePost } from '../helpers/factories.js';
import { buildClientScripts } from '../helpers/client-scripts.js';
import { STATUS_WXR } from '../helpers/import-fixtures.js';
import { ContactRepository } from '../../src/storage/repositories/contact.repository.js';
import { mkdir, writeFile } from 'node:fs/promises';

const sqlite = testDatabases.find((d) => d.name === 'sqlite')!;
const SHOTS = path.join(process.cwd(), 'test-results', 'dashboard');
const only = process.env.SCREENS?.split(',');
const DAY = 86_400_000;

/** A blog with posts in every state, views over two months, and comments (one waiting, one a reply). */
async function fillBlog(
  t: ServedApp,
  blog: BlogRow,
  owner: UserRow,
  words: { titles: string[]; body?: string; comment: string; reply: string },
) {
  const now = t.clock.now();
  const posts: PostRow[] = [];
  for (const [i, title] of words.titles.entries()) {
    posts.push(
      await makePost(t.services, blog, {
        title,
        ...(words.body ? { body: words.body } : {}),
        labels: i % 2 ? ['travel'] : ['tea', 'notes'],
        authorId: owner.id,
        authorName: owner.display_name,
        publishedAt: now - (i + 1) * 9 * DAY,
        draft: i === words.titles.length - 1,
      }),
    );
  }
  const live = posts[0]!;
  const first = await t.services.comments.addComment({
    blogId: blog.id,
    postId: live.id,
    authorName: 'Rumi',
    body: `<p>${words.comment}</p>`,
  });
  await t.services.comments.addComment({
    blogId: blog.id,
    postId: live.id,
    parentId: first.id,
    authorName: 'Sara',
    body: `<p>${words.reply}</p>`,
    status: 'pending',
  });
  const views = posts
    .slice(0, -1)
    .flatMap((p, i) =>
      dailyViews(
        { perDay: 40 - i * 8, shape: i === 0 ? 'burst' : 'steady', burstDaysAgo: 3 },
        p.published_at!,
        now,
        p.title,
        blog.time_zone,
      ).map((d) => ({ blogId: blog.id, postId: p.id, day: d.day, views: d.views })),
    );
  await t.services.repositories.views.addCounts(views);
  await t.services.repositories.views.applyBatch(demoAudience(blog.id, views, now, blog.time_zone), null, now);
  return posts;
}

/** The ids the other screens show, one of each: made as an owner would make them (by the services). */
interface Extras {
  revision: string;
  upload: string;
  message: string;
  hook: string;
  job: string;
  invite: string;
}

/**
 * Two more revisions of the first post (its body kept, a paragraph added), an upload, a redirect, a webhook, a subscriber, a message in the
 * inbox, a finished import, a failed job and an invitation, so that each screen shows a row of its own.
 */
async function fillExtras(t: ServedApp, blog: BlogRow, owner: UserRow, live: PostRow, word: string): Promise<Extras> {
  const s = t.services;
  const input = {
    title: live.title,
    body: `${live.body_html}<p>${word}</p>`,
    format: 'html' as const,
    labels: ['tea'],
    slug: '',
    searchDescription: '',
    commentsSetting: 'allow' as const,
    author: owner,
    role: 'owner' as const,
  };
  await s.editor.update(blog, live, input, 'update', owner.id);
  await s.editor.update(
    blog,
    (await s.repositories.posts.findById(blog.id, live.id))!,
    { ...input, body: `${live.body_html}<p>${word} ${word}</p>` },
    'update',
    owner.id,
  );
  // The oldest revision, so that its page shows what changed since.
  const revision = (await s.repositories.revisions.listForPost(blog.id, live.id)).at(-1)!.id;
  // A real picture, uploaded as a writer would: the library's thumbnail is its file, not a broken link.
  const photo = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#7a9a5c' } })
    .jpeg()
    .toBuffer();
  const { id: upload } = await s.media.upload(blog.id, owner.id, photo, 'tea-garden.jpg');
  await s.redirects.save(blog, { from: '/2019/05/old-tea-notes.html', to: '/search/label/tea', status: 301 }, []);
  const hook = await s.webhooks.create(blog.id, owner.id, 'https://hooks.example.org/tea-road/published', ['post.published']);
  await s.subscriberList.add(blog, { email: `reader.of.${blog.name}@example.org`, frequency: 'each' });
  const message = await new ContactRepository(s.storage.db).insert({
    id: `7${Math.floor(Math.random() * 1e15)}`,
    blogId: blog.id,
    name: 'Rumi',
    email: 'rumi@example.org',
    bodyHtml: `<p>${word}</p>`,
    folder: 'inbox',
    reasons: '',
    addressHash: 'a',
    emailHash: 'e',
    now: t.clock.now(),
  });
  await mkdir(s.importsDir, { recursive: true });
  const file = path.join(s.importsDir, `walk-${blog.name}.xml`);
  await writeFile(file, STATUS_WXR);
  const job = await s.importJobs.start({
    blogId: blog.id,
    userId: owner.id,
    file,
    fileName: 'tea-road.wordpress.xml',
    media: false,
    applySettings: false,
    update: false,
  });
  await s.importJobs.settled();
  s.jobs.handle('walk.fails', async () => {
    throw new Error('The mail server did not answer');
  });
  await s.jobs.enqueue({ kind: 'walk.fails', payload: {}, maxAttempts: 1, blogId: blog.id });
  await s.jobs.drainForTests();
  const invited = await s.members.invite(blog, `guest.${blog.name}@example.org`, 'author', owner, t.originOf(blog.name));
  return { revision, upload, message: message.id, hook: hook.id, job: job.id, invite: invited.link.split('/').pop()! };
}

/** Whether the editor's paragraph starting `start` draws its last character to the right of its first (left to right). */
function fullStopAtEnd(page: Page, start: string): Promise<boolean> {
  return page
    .locator('.rich-surface p', { hasText: start })
    .first()
    .evaluate((p) => {
      // No function inside: the page runs this as written, without the test runner's helpers.
      const text = p.firstChild!;
      const range = document.createRange();
      range.setStart(text, 0);
      range.setEnd(text, 1);
      const first = range.getBoundingClientRect().left;
      range.setStart(text, text.textContent!.length - 1);
      range.setEnd(text, text.textContent!.length);
      return range.getBoundingClientRect().left > first;
    });
}

describe('the dashboard, screen by screen (screenshots, axe-core, no sideways scrolling)', { skip: browserSkip }, () => {
  let t: ServedApp;
  /** A server not yet set up (no users): its set-up page. */
  let fresh: ServedApp;
  let browser: Browser;
  let owner: UserRow;
  const postOf = new Map<string, PostRow>();
  const extrasOf = new Map<string, Extras>();
  let consent = '';

  before(async () => {
    buildClientScripts('editor');
    mkdirSync(SHOTS, { recursive: true });
    t = await serveTestApp(sqlite);
    fresh = await serveTestApp(sqlite);
    owner = await t.services.users.createUser({ email: 'olive@example.com', displayName: 'Olive Owner' });
    const www = await makeBlog(t.services, { name: 'www', title: 'Notes from the Tea Road' });
    const urdu = await makeBlog(t.services, { name: 'urdu', title: 'چائے کی کہانیاں', language: 'ur', timeZone: 'Asia/Karachi' });
    for (const blog of [www, urdu]) await t.services.users.addMember(blog.id, owner.id, 'owner');
    const en = await fillBlog(t, www, owner, {
      titles: ['Seven cups in Darjeeling', 'The slow train to Kandy', 'What the tea pickers sing', 'A draft about oolong'],
      comment: 'I took that train last spring. The tea at the third stop is still the best I have had.',
      reply: 'Which stop was it? I am going in March.',
    });
    const ur = await fillBlog(t, urdu, owner, {
      titles: ['دارجلنگ میں سات پیالیاں', 'کینڈی کی سست ریل', 'چائے چننے والوں کے گیت', 'اولونگ پر ایک مسودہ'],
      // An English line in an Urdu post: the editor must not flip its full stop to the start.
      body: '<p>پہاڑی ریل صبح سات بجے چلتی ہے۔ ہر اسٹیشن پر چائے والا کھڑکی تک پیالی لاتا ہے، اور ہر پیالی کا ذائقہ الگ ہوتا ہے۔</p><p>The hill train leaves at 7.</p>',
      comment: 'میں نے پچھلی بہار یہ سفر کیا تھا۔ تیسرے اسٹیشن کی چائے اب بھی سب سے اچھی ہے۔',
      reply: 'کون سا اسٹیشن؟ میں مارچ میں جا رہی ہوں۔',
    });
    postOf.set('www', en[0]!);
    postOf.set('urdu', ur[0]!);
    extrasOf.set('www', await fillExtras(t, www, owner, en[0]!, 'The third stop, in the hills, where the train waits.'));
    extrasOf.set('urdu', await fillExtras(t, urdu, owner, ur[0]!, 'تیسرا اسٹیشن، پہاڑوں میں، جہاں ریل رکتی ہے۔'));
    await t.services.api.tokens.create(owner.id, 'Desk Editor', [{ blog: www.id, level: 'read' }], 30);
    const app = await t.services.api.oauth.registerClient(owner.id, {
      name: 'Desk Editor',
      homepage: 'https://app.example.org',
      redirectUris: ['https://app.example.org/callback'],
      confidential: false,
    });
    const callback = encodeURIComponent('https://app.example.org/callback');
    consent = `/admin/oauth/authorize?client_id=${app.row.id}&redirect_uri=${callback}&response_type=code&scope=read&state=s&code_challenge=${'a'.repeat(43)}&code_challenge_method=S256`;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await fresh?.close();
    await t?.close();
  });

  const screens = (blog: string): [string, string][] => {
    const post = postOf.get(blog)!.id;
    const x = extrasOf.get(blog)!;
    const b = `/admin/blogs/${blog}`;
    return [
      ['blogs', '/admin'],
      ['overview', b],
      ['posts', `${b}/posts`],
      ['editor', `${b}/posts/${post}`],
      ['new-post', `${b}/posts/new`],
      ['revisions', `${b}/posts/${post}/revisions`],
      ['revision', `${b}/posts/${post}/revisions/${x.revision}`],
      ['pages', `${b}/pages`],
      ['comments', `${b}/comments`],
      ['inbox', `${b}/inbox`],
      ['message', `${b}/inbox/${x.message}`],
      ['media', `${b}/media`],
      ['stats', `${b}/stats`],
      ['post-stats', `${b}/stats/posts/${post}`],
      ['theme', `${b}/theme`],
      ['theme-texts', `${b}/theme/texts`],
      ['theme-file', `${b}/theme/files/post.liquid`],
      ['layout', `${b}/layout`],
      ['settings', `${b}/settings`],
      ['comment-settings', `${b}/settings/comments`],
      ['search-settings', `${b}/settings/search`],
      ['embeds', `${b}/settings/embeds`],
      ['redirects', `${b}/redirects`],
      ['webhooks', `${b}/webhooks`],
      ['webhook', `${b}/webhooks/${x.hook}`],
      ['subscribers', `${b}/subscribers`],
      ['mailings', `${b}/subscribers/mailings`],
      ['members', `${b}/members`],
      ['owner', `${b}/owner`],
      ['import', `${b}/import`],
      ['import-report', `${b}/import/${x.job}`],
      ['jobs', `${b}/jobs`],
      ['trash', `${b}/trash`],
      ['account', '/admin/account'],
      ['api-tokens', '/admin/account/tokens'],
      ['oauth-apps', '/admin/account/apps'],
      ['oauth-consent', consent],
      ['not-found', `${b}/posts/999999999`],
    ];
  };

  /** The screens a signed-out visitor sees, with the server that shows each. */
  const signedOutScreens = (blog: string): [string, string][] => [
    ['setup', fresh.originOf(blog) + '/admin/setup'],
    ['sign-in', t.originOf(blog) + '/admin/sign-in'],
    ['sign-up', t.originOf(blog) + '/admin/sign-up'],
    ['forgot', t.originOf(blog) + '/admin/forgot'],
    ['reset', t.originOf(blog) + '/admin/reset/a-link-long-used'],
    ['invite', t.originOf(blog) + `/admin/invite/${extrasOf.get(blog)!.invite}`],
  ];
  /** The screens walked again with the dashboard in Urdu words (right to left). */
  const URDU_SCREENS = ['editor', 'comments', 'stats', 'settings', 'comment-settings', 'account', 'redirects', 'import-report', 'media'];

  /** The screens that answer with a refusal of their own: sign-ups closed, a used reset link, no such post. */
  const STATUS: Record<string, number> = { 'sign-up': 403, reset: 410, 'not-found': 404 };

  async function check(page: Page, name: string, url: string): Promise<string[]> {
    const response = await page.goto(url, { waitUntil: 'load' });
    const expected = STATUS[name.replace(/ \(.*/, '')] ?? 200;
    const problems: string[] = [];
    if (response?.status() !== expected) problems.push(`${name}: status ${response?.status()}, not ${expected}`);
    if (name.startsWith('editor'))
      await page
        .locator('.rich-surface')
        .first()
        .waitFor({ timeout: 10_000 })
        .catch(() => {});
    const violations = await axeViolations(page);
    if (violations.length > 0) problems.push(`${name} (${url}):\n  ${describeViolations(violations)}`);
    // Against the viewport asked for: a phone (isMobile) widens its layout viewport to fit what is too wide.
    const overflow = (await page.evaluate(() => document.documentElement.scrollWidth)) - page.viewportSize()!.width;
    if (overflow > 0) problems.push(`${name} (${url}) scrolls sideways by ${overflow}px`);
    return problems;
  }

  /** Dashboard GET routes that are not screens of their own: data, files, previews, and the pages' twins of the posts' screens. */
  const NOT_SCREENS = /\.(json|csv)$|^\/admin\/static\/|\/preview$|^\/admin\/\*$|^\/admin\/blogs\/:blog\/pages\/|^\/uploads\//;

  test('the walk below visits every screen the dashboard has', () => {
    const walked = [...screens('www'), ...signedOutScreens('www')].map(([, url]) => new URL(url, 'http://x').pathname);
    const missing = t.app.routeTable
      .filter((r) => r.method === 'GET' && /^\/admin(\/|$)/.test(r.url) && !NOT_SCREENS.test(r.url))
      .map((r) => r.url)
      .filter((route) => {
        const pattern = new RegExp(`^${route.replace(/:\w+/g, '[^/]+')}$`);
        return !walked.some((url) => pattern.test(url));
      });
    assert.deepEqual([...new Set(missing)], []);
  });

  test('Theme colours: a picker and swatches beside each hex field, and the contrast shown live (with the CSP on)', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    try {
      const session = await t.services.sessions.start(owner);
      await context.addCookies([{ name: 'dastan_session', value: session.token, url: t.originOf('www') }]);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' && !/Cross-Origin-Opener-Policy/.test(m.text())) errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(t.originOf('www') + '/admin/blogs/www/theme');
      const colours = page.getByRole('group', { name: 'Colours' });
      const textRow = page.locator('[data-contrast="text"]');
      await colours
        .getByRole('group', { name: /^Suggested colours: \u2068Background\u2069$/ })
        .getByRole('button', { name: '#1b1f24' })
        .click();
      assert.equal(await page.getByLabel('Background', { exact: true }).inputValue(), '#1b1f24');
      assert.equal(await page.locator('#background-picker').inputValue(), '#1b1f24', 'the picker follows the swatch');
      assert.match(await textRow.innerText(), /Text on the background\s+1\.\d:1\s+too faint/);
      await page.getByLabel('Text', { exact: true }).fill('#e6edf3');
      assert.match(await textRow.innerText(), /1[0-9]\.\d:1\s+passes/);
      await page.locator('#accent-picker').evaluate((el: HTMLInputElement) => {
        el.value = '#8ab4f8';
        el.dispatchEvent(new Event('input', { bubbles: true }));
      });
      assert.equal(await page.getByLabel('Accent and links', { exact: true }).inputValue(), '#8ab4f8', 'the hex field follows the picker');
      assert.match(await page.locator('[data-contrast="accent"]').innerText(), /passes/);
      await page.locator('form:has([data-colours])').screenshot({ path: path.join(SHOTS, 'www-theme-colours-1280.png') });
      // axe runs on this screen in the walk below (it needs the CSP off to inject itself).
      await page.getByRole('button', { name: 'Save colours and fonts' }).click();
      await page.waitForURL(/done=settings/);
      assert.match((await t.services.repositories.blogs.findByName('www'))!.theme_settings, /#1b1f24/);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  for (const blog of ['www', 'urdu']) {
    for (const { label, options } of [
      { label: '1280', options: { viewport: { width: 1280, height: 860 } } },
      { label: '375', options: { viewport: { width: 375, height: 760 }, isMobile: true, hasTouch: true } },
    ]) {
      test(`${blog === 'www' ? 'English' : 'Urdu (right to left)'} blog at ${label} px`, async () => {
        const context = await browser.newContext({ ...options, bypassCSP: true });
        try {
          const session = await t.services.sessions.start(owner);
          await context.addCookies([{ name: 'dastan_session', value: session.token, url: t.originOf(blog) }]);
          const page = await context.newPage();
          const problems: string[] = [];
          for (const [name, url] of screens(blog)) {
            if (only && !only.includes(name)) continue;
            problems.push(...(await check(page, name, t.originOf(blog) + url)));
            await page.screenshot({ path: path.join(SHOTS, `${blog}-${name}-${label}.png`), fullPage: true });
          }
          // Signed out, in a browser that asks for the blog's language (Accept-Language).
          const visitor = await browser.newContext({ ...options, bypassCSP: true, locale: blog === 'urdu' ? 'ur-PK' : 'en-GB' });
          try {
            const signedOut = await visitor.newPage();
            for (const [name, url] of signedOutScreens(blog)) {
              if (only && !only.includes(name)) continue;
              problems.push(...(await check(signedOut, name, url)));
              await signedOut.screenshot({ path: path.join(SHOTS, `${blog}-${name}-${label}.png`), fullPage: true });
            }
          } finally {
            await visitor.close();
          }
          if (blog === 'urdu' && URDU_SCREENS.some((name) => !only || only.includes(name))) {
            // Writing, moderating, stats and settings with the dashboard's words in Urdu, as an owner who chose it sees them.
            await t.services.accounts.setLanguage(owner, 'ur', LANGUAGES);
            try {
              for (const [name, url] of screens(blog).filter(([name]) => URDU_SCREENS.includes(name))) {
                if (only && !only.includes(name)) continue;
                problems.push(...(await check(page, `${name} (in Urdu)`, t.originOf(blog) + url)));
                assert.equal(await page.getAttribute('html', 'dir'), 'rtl', `${name} in Urdu reads right to left`);
                if (name === 'editor')
                  assert.ok(await fullStopAtEnd(page, 'The hill train'), 'an English line keeps its full stop at its end');
                await page.screenshot({ path: path.join(SHOTS, `${blog}-${name}-ur-${label}.png`), fullPage: true });
              }
            } finally {
              await t.services.accounts.setLanguage(owner, 'en', LANGUAGES);
            }
          }
          if (blog === 'urdu' && (!only || only.includes('overview'))) {
            // The dashboard speaks the user's language: right to left once the owner picks Urdu.
            await page.goto(t.originOf(blog) + '/admin/blogs/urdu');
            assert.equal(await page.getAttribute('html', 'dir'), 'ltr');
            await t.services.accounts.setLanguage(owner, 'ur', LANGUAGES);
            try {
              await page.goto(t.originOf(blog) + '/admin/blogs/urdu');
              assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
              assert.equal(await page.getAttribute('html', 'lang'), 'ur');
            } finally {
              await t.services.accounts.setLanguage(owner, 'en', LANGUAGES);
            }
          }
          assert.equal(problems.length, 0, problems.join('\n'));
        } finally {
          await context.close();
        }
      });
    }
  }
});
