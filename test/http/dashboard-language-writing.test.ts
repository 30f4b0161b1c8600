/**
 * The writing screens in their user's language (issues 13 and 14), beside dashboard-language.test.ts:
 * the editor (its buttons, settings, notices, a refused save and the words it hands its script), the
 * preview banner, revisions, the trash and the embeds page, for an Urdu and a Russian user. English
 * words that used to stay there ("Save draft", "Post settings", "Back to the editor", "(untitled)")
 * must not come back, and dates are written in the user's language.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testDatabases } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { Client } from '../helpers/browser-client.js';
import { makeBlog, makePost } from '../helpers/factories.js';
import { LANGUAGES } from '../../src/render/i18n/translate.js';
import { EDITOR_SCRIPT_KEYS } from '../../src/render/dashboard/editor-messages.js';
import { catalogue } from '../../src/render/i18n/translate.js';

const has = (text: string, re: RegExp, message?: string) => assert.ok(re.test(text), message ?? `expected ${re}`);
const hasNot = (text: string, re: RegExp, message?: string) => assert.ok(!re.test(text), message ?? `did not expect ${re}`);
const ENGLISH_MONTHS = /January|February|March|April|May|June|July|August|September|October|November|December/;

/** The editor script's words as the page hands them over (`data-messages`, HTML-unescaped and parsed). */
function scriptMessages(html: string): { locale: string; text: Record<string, string>; formats: Record<string, string> } {
  const attribute = /data-messages="([^"]*)"/.exec(html)?.[1] ?? '';
  const json = attribute
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
  return JSON.parse(json) as { locale: string; text: Record<string, string>; formats: Record<string, string> };
}

// Words, not storage: one database is enough.
const sqlite = testDatabases.filter((d) => d.name === 'sqlite');

