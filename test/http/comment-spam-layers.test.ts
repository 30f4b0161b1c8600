/**
 * The comment pipeline's spam layers over HTTP with a screen handed in (as the real content screens will
 * be): a 'challenge' verdict asks for an ALTCHA proof of work, which lifts it once; without JavaScript
 * the comment is held instead; 'hold', 'spam' and 'reject' do what they say, with reasons kept; and
 * moderators' spam decisions reach the SpamLearner. Also the naughty strings and the XSS payloads as
 * comments, on both databases.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { postPath } from '../../src/domain/blogs/urls.js';
import type { CommentScreen, SpamLearner, Submission } from '../../src/domain/comments/screening.js';
import type { BlogRow, PostRow, UserRow } from '../../src/storage/schema.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { Client } from '../helpers/browser-client.js';
import { Commenter } from '../helpers/commenter.js';
import { testDatabases } from '../helpers/databases.js';
import { makeBlog, makePost } from '../helpers/factories.js';

const BLNS: string[] = JSON.parse(readFileSync(new URL('../../../shared/testdata/naughty/blns.json', import.meta.url), 'utf8'));
const XSS: { payload: string }[] = JSON.parse(
  readFileSync(new URL('../../../shared/testdata/xss/dompurify-expect.json', import.meta.url), 'utf8'),
);

/** A stand-in for the content screens: judges by a word in the body. */
const wordScreen: CommentScreen = {
  name: 'test words',
  async screen(s: Submission) {
    for (const verdict of ['challenge', 'hold', 'spam', 'reject'] as const)
      if (s.bodyText.includes(`[${verdict}]`)) return { verdict, reason: `the word [${verdict}]` };
    return null;
  },
};

let n = 0;
const address = () => `192.0.${Math.floor(++n / 250)}.${n % 250}`;

