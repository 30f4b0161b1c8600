/**
 * The comment form's words in the blog's language, on SQLite and PostgreSQL: the token answer carries
 * the script's messages from the blog's catalogue (its own overrides included, a signed-in reader's
 * name isolated), and "awaiting moderation" — in JSON for the script and as a page without it — is
 * written in the blog's language.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { postPath } from '../../src/domain/blogs/urls.js';
import { DEFAULT_COMMENT_SETTINGS } from '../../src/domain/comments/comment-settings.js';
import { COMMENT_SCRIPT_MESSAGES } from '../../src/render/comment-script.js';
import { LANGUAGES, translate } from '../../src/render/i18n/translate.js';
import type { PostRow } from '../../src/storage/schema.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { Commenter } from '../helpers/commenter.js';
import { testDatabases } from '../helpers/databases.js';
import { makeBlog, makePost } from '../helpers/factories.js';

for (const database of testDatabases) {
  describe(`the comment form's words on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    const posts = new Map<string, PostRow>();
    let address = 10;

    before(async () => {
      t = await startTestApp(database);
      for (const language of ['ur', 'de', 'ja', 'ar']) {
        const blog = await makeBlog(t.services, { name: `blog-${language}`, title: `Blog ${language}`, language });
        await t.services.commentSettings.save(blog.id, { ...DEFAULT_COMMENT_SETTINGS, moderation: 'always' });
        posts.set(language, await makePost(t.services, blog, { title: `Post ${language}` }));
      }
    });
    after(() => t.close());

    test('every language has every one of the script’s messages, none left in English', () => {
      for (const language of LANGUAGES) {
        for (const key of [...COMMENT_SCRIPT_MESSAGES, 'signedInAs', 'challenge', 'published', 'changedHeld'].map(
          (k) => `commentScript.${k}`,
        )) {
          const text = translate(language, key, { name: 'X' });
          assert.notEqual(text, key, `${language} ${key}`);
          if (language !== 'en') assert.notEqual(text, translate('en', key, { name: 'X' }), `${language} ${key} is still English`);
        }
      }
    });

    test('the token answer carries the script’s words in the blog’s language', async () => {
      const reader = new Commenter(t, 'blog-ur', `198.51.100.${address++}`);
      const answer = JSON.parse((await reader.get('/comments/token')).body) as { messages: Record<string, string> };
      assert.deepEqual(Object.keys(answer.messages).sort(), [...COMMENT_SCRIPT_MESSAGES].sort());
      assert.equal(answer.messages.awaiting, 'آپ کا تبصرہ موصول ہو گیا ہے اور منظوری کا منتظر ہے۔');
      assert.equal(answer.messages.deleteNo, 'رہنے دیں');
      const de = JSON.parse((await new Commenter(t, 'blog-de').get('/comments/token')).body) as { messages: Record<string, string> };
      assert.equal(de.messages.posting, 'Ihr Kommentar wird veröffentlicht…');
    });

    test('"awaiting moderation" is written in the blog’s language, for the script and without it', async () => {
      const json = await new Commenter(t, 'blog-ja', `198.51.100.${address++}`).comment(postPath(posts.get('ja')!), {}, { json: true });
      assert.equal(json.statusCode, 201);
      assert.equal(json.json<{ message: string }>().message, 'コメントを受け付けました。承認をお待ちください。');
      const page = await new Commenter(t, 'blog-ar', `198.51.100.${address++}`).comment(postPath(posts.get('ar')!), {});
      assert.equal(page.statusCode, 202);
      assert.match(page.body, /بانتظار المراجعة/);
      assert.match(page.body, /وصل تعليقك وهو بانتظار المراجعة\./);
      assert.match(page.body, /سيظهر تحت التدوينة بعد أن يوافق عليه صاحب المدونة\./);
      assert.match(page.body, /العودة إلى «\u2068Post ar\u2069»/, 'the title isolated in the RTL sentence');
    });
  });
}
