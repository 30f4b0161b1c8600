/**
 * The findings of the second attacker's run (issue 19), each replayed as the attacker sent it, on both
 * databases: a forged Host header in a reset request, CSRF checks skipped by a percent-encoded path,
 * a valid token sent from a foreign Origin, and parallel wrong passwords racing the sign-in throttle.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { FREE_ACCOUNT_FAILURES } from '../../src/domain/accounts/sign-in-throttle.js';
import { testDatabases } from '../helpers/databases.js';
import { BROWSER_UA, startTestApp, type TestApp } from '../helpers/app.js';
import { Client } from '../helpers/browser-client.js';
import { makeBlog } from '../helpers/factories.js';

const PASSWORD = 'correct horse battery';

for (const database of testDatabases) {
  describe(`attack findings on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(database);
      await makeBlog(t.services, { name: 'www' });
      await makeBlog(t.services, { name: 'travel' });
      await t.services.users.createUser({ email: 'victim@example.com', password: PASSWORD });
    });
    after(() => t.close());

    /** Posts the forgot form with the given Host header, as the attacker's script did. */
    const forgotWithHost = async (host: string, email: string) => {
      const c = new Client(t.app, host);
      await c.get('/admin/forgot');
      return t.app.inject({
        method: 'POST',
        url: '/admin/forgot',
        remoteAddress: `10.1.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
        headers: {
          host,
          'user-agent': BROWSER_UA,
          cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
          'content-type': 'application/x-www-form-urlencoded',
        },
        payload: new URLSearchParams({ _csrf: c.csrf, email }).toString(),
      });
    };

    test('1. a reset link is built from the blog’s configured host, never from the Host header', async () => {
      const cases: [string, RegExp][] = [
        ['203.0.113.7', /^http:\/\/example\.test\/admin\/reset\//],
        ['203.0.113.7:8081', /^http:\/\/example\.test\/admin\/reset\//],
        ['www.example.test:6666', /^http:\/\/www\.example\.test\/admin\/reset\//],
        ['travel.example.test', /^http:\/\/travel\.example\.test\/admin\/reset\//],
      ];
      for (const [host, expected] of cases) {
        const before = t.mail.sent.length;
        const res = await forgotWithHost(host, 'victim@example.com');
        assert.equal(res.statusCode, 200, `${host}: ${res.body.slice(0, 200)}`);
        await t.services.jobs.drainForTests();
        assert.equal(t.mail.sent.length, before + 1, host);
        const link = t.mail.lastLinkTo('victim@example.com')!;
        assert.match(link, expected, `Host: ${host} mailed ${link}`);
        t.clock.advance(61 * 60_000); // past the reset throttle's hour
      }
      // A bracketed host with a user-info part: no blog answers to it, so nothing is mailed anywhere.
      const before = t.mail.sent.length;
      const res = await forgotWithHost('[::1]@evil.example', 'victim@example.com');
      await t.services.jobs.drainForTests();
      assert.ok(res.statusCode >= 400 && res.statusCode < 500, String(res.statusCode));
      assert.equal(t.mail.sent.length, before);
      for (const m of t.mail.sent) assert.doesNotMatch(m.text, /evil\.example|203\.0\.113\.7|:6666/);
    });

    test('5. with slow mail, the reset form answers as fast for an account as for an unknown address', async () => {
      t.mail.delayMs = 400;
      try {
        const timed = async (email: string) => {
          const started = performance.now();
          const res = await forgotWithHost('www.example.test', email);
          assert.equal(res.statusCode, 200);
          return performance.now() - started;
        };
        const known: number[] = [];
        const unknown: number[] = [];
        for (let i = 0; i < 3; i++) {
          known.push(await timed('victim@example.com'));
          unknown.push(await timed(`nobody${i}@example.com`));
          t.clock.advance(61 * 60_000);
        }
        const median = (xs: number[]) => xs.sort((a, b) => a - b)[1]!;
        assert.ok(Math.abs(median(known) - median(unknown)) < 150, `known ${median(known)} ms, unknown ${median(unknown)} ms`);
        // The mail still goes, from the job queue.
        const before = t.mail.sent.length;
        await t.services.jobs.drainForTests();
        assert.equal(t.mail.sent.length, before + 3);
      } finally {
        t.mail.delayMs = 0;
      }
    });

    const spellings = (path: string) => [
      path.replace('/admin', '/%61dmin'),
      path.replace('/admin/', '/admin/%' + path.charCodeAt(7).toString(16)).replace(/(%[0-9a-f]{2})./, '$1'),
      path.replace('/admin/', '/admin//'),
      `/${path}`,
      path.toUpperCase(),
    ];

    test('2. the CSRF check runs on the matched route, however the path is spelled', async () => {
      const problems: string[] = [];
      for (const path of ['/admin/sign-in', '/admin/sign-up', '/admin/sign-out', '/admin/forgot']) {
        for (const spelled of spellings(path)) {
          const res = await t.app.inject({
            method: 'POST',
            url: spelled,
            headers: { host: 'www.example.test', 'content-type': 'application/x-www-form-urlencoded' },
            payload: new URLSearchParams({ email: 'victim@example.com', password: PASSWORD }).toString(),
          });
          if (res.statusCode !== 403 && res.statusCode !== 404) problems.push(`${spelled} → ${res.statusCode}`);
          if (res.cookies.some((c) => c.name === 'dastan_session' && c.value)) problems.push(`${spelled} signed in`);
        }
      }
      assert.deepEqual(problems, []);
    });

    test('3. a valid token sent from a foreign Origin (or a cross-site fetch) is refused, and the same site is not', async () => {
      const c = new Client(t.app);
      await c.get('/admin/sign-in');
      const send = (headers: Record<string, string>) =>
        t.app.inject({
          method: 'POST',
          url: '/admin/sign-in',
          headers: {
            host: c.host,
            cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
            'content-type': 'application/x-www-form-urlencoded',
            ...headers,
          },
          payload: new URLSearchParams({ _csrf: c.csrf, email: 'victim@example.com', password: 'wrong wrong wrong' }).toString(),
        });
      const foreign: Record<string, string>[] = [
        { origin: 'https://evil.example' },
        { origin: 'http://www.example.test.evil.example' },
        { origin: 'null' },
        { origin: 'http://travel.example.test' },
        { 'sec-fetch-site': 'cross-site' },
      ];
      for (const headers of foreign) {
        const res = await send(headers);
        assert.equal(res.statusCode, 403, JSON.stringify(headers));
        assert.match(res.body, /another site|did not come from this site/);
      }
      const same: Record<string, string>[] = [{ origin: 'http://www.example.test' }, { 'sec-fetch-site': 'same-origin' }, {}];
      for (const headers of same) {
        const res = await send(headers);
        assert.equal(res.statusCode, 401, `${JSON.stringify(headers)}: the password is checked (and wrong)`);
      }
      t.clock.advance(60 * 60_000);
      await t.services.repositories.throttle.clear('account:victim@example.com');
    });

    test('6. parallel wrong passwords for one account: no more are checked than one by one', async () => {
      const c = new Client(t.app);
      await c.get('/admin/sign-in');
      const results = await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          t.app.inject({
            method: 'POST',
            url: '/admin/sign-in',
            remoteAddress: `10.9.${i}.1`,
            headers: {
              host: c.host,
              cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
              'content-type': 'application/x-www-form-urlencoded',
            },
            payload: new URLSearchParams({ _csrf: c.csrf, email: 'victim@example.com', password: `wrong ${i}` }).toString(),
          }),
        ),
      );
      const checked = results.filter((r) => r.statusCode === 401).length;
      const refused = results.filter((r) => r.statusCode === 429).length;
      assert.equal(checked + refused, 60);
      assert.ok(checked <= FREE_ACCOUNT_FAILURES, `${checked} passwords checked`);
      // The right password, after the lock: it still works, and clears the count.
      t.clock.advance(16 * 60_000);
      const ok = await c.post('/admin/sign-in', { email: 'victim@example.com', password: PASSWORD });
      assert.equal(ok.statusCode, 303, ok.body.slice(0, 300));
    });
  });
}
