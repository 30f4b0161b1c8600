import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testDatabases } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { Client } from '../helpers/browser-client.js';
import { makeBlog } from '../helpers/factories.js';

const PASSWORD = 'correct horse battery';

for (const database of testDatabases) {
  describe(`set-up on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    before(async () => (t = await startTestApp(database)));
    after(() => t.close());

    test('an empty database leads to the set-up page, which creates the owner and the first blog once', async () => {
      const c = new Client(t.app);
      const home = await c.get('/');
      assert.equal(home.statusCode, 303);
      assert.equal(home.headers.location, '/admin/setup');
      const page = await c.get('/admin/setup');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<h1>Set up Dastan<\/h1>/);

      const forged = await c.post(
        '/admin/setup',
        { email: 'o@example.com', password: PASSWORD, blogName: 'first', blogTitle: 'First' },
        { csrf: 'nope' },
      );
      assert.equal(forged.statusCode, 403);
      assert.match(forged.body, /nothing was changed/);
      assert.equal(await t.services.repositories.users.count(), 0);

      const bad = await c.post('/admin/setup', { email: 'o@example.com', password: 'short', blogName: 'first', blogTitle: 'First' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /A password is 8 to 1,024 characters/);
      assert.match(bad.body, /value="o@example.com"/, 'the form keeps what was typed');

      const done = await c.post('/admin/setup', {
        email: 'o@example.com',
        password: PASSWORD,
        blogName: 'first',
        blogTitle: 'First <blog>',
      });
      assert.equal(done.statusCode, 303);
      const cookie = String(done.headers['set-cookie']);
      assert.match(cookie, /dastan_session=/);
      assert.match(cookie, /HttpOnly/);
      assert.match(cookie, /SameSite=Lax/);
      assert.doesNotMatch(cookie, /Secure/);
      // Host-only (no Domain): a member's views through another address of the blog are counted (README, Audience).
      assert.doesNotMatch(cookie, /Domain=/i);
      const dash = await c.get('/admin');
      assert.equal(dash.statusCode, 200);
      assert.match(dash.body, /First &lt;blog&gt;/);
      assert.match(dash.body, /<td>Owner<\/td>/);

      assert.equal((await new Client(t.app).get('/admin/setup')).statusCode, 404, 'the set-up page is gone');
      const again = await new Client(t.app).post('/admin/setup', {
        email: 'x@example.com',
        password: PASSWORD,
        blogName: 'second',
        blogTitle: 'S',
      });
      assert.ok(again.statusCode === 403 || again.statusCode === 404);
      assert.equal(await t.services.repositories.users.count(), 1);
      assert.equal((await new Client(t.app).get('/')).statusCode, 200, 'the blog now answers');
    });
  });

  describe(`accounts on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(database, { allowSignup: true });
      const blog = await makeBlog(t.services, { name: 'www' });
      const owner = await t.services.users.createUser({ email: 'owner@example.com', password: PASSWORD });
      await t.services.users.addMember(blog.id, owner.id, 'owner');
    });
    after(() => t.close());

    const signIn = async (c: Client, email: string, password: string) => {
      await c.get('/admin/sign-in');
      return c.post('/admin/sign-in', { email, password });
    };

    test('signing in starts a new session; a planted cookie is replaced; a forged form is refused', async () => {
      const c = new Client(t.app);
      assert.equal((await c.get('/admin')).headers.location, '/admin/sign-in?next=%2Fadmin');
      await c.get('/admin/sign-in');
      const forged = await c.post('/admin/sign-in', { email: 'owner@example.com', password: PASSWORD }, { csrf: null });
      assert.equal(forged.statusCode, 403);
      const planted = 'A'.repeat(43);
      c.cookies.set('dastan_session', planted);
      const res = await signIn(c, 'owner@example.com', PASSWORD);
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/admin');
      const first = c.cookies.get('dastan_session')!;
      assert.notEqual(first, planted, 'a new token, not the one the browser brought');
      const other = new Client(t.app);
      other.cookies.set('dastan_session', first);
      assert.equal((await other.get('/admin')).statusCode, 200);
      await c.get('/admin');
      await c.post('/admin/sign-out');
      assert.equal((await other.get('/admin')).statusCode, 303, 'signing out ended the session');
      await signIn(c, 'owner@example.com', PASSWORD);
      assert.notEqual(c.cookies.get('dastan_session'), first, 'each sign-in gets a new token');
      assert.equal((await c.get('/admin')).statusCode, 200);
    });

    test('the 6th wrong password in a row is throttled with a message, even when right; waiting lets one in again', async () => {
      await t.services.users.createUser({ email: 'victim@example.com', password: PASSWORD });
      const c = new Client(t.app);
      for (let i = 1; i <= 5; i++) {
        const res = await signIn(c, 'victim@example.com', `wrong password ${i}`);
        assert.equal(res.statusCode, 401, `try ${i}`);
        assert.match(res.body, /do not match an account/);
      }
      const sixth = await signIn(c, 'victim@example.com', PASSWORD);
      assert.equal(sixth.statusCode, 429);
      assert.match(sixth.body, /Too many failed sign-ins for this account\. Please wait 30 seconds/);
      assert.equal(sixth.headers['retry-after'], '30');
      assert.equal(c.cookies.get('dastan_session'), undefined);
      t.clock.advance(31_000);
      const later = await signIn(c, 'victim@example.com', 'wrong again');
      assert.equal(later.statusCode, 401);
      const locked = await signIn(c, 'victim@example.com', PASSWORD);
      assert.equal(locked.statusCode, 429, 'each further failure waits longer');
      assert.match(locked.body, /60 seconds/);
      t.clock.advance(61_000);
      assert.equal((await signIn(c, 'victim@example.com', PASSWORD)).statusCode, 303);
    });

    test('a session from before a password change no longer works; the changing browser stays in', async () => {
      await t.services.users.createUser({ email: 'changer@example.com', password: PASSWORD });
      const a = new Client(t.app);
      const b = new Client(t.app);
      await signIn(a, 'changer@example.com', PASSWORD);
      await signIn(b, 'changer@example.com', PASSWORD);
      await a.get('/admin/account');
      const wrong = await a.post('/admin/account/password', { current: 'not it', password: 'a new password' });
      assert.equal(wrong.statusCode, 400);
      const res = await a.post('/admin/account/password', { current: PASSWORD, password: 'a new password' });
      assert.equal(res.statusCode, 303);
      assert.equal((await a.get('/admin/account?done=password')).statusCode, 200);
      assert.equal((await b.get('/admin')).statusCode, 303, 'the other session was ended');
      assert.equal((await signIn(new Client(t.app), 'changer@example.com', 'a new password')).statusCode, 303);
    });

    test('sign out everywhere ends every session', async () => {
      await t.services.users.createUser({ email: 'leaver@example.com', password: PASSWORD });
      const a = new Client(t.app);
      const b = new Client(t.app);
      await signIn(a, 'leaver@example.com', PASSWORD);
      await signIn(b, 'leaver@example.com', PASSWORD);
      await a.get('/admin/account');
      assert.equal((await a.post('/admin/sign-out-everywhere')).statusCode, 303);
      assert.equal((await a.get('/admin')).statusCode, 303);
      assert.equal((await b.get('/admin')).statusCode, 303);
    });

    test('a reset link is mailed, works once, and expires', async () => {
      await t.services.users.createUser({ email: 'forgetful@example.com', password: PASSWORD });
      const c = new Client(t.app);
      await c.get('/admin/forgot');
      const res = await c.post('/admin/forgot', { email: 'forgetful@example.com' });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /on its way/);
      await c.post('/admin/forgot', { email: 'nobody@example.com' });
      await t.services.jobs.drainForTests(); // reset mail goes from the job queue
      assert.equal(t.mail.sent.filter((m) => m.to === 'nobody@example.com').length, 0);
      const link = t.mail.lastLinkTo('forgetful@example.com')!;
      assert.match(link, /^http:\/\/www\.example\.test\/admin\/reset\/[A-Za-z0-9_-]{43}$/);
      const path = new URL(link).pathname;
      assert.equal((await c.get(path)).statusCode, 200);
      const done = await c.post(path, { password: 'brand new password' });
      assert.equal(done.statusCode, 303);
      assert.equal((await c.get('/admin')).statusCode, 200, 'signed in with the new password');
      const reused = await new Client(t.app).get(path);
      assert.equal(reused.statusCode, 410);
      const d = new Client(t.app);
      await d.get('/admin/sign-in');
      const again = await d.post(path, { password: 'another new password' });
      assert.equal(again.statusCode, 400);
      assert.match(again.body, /expired or was already used/);

      await c.post('/admin/sign-out');
      await c.get('/admin/forgot');
      await c.post('/admin/forgot', { email: 'forgetful@example.com' });
      await t.services.jobs.drainForTests();
      const late = new URL(t.mail.lastLinkTo('forgetful@example.com')!).pathname;
      t.clock.advance(61 * 60_000);
      assert.equal((await c.get(late)).statusCode, 410);
    });

    test('sign-up creates an account when allowed; mismatched input gets a clear 400', async () => {
      const c = new Client(t.app);
      assert.equal((await c.get('/admin/sign-up')).statusCode, 200);
      const bad = await c.post('/admin/sign-up', { email: 'not an address', password: PASSWORD });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /is not an e-mail address/);
      const twice = await c.post('/admin/sign-up', { email: ['a@example.com', 'b@example.com'], password: PASSWORD });
      assert.equal(twice.statusCode, 400);
      const ok = await c.post('/admin/sign-up', { email: 'new@example.com', password: PASSWORD, displayName: 'New <person>' });
      assert.equal(ok.statusCode, 303);
      const home = await c.get('/admin');
      assert.match(home.body, /New &lt;person&gt;/);
    });

    test('a change of rights rotates the session on the next request', async () => {
      const user = await t.services.users.createUser({ email: 'promoted@example.com' });
      const c = await new Client(t.app).signInAs(t.services, user);
      const before = c.cookies.get('dastan_session');
      const blog = await makeBlog(t.services);
      await t.services.users.addMember(blog.id, user.id, 'author');
      const res = await c.get('/admin');
      assert.equal(res.statusCode, 200);
      assert.notEqual(c.cookies.get('dastan_session'), before);
      const stale = new Client(t.app);
      stale.cookies.set('dastan_session', before!);
      assert.equal((await stale.get('/admin')).statusCode, 303);
    });
  });

  describe(`cookies behind HTTPS on ${database.name}`, { skip: database.skip }, () => {
    test('the session cookie is Secure when the request came over HTTPS through a trusted proxy', async () => {
      const t = await startTestApp(database, { trustProxy: true });
      try {
        await makeBlog(t.services, { name: 'www' });
        const user = await t.services.users.createUser({ email: 's@example.com', password: PASSWORD });
        const get = await t.app.inject({
          method: 'GET',
          url: '/admin/sign-in',
          headers: { host: 'www.example.test', 'x-forwarded-proto': 'https' },
        });
        const csrf = /name="_csrf" value="([^"]+)"/.exec(get.body)![1]!;
        const anon = get.cookies.find((x) => x.name === 'dastan_csrf')!;
        assert.equal(anon.secure, true);
        const res = await t.app.inject({
          method: 'POST',
          url: '/admin/sign-in',
          headers: {
            host: 'www.example.test',
            'x-forwarded-proto': 'https',
            cookie: `dastan_csrf=${anon.value}`,
            'content-type': 'application/x-www-form-urlencoded',
          },
          payload: new URLSearchParams({ _csrf: csrf, email: user.email, password: PASSWORD }).toString(),
        });
        assert.equal(res.statusCode, 303);
        const session = res.cookies.find((x) => x.name === 'dastan_session')!;
        assert.equal(session.secure, true);
        assert.equal(session.httpOnly, true);
        assert.equal(session.sameSite, 'Lax');
      } finally {
        await t.close();
      }
    });
  });
}
