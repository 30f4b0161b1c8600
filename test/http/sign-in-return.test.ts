/**
 * "Sign in to comment" brings the reader back to the post's comments, on both databases: the comment
 * form's link carries `next=<post>#comments`, signing in (or signing up, or arriving already signed in)
 * lands there, and a `next` that could leave the site — `//evil.com`, `https://evil.com`, `/\evil.com`,
 * `javascript:` — is refused and the reader lands on the dashboard instead.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { decode } from 'html-entities';
import { DEFAULT_COMMENT_SETTINGS } from '../../src/domain/comments/comment-settings.js';
import { postPath } from '../../src/domain/blogs/urls.js';
import type { BlogRow, PostRow } from '../../src/storage/schema.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { Client } from '../helpers/browser-client.js';
import { testDatabases } from '../helpers/databases.js';
import { makeBlog, makePost } from '../helpers/factories.js';

const PASSWORD = 'correct horse battery staple';
const EVIL = ['//evil.com', 'https://evil.com', '/\\evil.com', 'javascript:alert(1)', '//evil.com/2026/11/x.html#comments', '/\t/evil.com'];

/** The sign-in (or sign-up) form's hidden `next`, as the browser will send it. */
const hiddenNext = (html: string) => decode(/name="next" value="([^"]*)"/.exec(html)?.[1] ?? '');

for (const database of testDatabases) {
  describe(`signing in to comment on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    let blog: BlogRow;
    let post: PostRow;
    let back: string;

    before(async () => {
      t = await startTestApp(database, { allowSignup: true });
      blog = await makeBlog(t.services, { name: 'www', title: 'Home blog' });
      await t.services.users.createUser({ email: 'reader@example.com', password: PASSWORD, displayName: 'Rita Reader' });
      post = await makePost(t.services, blog, { title: 'Sign in and talk' });
      await t.services.commentSettings.save(blog.id, { ...DEFAULT_COMMENT_SETTINGS, access: 'users' });
      back = `${postPath(post)}#comments`;
    });
    after(() => t.close());

    test('the form’s link signs in and lands back on the post’s comments', async () => {
      const reader = new Client(t.app);
      const page = await reader.get(postPath(post));
      const link = /<a href="([^"]+)">Sign in<\/a>/.exec(page.body)?.[1];
      assert.equal(link, `/admin/sign-in?next=${encodeURIComponent(back)}`);
      const form = await reader.get(decode(link));
      assert.equal(form.statusCode, 200);
      assert.equal(hiddenNext(form.body), back);
      const signedIn = await reader.post('/admin/sign-in', {
        email: 'reader@example.com',
        password: PASSWORD,
        next: hiddenNext(form.body),
      });
      assert.equal(signedIn.statusCode, 303);
      assert.equal(signedIn.headers.location, back);
      // The same link once signed in (another tab): straight back to the post.
      const again = await reader.get(decode(link));
      assert.equal(again.statusCode, 303);
      assert.equal(again.headers.location, back);
      const wrong = await new Client(t.app).post(
        '/admin/sign-in',
        { email: 'reader@example.com', password: 'wrong', next: back },
        { csrf: null },
      );
      assert.equal(wrong.statusCode, 403, 'the form token still guards it');
    });

    test('a wrong password keeps the way back in the form', async () => {
      const reader = new Client(t.app);
      await reader.get(`/admin/sign-in?next=${encodeURIComponent(back)}`);
      const failed = await reader.post('/admin/sign-in', { email: 'reader@example.com', password: 'not it', next: back });
      assert.ok(failed.statusCode >= 400 && failed.statusCode < 500);
      assert.equal(hiddenNext(failed.body), back);
    });

    test('signing up from the sign-in page also lands on the post', async () => {
      const reader = new Client(t.app);
      const signIn = await reader.get(`/admin/sign-in?next=${encodeURIComponent(back)}`);
      const signUpLink = decode(/<a href="(\/admin\/sign-up[^"]*)">Create an account<\/a>/.exec(signIn.body)![1]);
      const signUp = await reader.get(signUpLink);
      assert.equal(hiddenNext(signUp.body), back);
      const made = await reader.post('/admin/sign-up', {
        email: 'new@example.com',
        password: PASSWORD,
        displayName: 'New Reader',
        next: back,
      });
      assert.equal(made.statusCode, 303);
      assert.equal(made.headers.location, back);
    });

    test('a way back that leaves the site is refused: the dashboard instead', async () => {
      for (const next of EVIL) {
        const reader = new Client(t.app);
        const form = await reader.get(`/admin/sign-in?next=${encodeURIComponent(next)}`);
        assert.equal(form.statusCode, 200, next);
        assert.equal(hiddenNext(form.body), '/admin', next);
        const signedIn = await reader.post('/admin/sign-in', { email: 'reader@example.com', password: PASSWORD, next });
        assert.equal(signedIn.statusCode, 303, next);
        assert.equal(signedIn.headers.location, '/admin', next);
        const already = await reader.get(`/admin/sign-in?next=${encodeURIComponent(next)}`);
        assert.equal(already.headers.location, '/admin', next);
      }
      const newcomer = new Client(t.app);
      assert.equal(hiddenNext((await newcomer.get('/admin/sign-up?next=%2F%2Fevil.com')).body), '/admin');
      const signUp = await newcomer.post('/admin/sign-up', { email: 'evil@example.com', password: PASSWORD, next: '//evil.com' });
      assert.equal(signUp.statusCode, 303);
      assert.equal(signUp.headers.location, '/admin');
    });
  });
}
