/**
 * The dashboard in its user's language (issue 14): an Urdu user's frame, overview, theme page and
 * refusal page are in Urdu and laid out right to left; an invitation and a private blog's refusal page
 * speak the blog's language to someone not signed in. English words that used to stay on these
 * screens ("Write", "Menu", "Error 403", "This blog is private") must not come back.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testDatabases } from '../helpers/databases.js';
import { hostOf, startTestApp, type TestApp } from '../helpers/app.js';
import { Client } from '../helpers/browser-client.js';
import { makeBlog, makePost } from '../helpers/factories.js';
import { LANGUAGES } from '../../src/render/i18n/translate.js';

const has = (text: string, re: RegExp, message?: string) => assert.ok(re.test(text), message ?? `expected ${re}`);
const hasNot = (text: string, re: RegExp, message?: string) => assert.ok(!re.test(text), message ?? `did not expect ${re}`);

// Words, not storage: one database is enough.
const sqlite = testDatabases.filter((d) => d.name === 'sqlite');

for (const database of sqlite) {
  describe(`the dashboard in Urdu on ${database.name}`, () => {
    let t: TestApp;
    before(async () => (t = await startTestApp(database)));
    after(() => t.close());

    test("an Urdu user's frame, overview, theme page and refusals are Urdu, right to left", async () => {
      const blog = await makeBlog(t.services, { name: 'urdu', title: 'Urdu diary' });
      const owner = await t.services.users.createUser({ email: 'owner@urdu.example', displayName: 'Olive' });
      const author = await t.services.users.createUser({ email: 'author@urdu.example', displayName: 'Author' });
      await t.services.users.addMember(blog.id, owner.id, 'owner');
      await t.services.users.addMember(blog.id, author.id, 'author');
      for (const user of [owner, author]) await t.services.accounts.setLanguage(user, 'ur', LANGUAGES);
      const c = await new Client(t.app).signInAs(t.services, (await t.services.repositories.users.findById(owner.id))!);

      const overview = await c.get('/admin/blogs/urdu');
      assert.equal(overview.statusCode, 200);
      has(overview.body, /<html lang="ur" dir="rtl">/);
      for (const word of [
        'مینو',
        'لکھیں',
        'بلاگ دیکھیں',
        'جائزہ',
        'آپ کے تمام بلاگ',
        'مالک',
        'ابھی کچھ نہیں لکھا گیا۔',
        'اپنی پہلی تحریر لکھیں',
      ])
        has(overview.body, new RegExp(word), `the overview says ${word}`);
      for (const english of [
        />Menu</,
        />Write</,
        /View blog/,
        />Overview</,
        /Close menu/,
        /switch blog/,
        /All your blogs/,
        />Owner</,
        /Nothing written yet/,
      ])
        hasNot(overview.body, english);

      const theme = await c.get('/admin/blogs/urdu/theme');
      assert.equal(theme.statusCode, 200);
      has(theme.body, /<h1>تھیم<\/h1>/);
      has(theme.body, /<legend>تھیم منتخب کریں<\/legend>/, 'the theme choice has its own legend, not the heading again');
      assert.equal(theme.body.match(/>تھیم</g)?.length, 2, 'the heading and the menu entry, not a third time');

      await makePost(t.services, blog, { title: 'Pehli tehreer', draft: true });
      const live = await makePost(t.services, blog, { title: 'Doosri tehreer' });
      const comment = { blogId: blog.id, postId: live.id, parentId: null, authorEmail: '', notifyReplies: false };
      await t.services.comments.addComment({ ...comment, authorName: 'Rafi', body: '<p>Salaam</p>', status: 'pending' });
      const posts = await c.get('/admin/blogs/urdu/posts');
      assert.equal(posts.statusCode, 200);
      has(posts.body, /<h1>تحریریں<\/h1>/);
      for (const word of [
        'نئی تحریر',
        'حیثیت',
        'مصنف',
        'عنوان',
        'مشاہدات',
        'مسودہ',
        'منتخب کردہ کے ساتھ:',
        'ردی کی ٹوکری میں ڈالیں',
        '2 تحریریں',
        '1 منتظر',
      ])
        has(posts.body, new RegExp(word), `the posts list says ${word}`);
      hasNot(posts.body, />(New post|Status|Title|Views|Draft|Apply|Anyone|Show)</);
      hasNot(posts.body, />Author<\/(label|th)>/, 'the member named Author is listed, the heading is not English');
      hasNot(posts.body, /With the selected|Move to trash|Revert to draft|Filter posts/);

      const queue = await c.get('/admin/blogs/urdu/comments');
      assert.equal(queue.statusCode, 200);
      has(queue.body, /<h1>تبصرے<\/h1>/);
      for (const word of ['منتظر \\(1\\)', 'سپیم \\(0\\)', 'منظور کریں', 'حذف کریں', 'وجہ', 'اقدامات', '<bdi>Rafi</bdi> کا تبصرہ'])
        has(queue.body, new RegExp(word), `the queue says ${word}`);
      hasNot(queue.body, />(Approve|Spam|Delete|Comment|Why|Actions|Apply)</);
      hasNot(queue.body, /Pending \(|the comment by|With the selected|Comment status/);

      const members = await c.get('/admin/blogs/urdu/members');
      assert.equal(members.statusCode, 200);
      for (const word of ['<h1>اراکین</h1>', 'کردار', '>مالک<', '\\(آپ\\)', 'کسی کو دعوت دیں', 'ای میل پتہ'])
        has(members.body, new RegExp(word), `the members page says ${word}`);
      hasNot(members.body, />(Name|Role|Change|owner|author)</);
      hasNot(members.body, /Invite someone|E-mail address|\(you\)/);
      const saved = await c.get('/admin/account?done=language');
      has(saved.body, /ڈیش بورڈ کی زبان محفوظ ہو گئی۔/);
      hasNot(saved.body, /language is saved|Your account/);

      const a = await new Client(t.app).signInAs(t.services, (await t.services.repositories.users.findById(author.id))!);
      const refused = await a.get('/admin/blogs/urdu/stats');
      assert.equal(refused.statusCode, 403);
      has(refused.body, /<h1>آپ کا کردار یہ صفحہ نہیں کھول سکتا<\/h1>/);
      has(refused.body, /خرابی 403/);
      has(refused.body, /اس بلاگ پر آپ کا کردار اس کی اجازت نہیں دیتا/);
      has(refused.body, /\u2068Urdu diary\u2069 پر واپس جائیں/);
      hasNot(refused.body, /Your role|Error 403|Back to|View blog/);
    });

    test('the settings, account, blog and theme-file screens speak Urdu, form refusals included', async () => {
      const blog = await makeBlog(t.services, { name: 'safar', title: 'Safarnama' });
      const owner = await t.services.users.createUser({ email: 'owner@safar.example', displayName: 'Sana' });
      const admin = await t.services.users.createUser({ email: 'admin@safar.example', displayName: 'Zain' });
      await t.services.users.addMember(blog.id, owner.id, 'owner');
      await t.services.users.addMember(blog.id, admin.id, 'admin');
      await t.services.accounts.setLanguage(owner, 'ur', LANGUAGES);
      const c = await new Client(t.app).signInAs(t.services, (await t.services.repositories.users.findById(owner.id))!);
      const screens: [string, string[], RegExp][] = [
        [
          '/admin/blogs/safar/settings',
          ['<h1>ترتیبات</h1>', 'مزید ترتیبات', 'بنیادی باتیں', 'فی صفحہ تحریریں', 'پچھلے 7 دن', 'بادل', 'اپنا ڈومین', 'ترتیبات محفوظ کریں'],
          /Basics|Posts per page|Last 7 days|A cloud|Custom domain|Save settings|More settings|Comment settings/,
        ],
        [
          '/admin/blogs/safar/settings/search',
          ['<h1>سرچ انجن</h1>', 'میٹا ٹیگز', 'اپنی robots.txt فعال کریں', 'سرورق', 'تلاش کے نتائج سے باہر رکھیں'],
          /Meta tags|Enable custom|Home page|keep out of search|>Save</,
        ],
        [
          '/admin/blogs/safar/settings/comments',
          ['<h1>تبصروں کی ترتیبات</h1>', 'کون تبصرہ کر سکتا ہے', 'صرف اس بلاگ کے اراکین', 'سپیم کے اصول', 'ہر سطر میں ایک'],
          /Who may comment|Members of this blog|Spam rules|one a line|Always hold/,
        ],
        [
          '/admin/blogs/safar/owner',
          [
            'بلاگ کسی اور کو سونپیں',
            'نیا مالک',
            '\u2068Zain\u2069 \\(\u2068admin@safar.example\u2069، \u2068منتظم\u2069\\)',
            'یہ بلاگ حذف کریں',
            '<bdi>Safarnama</bdi>',
          ],
          /Hand the blog over|New owner|Delete this blog|for good|, admin\)/,
        ],
        ['/admin', ['<h1>میرے بلاگ</h1>', 'آپ کا کردار', '<td>مالک</td>', 'بلاگ بنائیں'], /My blogs|Your role|>owner<|Create blog/],
        ['/admin/account', ['<h1>آپ کا اکاؤنٹ</h1>', 'اپنا پاس ورڈ تبدیل کریں'], /Your account|Change your password/],
        ['/admin/blogs/safar/theme/texts', ['<h1>تھیم کے متن</h1>', 'تھیم پر واپس'], /<h1>Theme texts|theme">Back to the theme</],
        [
          '/admin/blogs/safar/theme/files/post.liquid',
          ['<h1>\u2068post.liquid\u2069 میں ترمیم کریں</h1>', 'تھیم کی اپنی فائل', 'سرورق کا پیش منظر', '\\(نیا ٹیب\\)'],
          /Edit post|Preview the home|new tab|The theme’s own file/,
        ],
        ['/admin/blogs/safar/theme', ['سسٹم سینز سیرف', 'یکساں چوڑائی'], /sans-serif|Monospace/],
      ];
      for (const [url, words, english] of screens) {
        const page = await c.get(url);
        assert.equal(page.statusCode, 200, url);
        has(page.body, /<html lang="ur" dir="rtl">/, `${url} is Urdu, right to left`);
        for (const word of words) has(page.body, new RegExp(word), `${url} says ${word}`);
        hasNot(page.body, english, `${url} has no English left`);
      }

      await c.get('/admin/blogs/safar/settings');
      const refused = await c.post('/admin/blogs/safar/settings', {
        title: 'Safarnama',
        language: 'ur',
        timeZone: 'UTC',
        postsPerPage: 'many',
      });
      assert.equal(refused.statusCode, 400);
      has(refused.body, /براہ کرم \S+فی صفحہ تحریریں\u2069\S+ دیکھ کر دوبارہ کوشش کریں۔/, 'the refusal names the field in Urdu');
      hasNot(refused.body, /Posts per page: please enter a number/);
      const saved = await c.get('/admin/blogs/safar/settings/comments?done=saved');
      has(saved.body, /محفوظ ہو گیا۔/);
    });

    test('set-up, sign-in, sign-up and a forgotten password follow the browser’s language before anyone signs in', async () => {
      const fresh = await startTestApp(database);
      try {
        const c = new Client(fresh.app);
        c.acceptLanguage = 'ur-PK, ur;q=0.9, en;q=0.8';
        const setup = await c.get('/admin/setup');
        assert.equal(setup.statusCode, 200);
        has(setup.body, /<html lang="ur" dir="rtl">/);
        for (const word of ['<h1>داستان ترتیب دیں</h1>', 'آپ کا اکاؤنٹ', 'آپ کا پہلا بلاگ', 'میرا اکاؤنٹ اور بلاگ بنائیں', 'ٹائم زون'])
          has(setup.body, new RegExp(word), `set-up says ${word}`);
        has(setup.body, /<option value="ur" selected>/, 'the blog’s language starts as the browser’s');
        hasNot(setup.body, /Set up Dastan|Your account|Your first blog|Time zone|Create my account/);
        const short = await c.post('/admin/setup', { email: 'o@example.com', password: 'short', blogName: 'first', blogTitle: 'First' });
        assert.equal(short.statusCode, 400);
        has(short.body, /براہ کرم \S+پاس ورڈ\u2069\S+ دیکھ کر/);
        hasNot(short.body, /A password is/);

        const owner = await fresh.services.users.createUser({ email: 'o@example.com' });
        await makeBlog(fresh.services, { name: 'first' });
        await fresh.services.users.addMember((await fresh.services.repositories.blogs.findByName('first'))!.id, owner.id, 'owner');
        const signIn = await c.get('/admin/sign-in');
        for (const word of ['<h1>سائن ان کریں</h1>', 'ای میل پتہ', 'پاس ورڈ بھول گئے؟'])
          has(signIn.body, new RegExp(word), `sign-in says ${word}`);
        hasNot(signIn.body, /E-mail address|Forgot your password|>Sign in</);
        const failed = await c.post('/admin/sign-in', { email: 'o@example.com', password: 'not the password' });
        assert.equal(failed.statusCode, 401);
        has(failed.body, /یہ ای میل پتہ اور پاس ورڈ کسی اکاؤنٹ سے میل نہیں کھاتے۔/);
        const forgot = await c.get('/admin/forgot');
        has(forgot.body, /<h1>پاس ورڈ بھول گئے؟<\/h1>/);
        has(forgot.body, /ربط بھیجیں/);
        const reset = await c.get('/admin/reset/not-a-token');
        assert.equal(reset.statusCode, 410);
        has(reset.body, /اس ربط کی میعاد ختم ہو چکی ہے/);
        hasNot(reset.body, /has expired|Ask for a new one/);

        const russian = new Client(fresh.app);
        russian.acceptLanguage = 'ru-RU,ru;q=0.9';
        const ru = await russian.get('/admin/sign-in');
        has(ru.body, /<html lang="ru" dir="ltr">/);
        has(ru.body, /<h1>Войти<\/h1>/);
        has(ru.body, /Забыли пароль\?/);
        hasNot(ru.body, /Forgot your password|E-mail address/);
        const english = await new Client(fresh.app).get('/admin/sign-in');
        has(english.body, /<h1>Sign in<\/h1>/, 'no Accept-Language: English');
      } finally {
        await fresh.close();
      }
    });

    test('a Russian owner’s settings and blogs are Russian', async () => {
      const blog = await makeBlog(t.services, { name: 'dnevnik', title: 'Dnevnik' });
      const owner = await t.services.users.createUser({ email: 'owner@dnevnik.example' });
      await t.services.users.addMember(blog.id, owner.id, 'owner');
      await t.services.accounts.setLanguage(owner, 'ru', LANGUAGES);
      const c = await new Client(t.app).signInAs(t.services, (await t.services.repositories.users.findById(owner.id))!);
      const settings = await c.get('/admin/blogs/dnevnik/settings');
      for (const word of ['<h1>Настройки</h1>', 'Записей на странице', 'Сохранить настройки', 'Последние 30 дней'])
        has(settings.body, new RegExp(word), `settings say ${word}`);
      hasNot(settings.body, /Posts per page|Save settings|Last 30 days/);
      const home = await c.get('/admin');
      for (const word of ['<h1>Мои блоги</h1>', 'Ваша роль', '<td>Владелец</td>']) has(home.body, new RegExp(word), `home says ${word}`);
      hasNot(home.body, /My blogs|Your role/);
    });

    test('an invitation and a private blog speak the blog’s language to someone not signed in', async () => {
      const blog = await makeBlog(t.services, { name: 'family', title: 'Family', language: 'ur' });
      const owner = await t.services.users.createUser({ email: 'owner@family.example' });
      await t.services.users.addMember(blog.id, owner.id, 'owner');
      await t.services.blogs.updateSettings(blog.id, { visibility: 'private' });

      const refusal = await new Client(t.app, hostOf('family')).get('/');
      assert.equal(refusal.statusCode, 403);
      has(refusal.body, /<html lang="ur" dir="rtl">/);
      has(refusal.body, /<h1>یہ بلاگ نجی ہے<\/h1>/);
      has(refusal.body, /اگر آپ کو دعوت دی گئی ہے تو پڑھنے کے لیے سائن ان کریں۔/);
      hasNot(refusal.body, /This blog is private|If you were invited|Sign in/);

      const { link } = await t.services.members.invite(blog, 'guest@family.example', 'reader', owner, `http://${hostOf('family')}`);
      const invitation = await new Client(t.app, hostOf('family')).get(new URL(link).pathname);
      assert.equal(invitation.statusCode, 200);
      has(invitation.body, /<html lang="ur" dir="rtl">/);
      has(invitation.body, /آپ کو <bdi>Family<\/bdi> پڑھنے کی دعوت دی گئی ہے۔/);
      has(invitation.body, /میرا اکاؤنٹ بنائیں اور شامل ہوں/);
      hasNot(invitation.body, /You are invited|Your name|Create my account/);
    });
  });
}