for (const database of testDatabases) {
  describe(`comment spam layers on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    let blog: BlogRow;
    let post: PostRow;
    let owner: UserRow;
    const learned: { text: string; isSpam: boolean }[] = [];
    const learner: SpamLearner = { learn: async (_blogId, text, isSpam) => void learned.push({ text, isSpam }) };

    before(async () => {
      t = await startTestApp(database, {
        parts: { commentScreens: [wordScreen], spamLearner: learner, proofOfWork: { cost: 5, counterRange: [5, 40] } },
      });
      blog = await makeBlog(t.services, { name: 'www' });
      post = await makePost(t.services, blog);
      owner = await t.services.users.createUser({ email: 'owner@example.com', displayName: 'Olive' });
      await t.services.users.addMember(blog.id, owner.id, 'owner');
    });
    after(() => t.close());

    test('a suspicious comment sent by the script is asked for a proof of work; a solved one posts it, once', async () => {
      const reader = new Commenter(t, 'www', address());
      const asked = await reader.comment(postPath(post), { body: 'Hmm [challenge]', js: '1' }, { json: true });
      assert.equal(asked.statusCode, 202);
      const { challenge } = JSON.parse(asked.body) as { challenge: Challenge };
      assert.equal((await t.services.repositories.comments.listForPosts(blog.id, [post.id])).length, 0, 'nothing stored yet');
      const solution = await solveChallenge({ challenge, deriveKey });
      const proof = Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
      const { stamp } = await reader.openForm(postPath(post));
      t.clock.advance(5000);
      const fields = { postId: post.id, _ts: stamp, _csrf: reader.csrf, name: 'Rita', body: 'Hmm [challenge]', js: '1', altcha: proof };
      const posted = await reader.post('/comments', fields, { accept: 'application/json' });
      assert.equal(posted.statusCode, 201);
      const stored = (await t.services.repositories.comments.findById(blog.id, (JSON.parse(posted.body) as { id: string }).id))!;
      assert.equal(stored.status, 'live');
      assert.match(stored.reasons, /Proof of work solved/);
      t.clock.advance(20_000);
      const again = await reader.post('/comments', fields, { accept: 'application/json' });
      assert.equal(again.statusCode, 400, 'a proof works once');
      const wrong = {
        ...fields,
        altcha: Buffer.from(JSON.stringify({ challenge, solution: { ...solution!, counter: 1 } })).toString('base64'),
      };
      t.clock.advance(20_000);
      assert.equal((await reader.post('/comments', wrong, { accept: 'application/json' })).statusCode, 400, 'a wrong solution');
    });

    test('without JavaScript a suspicious comment is held instead, with its reasons', async () => {
      const res = await new Commenter(t, 'www', address()).comment(postPath(post), { body: 'Hmm [challenge] again' });
      assert.equal(res.statusCode, 202);
      const [held] = await t.services.repositories.commentQueue.list(blog.id, 'pending', 1, 0);
      assert.match(held!.reasons, /the word \[challenge\]/);
      assert.match(held!.reasons, /instead of a proof of work/);
    });

    test('hold, spam and reject verdicts; the queue shows why; spam decisions teach the learner', async () => {
      assert.equal((await new Commenter(t, 'www', address()).comment(postPath(post), { body: 'x [hold]' })).statusCode, 202);
      assert.equal((await new Commenter(t, 'www', address()).comment(postPath(post), { body: 'x [spam]' })).statusCode, 202);
      const rejected = await new Commenter(t, 'www', address()).comment(postPath(post), { body: 'x [reject]' });
      assert.equal(rejected.statusCode, 422);
      assert.match(rejected.body, /the word \[reject\]/);
      const [spam] = await t.services.repositories.commentQueue.list(blog.id, 'spam', 1, 0);
      assert.match(spam!.body_html, /\[spam\]/);
      const own = await new Client(t.app).signInAs(t.services, owner);
      assert.match((await own.get('/admin/blogs/www/comments?status=spam')).body, /the word \[spam\]/);
      await own.post('/admin/blogs/www/comments', { status: 'spam', one: `not-spam:${spam!.id}` });
      assert.deepEqual(learned.at(-1), { text: 'x [spam]', isSpam: false });
      await own.post('/admin/blogs/www/comments', { status: 'live', one: `spam:${spam!.id}` });
      assert.deepEqual(learned.at(-1), { text: 'x [spam]', isSpam: true });
    });

    test('the naughty strings as name, website and body never give a 500', async () => {
      const reader = new Commenter(t, 'www', address());
      const { stamp } = await reader.openForm(postPath(post));
      t.clock.advance(5000);
      const statuses = new Map<number, number>();
      for (const naughty of BLNS) {
        for (const field of ['name', 'url', 'body']) {
          const fields = { postId: post.id, _ts: stamp, _csrf: reader.csrf, name: 'Nadia', body: 'Fine words', [field]: naughty };
          const res = await t.app.inject({
            method: 'POST',
            url: '/comments',
            headers: {
              host: 'www.example.test',
              'content-type': 'application/x-www-form-urlencoded',
              cookie: [...reader.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
            },
            remoteAddress: address(),
            payload: new URLSearchParams(fields).toString(),
          });
          statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
          assert.ok(res.statusCode < 500, `${field} = ${JSON.stringify(naughty)} gave ${res.statusCode}`);
        }
      }
      assert.ok((statuses.get(303) ?? 0) > BLNS.length, `most are accepted: ${JSON.stringify([...statuses])}`);
      const page = await t.get('www', postPath(post));
      assert.equal(page.statusCode, 200);
      assert.doesNotMatch(page.body, /<script>alert/i);
    });

    test('every DOMPurify payload as a comment is stored without handlers, script URLs or other tags', async () => {
      const xssPost = await makePost(t.services, blog, { title: 'XSS' });
      const reader = new Commenter(t, 'www', address());
      const { stamp } = await reader.openForm(postPath(xssPost));
      t.clock.advance(5000);
      for (const { payload } of XSS) {
        const fields = { postId: xssPost.id, _ts: stamp, _csrf: reader.csrf, name: 'Xavier', body: payload };
        const res = await t.app.inject({
          method: 'POST',
          url: '/comments',
          headers: {
            host: 'www.example.test',
            'content-type': 'application/x-www-form-urlencoded',
            cookie: [...reader.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
          },
          remoteAddress: address(),
          payload: new URLSearchParams(fields).toString(),
        });
        assert.ok(res.statusCode < 500, `${payload.slice(0, 60)} gave ${res.statusCode}`);
      }
      const stored = await t.services.repositories.comments.listForPosts(blog.id, [xssPost.id]);
      assert.ok(stored.length > XSS.length / 2, `${stored.length} of ${XSS.length} stored`);
      for (const c of stored) {
        const tags = [...c.body_html.matchAll(/<\s*([a-z0-9-]+)/gi)].map((m) => m[1]!.toLowerCase());
        for (const tag of tags)
          assert.ok(['p', 'br', 'b', 'strong', 'i', 'em', 'a', 'blockquote', 'code'].includes(tag), `tag ${tag} in ${c.body_html}`);
        assert.doesNotMatch(c.body_html, /<[^>]*\son[a-z]+\s*=/i, c.body_html);
        for (const href of c.body_html.matchAll(/href="([^"]*)"/g)) assert.match(href[1]!, /^(https?:|mailto:|#|\/|[^:]*$)/i, c.body_html);
      }
    });
  });
}
