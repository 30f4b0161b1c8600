/**
 * The dashboard's audience and tools screens in their user's language (issue 14): stats (charts' dates,
 * tooltips, summaries and tables), the overview's chart, import and its report, failed jobs, subscribers
 * and mailings, API tokens, and why a comment was held. An Urdu user reads Urdu, a Russian user Russian;
 * the English words these screens used to keep ("Right now", "Top posts", "Upload and import", "Retry",
 * "Following", "Make token", "links (the limit is") must not come back.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { LANGUAGES } from '../../src/render/i18n/translate.js';
import type { BlogRow, UserRow } from '../../src/storage/schema.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { Client } from '../helpers/browser-client.js';
import { testDatabases } from '../helpers/databases.js';
import { makeBlog, makePost } from '../helpers/factories.js';
import { testdata } from '../helpers/imports.js';

const has = (text: string, re: RegExp, message?: string) => assert.ok(re.test(text), message ?? `expected ${re}`);
const hasNot = (text: string, re: RegExp, message?: string) => assert.ok(!re.test(text), message ?? `did not expect ${re}`);

// Words, not storage: one database is enough.
const sqlite = testDatabases.filter((d) => d.name === 'sqlite');

for (const database of sqlite) {
  describe(`the audience and tools screens in Urdu and Russian on ${database.name}`, () => {
    let t: TestApp;
    let blog: BlogRow;
    let urdu: Client;
    let russian: Client;
    before(async () => {
      t = await startTestApp(database);
      blog = await makeBlog(t.services, { name: 'diary', title: 'Diary' });
      const users: UserRow[] = [];
      for (const [email, language] of [
        ['ur@diary.example', 'ur'],
        ['ru@diary.example', 'ru'],
      ] as const) {
        const user = await t.services.users.createUser({ email, displayName: language });
        await t.services.users.addMember(blog.id, user.id, 'owner');
        await t.services.accounts.setLanguage(user, language, LANGUAGES);
        users.push((await t.services.repositories.users.findById(user.id))!);
      }
      urdu = await new Client(t.app).signInAs(t.services, users[0]!);
      russian = await new Client(t.app).signInAs(t.services, users[1]!);
      const post = await makePost(t.services, blog, { title: 'Pehli tehreer' });
      const today = new Date(t.clock.now()).toISOString().slice(0, 10);
      await t.services.repositories.views.addCounts([{ blogId: blog.id, postId: post.id, day: today, views: 42 }]);
      await t.services.comments.addComment({
        blogId: blog.id,
        postId: post.id,
        parentId: null,
        authorName: 'Rafi',
        authorEmail: '',
        notifyReplies: false,
        body: '<p>Salaam</p>',
        status: 'pending',
        reasons: '3 links (the limit is 2)\nThe post is older than 14 days.',
      });
    });
    after(() => t.close());

    test('stats: headings, tables, chart dates and tooltips, the summary', async () => {
      const page = (await urdu.get('/admin/blogs/diary/stats')).body;
      has(page, /<h1>اعداد و شمار<\/h1>/);
      for (const word of [
        'اس وقت',
        'وقت کے ساتھ مشاہدات',
        'پچھلے 24 گھنٹوں کے مشاہدات',
        'مقبول ترین تحریریں، <bdi>پچھلے 30 دن</bdi>',
        'آلات',
        'فون',
        'CSV کے طور پر ڈاؤن لوڈ کریں',
        'سب سے مصروف دن',
      ])
        has(page, new RegExp(word), `the stats page says ${word}`);
      has(page, /<title>\u2068[^<\u2069]*نومبر[^<\u2069]*\u2069: 42 مشاہدات<\/title>/, 'a bar’s tooltip names its day in Urdu');
      has(page, /<text class="x-label( minor)?( last)?" [^>]*>[^<]*نومبر<\/text>/, 'dates under the bars in Urdu');
      hasNot(page, /Right now|Views over time|Top posts|Top referrers|Download as CSV|views in all|>Phone<|>Device<|: 42 views|>Nov \d/);

      const ru = (await russian.get('/admin/blogs/diary/stats')).body;
      for (const word of ['Прямо сейчас', 'Популярные записи', 'Устройства', 'Скачать в CSV', '42 просмотра'])
        has(ru, new RegExp(word), `the Russian stats page says ${word}`);
      hasNot(ru, /Right now|Top posts|Download as CSV/);

      const overview = (await urdu.get('/admin/blogs/diary')).body;
      has(overview, /<title>\u2068[^<]+\u2069: 42 مشاہدات<\/title>/, 'the overview’s chart speaks Urdu too');
      hasNot(overview, /: 42 views|\(untitled\)/);
    });

    test('import: the form, and the report of a finished import', async () => {
      const form = (await urdu.get('/admin/blogs/diary/import')).body;
      for (const word of ['<h1>درآمد اور برآمد</h1>', 'اپ لوڈ کریں اور درآمد کریں', 'برآمد شدہ فائل', 'برآمد ڈاؤن لوڈ کریں'])
        has(form, new RegExp(word), `the import page says ${word}`);
      hasNot(form, /Upload and import|Export file|Download the export|Recent imports/);

      const file = {
        field: 'file',
        name: 'small.xml',
        bytes: readFileSync(testdata('wxr/wordpress-importer-small-export.xml')),
        type: 'text/xml',
      };
      const sent = await urdu.multipart('/admin/blogs/diary/import', {}, file);
      assert.equal(sent.statusCode, 303);
      await t.services.importJobs.settled();
      const report = (await urdu.get(String(sent.headers.location))).body;
      for (const word of [
        '<h1>درآمد کی رپورٹ</h1>',
        '<th scope="row">تحریریں</th>',
        'فائل میں',
        'ری ڈائریکٹس \\(\\d+\\)',
        '<strong id="job-status">مکمل</strong>',
      ])
        has(report, new RegExp(word), `the report says ${word}`);
      hasNot(report, /Import report|In the file|>Posts<|Redirects \(|finished|Back to import/);
    });

    test('failed jobs, subscribers, mailings and API tokens', async () => {
      const jobs = (await urdu.get('/admin/blogs/diary/jobs')).body;
      has(jobs, /<h1>ناکام پس منظر کے کام<\/h1>/);
      has(jobs, /پس منظر کا کوئی کام ناکام نہیں ہوا۔/);
      hasNot(jobs, /No background job|Failed background jobs/);

      const subscribers = (await urdu.get('/admin/blogs/diary/subscribers')).body;
      for (const word of ['فالو کر رہے ہیں', 'تصدیق کے منتظر', 'نئے سبسکرائبرز، پچھلے 30 دن', 'پتہ شامل کریں', 'سبسکرائبرز تلاش کریں'])
        has(subscribers, new RegExp(word), `the subscribers page says ${word}`);
      hasNot(subscribers, /Following|Waiting to confirm|Add an address|Search subscribers|new subscribers<\/title>/);
      const refused = await urdu.post('/admin/blogs/diary/subscribers', { email: 'not an address', frequency: 'each' });
      assert.equal(refused.statusCode, 400);
      has(refused.body, /براہ کرم ای میل پتہ درج کریں/, 'the form error is Urdu');
      const ru = (await russian.get('/admin/blogs/diary/subscribers')).body;
      has(ru, /Подписаны/);
      has(ru, /Добавить адрес/);
      hasNot(ru, /Following|Add an address/);

      const mailings = (await urdu.get('/admin/blogs/diary/subscribers/mailings')).body;
      has(mailings, /<h1>میلنگز<\/h1>/);
      has(mailings, /ابھی کوئی تحریر میل نہیں ہوئی۔/);
      hasNot(mailings, /No post has been mailed|Back to the subscribers/);

      const tokens = (await urdu.get('/admin/account/tokens')).body;
      for (const word of ['<h1>ایپس اور API ٹوکن</h1>', 'ٹوکن بنائیں', 'کوئی رسائی نہیں', 'ایک سال میں'])
        has(tokens, new RegExp(word), `the tokens page says ${word}`);
      hasNot(tokens, /Make token|No access|In a year|Your tokens/);
      const noBlog = await urdu.post('/admin/account/tokens', { name: 'Editor', expires: 'never' });
      assert.equal(noBlog.statusCode, 400);
      has(noBlog.body, /ٹوکن کو کم از کم ایک بلاگ تک رسائی دیں۔/);
      const ruTokens = (await russian.get('/admin/account/tokens')).body;
      has(ruTokens, /Создать токен/);
      hasNot(ruTokens, /Make token/);
    });

    test('why a comment was held, in the queue', async () => {
      const queue = (await urdu.get('/admin/blogs/diary/comments')).body;
      has(queue, /3 لنکس \(حد 2 ہے\)/);
      has(queue, /تحریر 14 دن سے پرانی ہے۔/);
      hasNot(queue, /links \(the limit is|older than 14 days/);
      const ru = (await russian.get('/admin/blogs/diary/comments')).body;
      has(ru, /3 ссылки \(предел — 2\)/);
    });
  });
}
