/**
 * Throttles beyond sign-in, and the cleanup of spent sessions and tokens, on both databases: password
 * reset requests per e-mail and per client address, wrong current passwords on a password change.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { RESETS_PER_ADDRESS, RESETS_PER_EMAIL } from '../../src/domain/accounts/action-throttle.js';
import { testDatabases } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { Client } from '../helpers/browser-client.js';
import { makeBlog } from '../helpers/factories.js';

const PASSWORD = 'correct horse battery';
const HOUR = 60 * 60_000;

for (const database of testDatabases) {
  describe(`account throttles on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(database);
      await makeBlog(t.services, { name: 'www' });
    });
    after(() => t.close());

    const forgot = async (email: string, ip = '127.0.0.1') => {
      const c = new Client(t.app);
      await c.get('/admin/forgot');
      const res = await t.app.inject({
        method: 'POST',
        url: '/admin/forgot',
        remoteAddress: ip,
        headers: {
          host: c.host,
          cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
          'content-type': 'application/x-www-form-urlencoded',
        },
        payload: new URLSearchParams({ _csrf: c.csrf, email }).toString(),
      });
      await t.services.jobs.drainForTests(); // reset mail goes from the job queue
      return res;
    };

    test('reset requests: a few per e-mail address, then a wait with a message; an hour later, again', async () => {
      await t.services.users.createUser({ email: 'reset-me@example.com', password: PASSWORD });
      for (let i = 0; i < RESETS_PER_EMAIL; i++) assert.equal((await forgot('reset-me@example.com', '10.0.0.1')).statusCode, 200);
      const mailed = t.mail.sent.length;
      const refused = await forgot('Reset-Me@example.com', '10.0.0.2');
      assert.equal(refused.statusCode, 429);
      assert.match(refused.body, /Too many password reset requests for this e-mail address\. Please wait 60 minutes/);
      assert.equal(refused.headers['retry-after'], '3600');
      assert.equal(t.mail.sent.length, mailed, 'no mail for a refused request');
      // An address without an account is counted the same way: the answer says nothing about accounts.
      for (let i = 0; i < RESETS_PER_EMAIL; i++) await forgot('no-account@example.com', '10.0.0.3');
      assert.equal((await forgot('no-account@example.com', '10.0.0.4')).statusCode, 429);
      t.clock.advance(HOUR + 1000);
      assert.equal((await forgot('reset-me@example.com', '10.0.0.1')).statusCode, 200);
      assert.equal(t.mail.sent.length, mailed + 1);
    });

    test('reset requests: at most a few more per client address, whichever e-mail addresses it tries', async () => {
      for (let i = 0; i < RESETS_PER_ADDRESS; i++) {
        assert.equal((await forgot(`probe${i}@example.com`, '10.0.9.9')).statusCode, 200, `request ${i + 1}`);
      }
      const refused = await forgot('probe-last@example.com', '10.0.9.9');
      assert.equal(refused.statusCode, 429);
      assert.match(refused.body, /for your address/);
      assert.equal((await forgot('probe-last@example.com', '10.0.9.10')).statusCode, 200, 'another address is not held up');
    });

    test('password change: the 6th wrong current password in a row is throttled, even when right', async () => {
      const user = await t.services.users.createUser({ email: 'changer@example.com', password: PASSWORD });
      const c = await new Client(t.app).signInAs(t.services, user);
      await c.get('/admin/account');
      for (let i = 0; i < 5; i++) {
        const wrong = await c.post('/admin/account/password', { current: `guess ${i}`, password: 'a new password' });
        assert.equal(wrong.statusCode, 400);
        assert.match(wrong.body, /Your current password is not right/);
      }
      const locked = await c.post('/admin/account/password', { current: PASSWORD, password: 'a new password' });
      assert.equal(locked.statusCode, 429);
      assert.match(locked.body, /Too many wrong current passwords\. Please wait 30 seconds/);
      assert.equal(locked.headers['retry-after'], '30');
      t.clock.advance(31_000);
      const ok = await c.post('/admin/account/password', { current: PASSWORD, password: 'a new password' });
      assert.equal(ok.statusCode, 303);
      assert.equal((await t.services.repositories.throttle.find([`password-change:${user.id}`])).length, 0, 'a right one clears the count');
    });

    test('the cleanup deletes expired sessions, spent tokens and idle throttle counts, and nothing live', async () => {
      const user = await t.services.users.createUser({ email: 'sessions@example.com', password: PASSWORD });
      const live = await t.services.sessions.start(user);
      const db = t.storage.db;
      const now = t.clock.now();
      await db
        .insertInto('sessions')
        .values({ id: 'expired-session', user_id: user.id, rights_version: 0, created_at: now - 2 * HOUR, expires_at: now - 1 })
        .execute();
      const token = (id: string, expires: number, used: number | null) => ({
        id,
        kind: 'reset' as const,
        email: user.email,
        user_id: user.id,
        blog_id: null,
        role: null,
        created_by: null,
        created_at: now - HOUR,
        expires_at: expires,
        used_at: used,
      });
      await db
        .insertInto('auth_tokens')
        .values([token('expired-token', now - 1, null), token('used-token', now + HOUR, now - 5), token('open-token', now + HOUR, null)])
        .execute();
      await db
        .insertInto('sign_in_failures')
        .values([
          { key: 'account:idle@example.com', failures: 2, locked_until: 0, updated_at: now - 25 * HOUR },
          { key: 'account:recent@example.com', failures: 2, locked_until: 0, updated_at: now - HOUR },
        ])
        .execute();
      const counts = await t.services.cleanup.run();
      assert.ok(counts.sessions >= 1 && counts.tokens >= 2 && counts.throttles >= 1, JSON.stringify(counts));
      const sessionIds = (await db.selectFrom('sessions').select('id').execute()).map((r) => r.id);
      assert.ok(!sessionIds.includes('expired-session'));
      assert.ok(sessionIds.includes(live.sessionId));
      const tokenIds = (await db.selectFrom('auth_tokens').select('id').execute()).map((r) => r.id);
      assert.deepEqual(
        tokenIds.filter((id) => id.endsWith('-token')),
        ['open-token'],
      );
      const keys = (await db.selectFrom('sign_in_failures').select('key').execute()).map((r) => r.key);
      assert.ok(!keys.includes('account:idle@example.com'));
      assert.ok(keys.includes('account:recent@example.com'));
    });
  });
}