for (const database of sqlite) {
  describe(`the writing screens in the user's language on ${database.name}`, () => {
    let t: TestApp;
    before(async () => (t = await startTestApp(database)));
    after(() => t.close());

    /** A blog with an owner who reads the dashboard in `language`, signed in. */
    const ownerIn = async (name: string, language: string) => {
      const blog = await makeBlog(t.services, { name, title: `${name} diary` });
      const owner = await t.services.users.createUser({ email: `owner@${name}.example`, displayName: 'Olive' });
      await t.services.users.addMember(blog.id, owner.id, 'owner');
      await t.services.accounts.setLanguage(owner, language, LANGUAGES);
      const c = await new Client(t.app).signInAs(t.services, (await t.services.repositories.users.findById(owner.id))!);
      return { blog, c };
    };

    test('an Urdu user writes, saves, previews and is refused in Urdu; the script gets Urdu words', async () => {
      const { blog, c } = await ownerIn('likhna', 'ur');
      const fresh = await c.get('/admin/blogs/likhna/posts/new');
      assert.equal(fresh.statusCode, 200);
      has(fresh.body, /<html lang="ur" dir="rtl">/);
      has(fresh.body, /<h1>نئی تحریر<\/h1>/);
      for (const word of [
        'مسودہ محفوظ کریں',
        'شیڈول کریں',
        '>شائع کریں<',
        'تحریر کی ترتیبات',
        'مستقل ربط',
        'قارئین کے تبصرے',
        'بند، پرانے دکھائیں',
        'پیش منظر',
      ])
        has(fresh.body, new RegExp(word), `the editor says ${word}`);
      hasNot(fresh.body, />(Save draft|Schedule|Publish|Preview|Labels|Permalink|Author|Allow)</);
      hasNot(fresh.body, /Post settings|Reader comments|Search description|Publish date|Closed, show existing|separated by commas/);

      const script = scriptMessages(fresh.body);
      assert.equal(script.locale, 'ur');
      assert.equal(script.text.bold, 'جلی');
      assert.equal(script.text.editHeading, 'تحریر میں ترمیم');
      has(script.formats.words!, /الفاظ/);
      for (const key of EDITOR_SCRIPT_KEYS) assert.ok(Object.hasOwn(catalogue('ur'), key), `${key} is in the Urdu catalogue`);
      hasNot(JSON.stringify(script), /"Bold"|Insert an image|Autosave failed|words ·/);

      const refused = await c.post('/admin/blogs/likhna/posts', {
        title: 'Kal',
        body: '<p>x</p>',
        publishedAt: 'kal subah',
        action: 'draft',
      });
      assert.equal(refused.statusCode, 400);
      has(refused.body, /تاریخِ اشاعت دیکھیں/);
      hasNot(refused.body, /is not a date/);

      const post = await makePost(t.services, blog, { title: 'Pehli tehreer' });
      const published = await c.get(`/admin/blogs/likhna/posts/${post.id}?done=publish`);
      has(published.body, /شائع ہو گئی — <a href="[^"]+">تحریر دیکھیں<\/a>/);
      for (const word of ['>تازہ کریں<', '>اشاعت واپس لیں<', '>نظرثانیاں<', 'ردی کی ٹوکری میں ڈالیں'])
        has(published.body, new RegExp(word), `the live post's editor says ${word}`);
      hasNot(published.body, />(Update|Unpublish|Revisions|View post|Move to trash)</);
      hasNot(published.body, /Published —/);

      const preview = await c.post(`/admin/blogs/likhna/posts/${post.id}/preview`, { title: 'Pehli tehreer', body: '<p>x</p>' });
      assert.equal(preview.statusCode, 200);
      has(preview.body, /<div class="dastan-preview-banner" role="region" lang="ur" dir="rtl" aria-label="پیش منظر">/);
      has(preview.body, /ایڈیٹر پر واپس جائیں/);
      hasNot(preview.body, /Back to the editor|this is how it will look/);
    });

    test('revisions, the trash and embeds speak Urdu, dates too', async () => {
      const { blog, c } = await ownerIn('yaadein', 'ur');
      const post = await makePost(t.services, blog, { title: '', body: '<p>Pehla</p>' });
      const none = await c.get(`/admin/blogs/yaadein/posts/${post.id}/revisions`);
      assert.equal(none.statusCode, 200);
      has(none.body, /«\u2068\(بلا عنوان\)\u2069» کی نظرثانیاں/);
      has(none.body, /ابھی کوئی نظرثانی نہیں۔/);
      hasNot(none.body, /untitled|Revisions of|No revisions yet|Back to the editor/);

      await c.get(`/admin/blogs/yaadein/posts/${post.id}`);
      const saved = await c.post(`/admin/blogs/yaadein/posts/${post.id}`, { title: 'Naya unwan', body: '<p>Doosra</p>', action: 'update' });
      assert.equal(saved.statusCode, 303);
      const list = await c.get(`/admin/blogs/yaadein/posts/${post.id}/revisions`);
      has(list.body, /ایڈیٹر پر واپس جائیں/);
      hasNot(list.body, ENGLISH_MONTHS, 'revision dates are in Urdu');
      const revision = /href="([^"]+\/revisions\/\d+)"/.exec(list.body)?.[1];
      assert.ok(revision, 'a revision is listed');
      const compared = await c.get(revision);
      assert.equal(compared.statusCode, 200);
      for (const word of ['تمام نظرثانیاں', 'موجودہ نسخے', 'یہ نظرثانی بحال کریں'])
        has(compared.body, new RegExp(word), `the revision says ${word}`);
      hasNot(compared.body, /All revisions|Restore this revision|against the current version|>Title:/);
      hasNot(compared.body, ENGLISH_MONTHS);

      await c.get(`/admin/blogs/yaadein/posts/${post.id}`);
      await c.post(`/admin/blogs/yaadein/posts/${post.id}/trash`);
      const trash = await c.get('/admin/blogs/yaadein/trash?done=restore');
      assert.equal(trash.statusCode, 200);
      for (const word of [
        '<title>ردی کی ٹوکری',
        'منتخب کردہ بحال کریں',
        'منتخب کردہ ہمیشہ کے لیے حذف کریں',
        'ردی کی ٹوکری خالی کریں',
        'بحال ہو گئیں۔',
        '<bdi>Naya unwan</bdi>',
      ])
        has(trash.body, new RegExp(word), `the trash says ${word}`);
      hasNot(trash.body, />(Title|Author|Date|Select)</);
      hasNot(trash.body, /Restore the selected|for good|Empty the trash|Restored\./);
      hasNot(trash.body, ENGLISH_MONTHS, 'the trash dates are in Urdu');

      const embeds = await c.get('/admin/blogs/yaadein/settings/embeds');
      assert.equal(embeds.statusCode, 200);
      for (const word of ['<h1>ایمبیڈز</h1>', 'پہلے سے شامل', 'آپ کے اپنے', 'فراہم کنندگان محفوظ کریں', '<bdi>&lt;iframe&gt;</bdi>'])
        has(embeds.body, new RegExp(word), `the embeds page says ${word}`);
      hasNot(embeds.body, /Built in|Your own|Save providers|Posts may embed|Settings<\/a>/);
      const bad = await c.post('/admin/blogs/yaadein/settings/embeds', { providers: 'javascript:alert(1)' });
      assert.equal(bad.statusCode, 400);
      has(bad.body, /فراہم کنندہ کی ایک سطر پڑھی نہیں جا سکی/);
      hasNot(bad.body, /Line 1/);
    });

    test('a Russian user gets the same screens in Russian', async () => {
      const { blog, c } = await ownerIn('zapiski', 'ru');
      const fresh = await c.get('/admin/blogs/zapiski/pages/new');
      has(fresh.body, /<html lang="ru" dir="ltr">/);
      for (const word of ['<h1>Новая страница</h1>', 'Сохранить черновик', 'Настройки страницы', 'Постоянная ссылка'])
        has(fresh.body, new RegExp(word), `the editor says ${word}`);
      hasNot(fresh.body, /Save draft|Page settings|Permalink/);
      const script = scriptMessages(fresh.body);
      assert.equal(script.text.editHeading, 'Правка страницы');
      assert.equal(script.formats.words, catalogue('ru')['admin.editor.rich.words']);

      const post = await makePost(t.services, blog, { title: 'Zametka' });
      await c.get(`/admin/blogs/zapiski/posts/${post.id}`);
      await c.post(`/admin/blogs/zapiski/posts/${post.id}/trash`);
      const trash = await c.get('/admin/blogs/zapiski/trash');
      for (const word of ['Восстановить выбранное', 'Очистить корзину']) has(trash.body, new RegExp(word), `the trash says ${word}`);
      hasNot(trash.body, /Restore the selected|Empty the trash/);
      hasNot(trash.body, ENGLISH_MONTHS);
      const revisions = await c.get(`/admin/blogs/zapiski/posts/${post.id}/revisions`);
      has(revisions.body, /Версии «<bdi>Zametka<\/bdi>»|Версии «\u2068Zametka\u2069»/);
      has(revisions.body, /Вернуться в редактор/);
      const embeds = await c.get('/admin/blogs/zapiski/settings/embeds?done=saved');
      has(embeds.body, /Сохранено\. Записи, сохранённые с этого момента/);
      hasNot(embeds.body, /Saved\. Posts saved/);
    });
  });
}
