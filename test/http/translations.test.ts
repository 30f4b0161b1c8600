/**
 * Every page kind of every bundled theme (default, minimal, magazine) in every bundled language: home, post (comments open, replying,
 * for signed-in users only, closed), page, label, archive (year and month), search (with and without
 * results), 404. Each page must print no theme word that is not its language's (an English word left
 * in a template or a message fails), and no letter that the bidirectional algorithm would reorder out
 * of place (see test/helpers/bidi.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import { testDatabases } from '../helpers/databases.js';
import { BROWSER_UA, hostOf, startTestApp, type TestApp } from '../helpers/app.js';
import { makeBlog, makePost } from '../helpers/factories.js';
import { bidiFindings } from '../helpers/bidi.js';
import { isRightToLeft } from '../../src/domain/text/direction.js';
import { catalogue, LANGUAGES } from '../../src/render/i18n/translate.js';
import { formatDate, formatMonth, formatTime } from '../../src/render/dates.js';
import type { BlogRow } from '../../src/storage/schema.js';
import { DEFAULT_COMMENT_SETTINGS } from '../../src/domain/comments/comment-settings.js';

const USER_CLASSES = new Set(['post-body', 'entry-body', 'comment-body', 'excerpt', 'snippet']);
/** The writer's own text: its direction is the post's; what is inside is not the theme's. */
const userContent = (el: Element) =>
  (el.attribs.class ?? '').split(/\s+/).some((c) => USER_CLASSES.has(c)) || (el.name === 'p' && el.attribs.dir === 'auto');

/** Words the test data puts on pages (names, titles, labels, comments); everything else is the theme's. */
const DATA = {
  title: 'Kahani Daily',
  latinTitle: 'River notes',
  urduTitle: 'دریا کی کہانی',
  pageTitle: 'About',
  latinAuthor: 'John Smith',
  urduAuthor: 'علی رضا',
  labels: ['rivers', 'دریا'],
  email: 'reader@example.org',
};
const DATA_WORDS = new Set(
  // The share links name the networks by their own names, which no language translates.
  [
    ...Object.values(DATA).flat(),
    'Body',
    'Kahani',
    'Atom',
    'Dastan',
    'b',
    'i',
    'a',
    'blockquote',
    'code',
    'Facebook X WhatsApp Telegram LinkedIn Reddit Mastodon',
    // The examples the reader pages' error messages give (an address, a server), the same in every language.
    'you@example.com mastodon.social',
  ]
    .join(' ')
    .match(/\p{L}+/gu),
);

/** The words a language's pages may print: its catalogue's, and what Intl writes for its dates and months. */
function allowedWords(language: string): Set<string> {
  const words = new Set<string>(
    Object.values(catalogue(language))
      .join(' ')
      .match(/\p{L}+/gu),
  );
  for (const w of new Intl.ListFormat(language, { type: 'conjunction' }).format(['1', '2', '3']).match(/\p{L}+/gu) ?? []) words.add(w);
  // The times of day a page names ("until 8:00 AM"), with the words the language writes for parts of the day.
  for (let hour = 0; hour < 24; hour++)
    for (const w of formatTime(Date.UTC(2026, 0, 5, hour), language, 'UTC').match(/\p{L}+/gu) ?? []) words.add(w);
  for (let m = 1; m <= 12; m++) {
    for (const w of formatMonth(2026, m, language).match(/\p{L}+/gu) ?? []) words.add(w);
    for (const w of formatDate(Date.UTC(2026, m - 1, 5, 8), language, 'UTC').match(/\p{L}+/gu) ?? []) words.add(w);
  }
  return words;
}

/** The theme's words on the page: its text and its labels for screen readers, less the test data and the writers' own text. */
function themeWords(html: string): string[] {
  const doc = parseDocument(html, { decodeEntities: true });
  const words: string[] = [];
  const visit = (nodes: readonly unknown[]) => {
    for (const node of nodes as { type: string; data?: string; name?: string; attribs?: Record<string, string>; children?: unknown[] }[]) {
      if (node.type === 'text') words.push(...(node.data!.match(/\p{L}+/gu) ?? []));
      if (node.type !== 'tag') continue;
      const el = node as unknown as Element;
      // Feed links name their formats (Atom, RSS, JSON Feed) for feed readers, not for reading.
      if (userContent(el) || ['time', 'script', 'style', 'link'].includes(el.name)) continue;
      for (const attr of ['aria-label', 'title', 'placeholder']) words.push(...(el.attribs[attr]?.match(/\p{L}+/gu) ?? []));
      visit(el.children);
    }
  };
  visit(doc.children);
  return words.filter((w) => !DATA_WORDS.has(w));
}

