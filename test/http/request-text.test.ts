/**
 * Issue 19, finding 10, on both databases: a form carries 2 MB of text in any script (an Urdu body of
 * 210,000 characters used to fail, as URL-encoding triples it), a field over the limit is refused with a
 * 413 that names it, and text that is not valid UTF-8 is refused with 400 through every way in — a form
 * field (escaped or raw), a query string, a path, a JSON body — with nothing stored.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testDatabases } from '../helpers/databases.js';
import { BROWSER_UA, startTestApp, type TestApp } from '../helpers/app.js';
import { Client } from '../helpers/browser-client.js';
import { makeBlog } from '../helpers/factories.js';

/** "اردو ادب کی کہانی " repeated: two bytes a letter in UTF-8, six when URL-encoded. */
const urdu = (characters: number) => 'اردو ادب کی کہانی '.repeat(Math.ceil(characters / 18)).slice(0, characters);

for (const database of testDatabases) {
  describe(`request text on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    let owner: Client;

    before(async () => {
      t = await startTestApp(database);
      const blog = await makeBlog(t.services, { name: 'www', language: 'ur' });
      const user = await t.services.users.createUser({ email: 'owner@example.com', displayName: 'Olive Owner' });
      await t.services.users.addMember(blog.id, user.id, 'owner');
      owner = await new Client(t.app).signInAs(t.services, user);
      await owner.get('/admin/blogs/www/posts/new');
    });
    after(() => t.close());

    const titles = async () => (await t.storage.db.selectFrom('posts').select('title').execute()).map((r) => r.title);

    /** Posts raw bytes as the editor's form would send them. */
    const sendForm = (payload: Buffer | string, extra: Record<string, string> = {}) =>
      t.app.inject({
        method: 'POST',
        url: '/admin/blogs/www/posts',
        headers: {
          host: owner.host,
          'user-agent': BROWSER_UA,
          cookie: [...owner.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
          'content-type': 'application/x-www-form-urlencoded',
          ...extra,
        },
        payload,
      });

    test('an Urdu body of 300,000 characters (0.6 MB as text, 1.7 MB as sent, refused before) is published whole', async () => {
      const body = `<p>${urdu(300_000)}</p>`;
      const res = await owner.post('/admin/blogs/www/posts', { title: 'طویل کہانی', body, action: 'publish' });
      assert.equal(res.statusCode, 303, res.body.slice(0, 400));
      const row = await t.storage.db.selectFrom('posts').select(['body_text']).where('title', '=', 'طویل کہانی').executeTakeFirstOrThrow();
      assert.equal(row.body_text.trim(), urdu(300_000).trim(), 'the body is stored whole');
    });

    test('a body over 2 MB is refused with a 413 that names the field; nothing is stored', async () => {
      const res = await owner.post('/admin/blogs/www/posts', { title: 'Too long', body: urdu(1_200_000), action: 'publish' });
      assert.equal(res.statusCode, 413);
      assert.match(res.body, /The field “body” is too large/);
      assert.match(res.body, /2 MB/);
      // Far past the limit (12 MB sent), refused before it is read to its end, still naming the field.
      const huge = await sendForm(`_csrf=${owner.csrf}&title=Huge&body=${'%D8%A7'.repeat(2_000_000)}`);
      assert.equal(huge.statusCode, 413);
      assert.match(huge.body, /The field “body” is too large/);
      assert.ok(!(await titles()).some((title) => title === 'Too long' || title === 'Huge'));
    });

    test('a form field that is not UTF-8 is refused with 400 naming it, escaped or raw; nothing is stored', async () => {
      const escaped = await sendForm(`_csrf=${owner.csrf}&title=Caf%E9&body=x&action=publish`);
      assert.equal(escaped.statusCode, 400);
      assert.match(escaped.body, /The field “title” is not valid UTF-8 text/);
      const raw = await sendForm(
        Buffer.concat([Buffer.from(`_csrf=${owner.csrf}&title=ok&body=Caf`), Buffer.from([0xe9]), Buffer.from('&action=publish')]),
      );
      assert.equal(raw.statusCode, 400);
      assert.match(raw.body, /The field “body” is not valid UTF-8 text/);
      assert.ok(!(await titles()).some((title) => title.startsWith('Caf') || title === 'ok'));
      // Valid text still means what it did: `+` is a space, a lone `%` is kept.
      const plain = await sendForm(`_csrf=${owner.csrf}&title=100%25+sure+%26+100%&body=x&action=draft`);
      assert.equal(plain.statusCode, 303, plain.body.slice(0, 300));
      assert.ok((await titles()).includes('100% sure & 100%'));
    });

    test('a query string, a path and a JSON body that are not UTF-8 get the same 400', async () => {
      const search = await t.get('www', '/search?q=Caf%E9');
      assert.equal(search.statusCode, 400);
      assert.match(search.body, /The field “q” is not valid UTF-8 text/);
      assert.match(String(search.headers['content-type']), /text\/html/);
      const path = await t.get('www', '/2026/11/caf%E9.html');
      assert.equal(path.statusCode, 400);
      assert.match(path.body, /This address is not valid UTF-8 text/);
      assert.match(String(path.headers['content-type']), /text\/html/);
      const json = await t.app.inject({
        method: 'POST',
        url: '/v3/blogs/1/posts',
        headers: { host: owner.host, 'content-type': 'application/json' },
        payload: Buffer.concat([Buffer.from('{"title":"Caf'), Buffer.from([0xe9]), Buffer.from('"}')]),
      });
      assert.equal(json.statusCode, 400);
      assert.match(json.body, /not valid UTF-8/, json.body);
      // Valid Urdu in a query still searches.
      assert.equal((await t.get('www', `/search?q=${encodeURIComponent('کہانی')}`)).statusCode, 200);
    });
  });
}

for (const database of testDatabases) {
  describe(`search cost on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(database);
      const blog = await makeBlog(t.services, { name: 'www' });
      for (let i = 0; i < 60; i++) {
        await t.services.posts.createPost({
          blogId: blog.id,
          title: `River story ${i}`,
          body: `<p>${'river stone water '.repeat(200)} ${i}</p>`,
        });
      }
    });
    after(() => t.close());

    test('searches beyond the gate get 503 with Retry-After at once; at most two run together; none fails', async () => {
      const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => t.get('www', `/search?q=river+stone+${i}`)));
      const statuses = answers.map((a) => a.statusCode);
      assert.ok(
        statuses.every((s) => s === 200 || s === 503),
        statuses.join(' '),
      );
      const busy = answers.filter((a) => a.statusCode === 503);
      assert.ok(busy.length >= 20, `${busy.length} of 40 refused`);
      assert.ok(statuses.filter((s) => s === 200).length >= 10);
      for (const a of busy) {
        assert.equal(a.headers['retry-after'], '5');
        assert.match(a.body, /try your search again in a few seconds/);
        assert.match(a.body, /<title>Please try again shortly<\/title>/, 'not a title about saving');
      }
      assert.ok(t.services.reader.searchGate.peak <= 2, `peak ${t.services.reader.searchGate.peak}`);
      assert.equal((await t.get('www', '/search?q=river')).statusCode, 200, 'the gate opens again');
    });

    test('a search’s words, length and depth are bounded', async () => {
      const long = await t.get('www', `/search?q=${'river '.repeat(2000)}`);
      assert.equal(long.statusCode, 200, 'a 12,000-character search is cut to 200 characters and 12 words');
      const deep = await t.get('www', '/search?q=river&page=51');
      assert.equal(deep.statusCode, 400);
      assert.match(deep.body, /up to page 50/);
    });
  });
}
