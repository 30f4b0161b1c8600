/**
 * Every page kind of both bundled themes in every bundled language: home, post (comments open, replying,
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
import { startTestApp, type TestApp } from '../helpers/app.js';
import { makeBlog, makePost } from '../helpers/factories.js';
import { bidiFindings } from '../helpers/bidi.js';
import { catalogue, LANGUAGES } from '../../src/render/i18n/translate.js';
import { formatDate, formatMonth } from '../../src/render/dates.js';
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

describe(`every page in every language, in both themes (${database.name})`, () => {
  let t: TestApp;
  const pages: { language: string; theme: string; kind: string; blog: string; path: string }[] = [];

  before(async () => {
    t = await startTestApp(database);
    for (const language of LANGUAGES) {
      for (const theme of ['default', 'minimal']) {
        const name = `${language}-${theme}`;
        const blog = await makeBlog(t.services, { name, title: DATA.title, language });
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

  test('no untranslated theme word and no text the bidi algorithm would put out of place', async () => {
    const problems: string[] = [];
    const allowed = new Map(LANGUAGES.map((l) => [l, allowedWords(l)]));
    for (const page of pages) {
      const res = await t.get(page.blog, page.path);
      const where = `${page.language} ${page.theme} ${page.kind} (${page.path})`;
      if (![200, 404].includes(res.statusCode)) {
        problems.push(`${where}: status ${res.statusCode}`);
        continue;
      }
      if (page.language !== 'en') {
        const foreign = [...new Set(themeWords(res.body).filter((w) => !allowed.get(page.language as 'en')!.has(w)))];
        if (foreign.length > 0) problems.push(`${where}: not from the ${page.language} catalogue: ${foreign.join(' ')}`);
      }
      for (const finding of bidiFindings(res.body, { userContent })) problems.push(`${where}: ${finding}`);
    }
    assert.equal(pages.length, LANGUAGES.length * 27);
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