const database = testDatabases[0]!;
const THEMES = ['default', 'minimal', 'magazine'];

describe(`every page in every language, in every bundled theme (${database.name})`, () => {
  let t: TestApp;
  const pages: { language: string; theme: string; kind: string; blog: string; path: string }[] = [];
  const blogs = new Map<string, BlogRow>();
  const postIds = new Map<string, string>();
  let writer: { id: string; cookie: string };
  let ownerId: string;

  before(async () => {
    t = await startTestApp(database);
    const user = await t.services.users.createUser({ email: 'writer@example.org', displayName: DATA.latinAuthor });
    ownerId = (await t.services.users.createUser({ email: 'owner@example.org', displayName: DATA.urduAuthor })).id;
    writer = { id: user.id, cookie: `dastan_session=${(await t.services.sessions.start(user)).token}` };
    for (const language of LANGUAGES) {
      for (const theme of THEMES) {
        const name = `${language}-${theme}`;
        const blog = await makeBlog(t.services, { name, title: DATA.title, language });
        blogs.set(name, blog);
        if (theme !== 'default') await t.services.themes.chooseTheme(blog, theme);
        const at = Date.UTC(2026, 10, 5, 8);
        const latin = await makePost(t.services, blog, {
          title: DATA.latinTitle,
          labels: DATA.labels,
          publishedAt: at,
          body: '<p>Body</p>',
        });
        const urdu = await makePost(t.services, blog, {
          title: DATA.urduTitle,
          labels: [DATA.labels[1]!],
          publishedAt: at - 86_400_000,
          body: '<p>Body</p>',
        });
        const closed = await makePost(t.services, blog, {
          title: DATA.latinTitle,
          commentsSetting: 'closed-show',
          publishedAt: at - 2 * 86_400_000,
          body: '<p>Body</p>',
        });
        await makePost(t.services, blog, { title: DATA.pageTitle, kind: 'page', slug: 'about', body: '<p>Body</p>' });
        postIds.set(name, latin.id);
        const first = await t.services.comments.addComment({
          blogId: blog.id,
          postId: latin.id,
          authorName: DATA.latinAuthor,
          body: 'Body',
        });
        await t.services.comments.addComment({
          blogId: blog.id,
          postId: latin.id,
          parentId: first.id,
          authorName: DATA.urduAuthor,
          body: 'Body',
        });
        const post = (p: { published_at: number | null; slug: string }) => {
          const d = new Date(p.published_at ?? 0);
          return `/${d.getUTCFullYear()}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${p.slug}.html`;
        };
        const add = (kind: string, path: string) => pages.push({ language, theme, kind, blog: name, path });
        add('home', '/');
        add('post with comments', post(latin));
        add('post, replying', `${post(latin)}?reply=${first.id}`);
        add('post without comments', post(urdu));
        add('post, comments closed', post(closed));
        add('page', '/p/about.html');
        add('label', `/search/label/${encodeURIComponent(DATA.labels[0]!)}`);
        add('label, two', `/search/label/${encodeURIComponent(DATA.labels[0]!)}+${encodeURIComponent(DATA.labels[1]!)}`);
        add('archive, year', '/2026/');
        add('archive, month', '/2026/11/');
        add('search', `/search?q=${encodeURIComponent('Body')}`);
        add('search, nothing found', `/search?q=${encodeURIComponent('Kahani')}`);
        add('404', '/no/such/page');
        if (theme === 'default') {
          // The same post once comments are for signed-in users only: the sign-in note instead of the name fields.
          const members = await makeBlog(t.services, { name: `${language}-members`, title: DATA.title, language });
          await t.services.commentSettings.save(members.id, { ...DEFAULT_COMMENT_SETTINGS, access: 'users' });
          const p = await makePost(t.services, members, { title: DATA.latinTitle, publishedAt: at, body: '<p>Body</p>' });
          pages.push({ language, theme, kind: 'post, sign in to comment', blog: `${language}-members`, path: post(p) });
        }
      }
    }
  });
  after(() => t.close());

  /** What is wrong with one answer: a status other than those expected, a foreign word, misplaced text. */
  const findings = (where: string, language: string, res: { statusCode: number; body: string }, statuses = [200, 404]): string[] => {
    if (!statuses.includes(res.statusCode)) return [`${where}: status ${res.statusCode}`];
    const problems: string[] = [];
    if (language !== 'en') {
      const words = allowed.get(language) ?? allowed.set(language, allowedWords(language)).get(language)!;
      const foreign = [...new Set(themeWords(res.body).filter((w) => !words.has(w)))];
      if (foreign.length > 0) problems.push(`${where}: not from the ${language} catalogue: ${foreign.join(' ')}`);
    }
    for (const finding of bidiFindings(res.body, { userContent })) problems.push(`${where}: ${finding}`);
    return problems;
  };
  const allowed = new Map<string, Set<string>>();

  test('no untranslated theme word and no text the bidi algorithm would put out of place', async () => {
    const problems: string[] = [];
    for (const page of pages) {
      const res = await t.get(page.blog, page.path);
      problems.push(...findings(`${page.language} ${page.theme} ${page.kind} (${page.path})`, page.language, res));
    }
    assert.equal(pages.length, LANGUAGES.length * 40);
    assert.deepEqual(problems, []);
  });

  // The reader pages drawn outside the theme's templates: follow by e-mail (the form, its refusals, "check
  // your inbox", the confirm and unsubscribe pages of real signed links), the contact form and its
  // notices, the fediverse share page, a comment's "check and post" and the stop link of reply mail. Each
  // in every language and theme, with the same checks.
  test('the follow-by-e-mail, contact and share pages speak the blog’s language too', async () => {
    const problems: string[] = [];
    let address = 0;
    for (const language of LANGUAGES) {
      for (const theme of THEMES) {
        const name = `${language}-${theme}`;
        const host = hostOf(name);
        const remoteAddress = `10.14.${Math.floor(++address / 250)}.${address % 250}`;
        const post = (url: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
          t.app.inject({
            method: 'POST',
            url,
            remoteAddress,
            headers: { host, 'user-agent': BROWSER_UA, 'content-type': 'application/x-www-form-urlencoded', ...headers },
            payload: new URLSearchParams(fields).toString(),
          });
        const check = (kind: string, res: { statusCode: number; body: string }, statuses: number[]) =>
          problems.push(...findings(`${language} ${theme} ${kind}`, language, res, statuses));
        const stampOf = (body: string) => /name="_ts" value="([^"]+)"/.exec(body)?.[1] ?? '';

        const form = await t.get(name, '/subscribe');
        check('subscribe form', form, [200]);
        const stamp = stampOf(form.body);
        check('subscribe, too quick', await post('/subscribe', { email: DATA.email, _ts: stamp }), [400]);
        t.clock.advance(5000);
        check('subscribe, a bad address', await post('/subscribe', { email: 'not an address', _ts: stamp }), [400]);
        check('subscribe, check your inbox', await post('/subscribe', { email: DATA.email, _ts: stamp, frequency: 'weekly' }), [200]);
        const blog = blogs.get(name)!;
        const job = await t.storage.db
          .selectFrom('jobs')
          .select('payload')
          .where('blog_id', '=', blog.id)
          .where('kind', '=', 'mail.subscription-confirm')
          .executeTakeFirstOrThrow();
        const { token, subscriberId } = JSON.parse(job.payload) as { token: string; subscriberId: string };
        check('confirm link', await t.get(name, `/subscribe/confirm?t=${encodeURIComponent(token)}`), [200]);
        check('confirmed', await post('/subscribe/confirm', { t: token }), [200]);
        check('confirm link used again', await t.get(name, `/subscribe/confirm?t=${encodeURIComponent(token)}`), [200]);
        const unsubscribe = `/unsubscribe?t=${encodeURIComponent(t.services.subscriptions.unsubscribeToken(subscriberId))}`;
        check('unsubscribe link', await t.get(name, unsubscribe), [200]);
        check('unsubscribed', await post(unsubscribe, {}), [200]);

        // A comment sent from a cached page without JavaScript (no form token): "check and post".
        const comment = { postId: postIds.get(name)!, name: DATA.latinAuthor, body: 'Body' };
        check('comment, check and post', await post('/comments', comment), [200]);
        check('reply mail, stop link', await t.get(name, '/comments/unsubscribe?token=x'), [200]);

        // A signed-in writer's own comment: the edit page, a change refused (empty), the delete page.
        const own = await t.services.comments.addComment({
          blogId: blog.id,
          postId: postIds.get(name)!,
          authorName: DATA.latinAuthor,
          authorUserId: writer.id,
          body: 'Body',
        });
        const session = { cookie: writer.cookie };
        const edit = await t.get(name, `/comments/${own.id}/edit`, session);
        check('own comment, edit page', edit, [200]);
        const csrf = /name="_csrf" value="([^"]+)"/.exec(edit.body)?.[1] ?? '';
        check('own comment, an empty change', await post(`/comments/${own.id}/edit`, { body: ' ', _csrf: csrf }, session), [400]);
        check('own comment, delete page', await t.get(name, `/comments/${own.id}/delete`, session), [200]);

        // A change the owners must see first, and the page behind the one-click link in their mail.
        await t.services.users.addMember(blog.id, ownerId, 'owner');
        await t.services.commentSettings.save(blog.id, { ...DEFAULT_COMMENT_SETTINGS, moderation: 'always' });
        check('own comment, a change held', await post(`/comments/${own.id}/edit`, { body: 'Body Body', _csrf: csrf }, session), [202]);
        await t.services.commentSettings.save(blog.id, DEFAULT_COMMENT_SETTINGS);
        const held = t.mail.sent.filter((m) => m.to === 'owner@example.org').at(-1)!;
        const approve = new URL(/\/comments\/moderate\?token=\S+/.exec(held.text)![0], 'http://x');
        check('moderation link', await t.get(name, approve.pathname + approve.search), [200]);
        check('moderation link, approved', await post('/comments/moderate', { token: approve.searchParams.get('token')! }), [200]);

        const contact = await t.get(name, '/contact');
        check('contact form', contact, [200]);
        const fields = { name: DATA.latinAuthor, email: DATA.email, message: 'Body', _ts: stampOf(contact.body) };
        check('contact, too quick', await post('/contact', fields), [400]);
        t.clock.advance(5000);
        check('contact, no name', await post('/contact', { ...fields, name: ' ' }), [400]);
        check('contact, sent', await post('/contact', fields), [200, 202]);
        check('contact, sent again at once', await post('/contact', fields), [429]);
        // The next blog's reader is not held back by this one's message (the same address).
        t.clock.advance(3_600_000);

        const shared = new URLSearchParams({
          url: `${t.services.blogs.homeUrl(blog, { protocol: 'http', port: '' })}/2026/11/river.html`,
          title: DATA.latinTitle,
        });
        check('share page', await t.get(name, `/share?${shared}`), [200]);
        check('share page, a bad server', await t.get(name, `/share?${shared}&instance=${encodeURIComponent('not a server')}`), [400]);
        check('share page, a server', await t.get(name, `/share?${shared}&instance=mastodon.social`), [200]);
        const elsewhere = new URLSearchParams({ url: 'https://elsewhere.example.net/a.html', title: DATA.latinTitle });
        check('share page, another site’s address', await t.get(name, `/share?${elsewhere}`), [400, 403, 404]);
        check('unsubscribe, a bad link', await t.get(name, '/unsubscribe?t=x'), [400, 404]);
        check('confirm, a bad link', await post('/subscribe/confirm', { t: 'x' }), [400, 404]);
        // The contact page's script asks for JSON and shows its message.
        const json = await post('/contact', { ...fields, name: ' ' }, { accept: 'application/json' });
        const said = (JSON.parse(json.body) as { message?: string }).message ?? '';
        check(
          'contact, no name (JSON)',
          {
            statusCode: json.statusCode,
            body: `<html lang="${language}" dir="${isRightToLeft(language) ? 'rtl' : 'ltr'}"><p>${said}</p></html>`,
          },
          [400],
        );
      }
    }
    assert.deepEqual(problems, []);
  });

  test('the checks catch what they are for', () => {
    const page = (lang: string, dir: string, body: string) =>
      `<!DOCTYPE html><html lang="${lang}" dir="${dir}"><body>${body}</body></html>`;
    assert.equal(bidiFindings(page('ur', 'rtl', '<p>No views counted yet.</p>')).length, 1, 'English in an Urdu paragraph');
    assert.equal(
      bidiFindings(page('ur', 'rtl', '<a href="#">0 comments</a>')).length,
      1,
      'English words in an inline element do not isolate',
    );
    assert.deepEqual(bidiFindings(page('ur', 'rtl', '<p>از <bdi>John Smith</bdi>، 3 تبصرے</p>')), []);
    assert.deepEqual(bidiFindings(page('ur', 'rtl', '<p>از \u2068John Smith\u2069</p>')), []);
    assert.equal(bidiFindings(page('en', 'ltr', '<h2><a>دریا کی کہانی</a></h2>')).length, 1, 'an Urdu title in an English heading');
    assert.deepEqual(bidiFindings(page('en', 'ltr', '<h2 dir="rtl"><a>دریا کی کہانی</a></h2>')), []);
    assert.deepEqual(themeWords(page('ur', 'rtl', '<p>تبصرے <bdi>John</bdi> Smith</p>')), ['تبصرے'], 'test data words are not the theme’s');
    assert.deepEqual(themeWords(page('ur', 'rtl', '<p aria-label="Sidebar">تبصرے</p>')).includes('Sidebar'), true);
  });
});
