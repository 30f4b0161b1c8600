/**
 * The on-demand TLS question (`GET /_dastan/tls-ask?domain=HOST`, Caddy's `on_demand_tls ask`) on both
 * databases: yes (200) for a blog's custom domain, its name under the base domain and the base domain of
 * the primary blog; no (404) for any other name and once a custom domain is taken off; 400 for what is
 * not a host name. A Host header naming a blog does not change the answer.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TLS_ASK_PATH } from '../../src/server/routes/tls-ask.routes.js';
import type { BlogRow } from '../../src/storage/schema.js';
import { testDatabases } from '../helpers/databases.js';
import { hostOf, startTestApp, type TestApp } from '../helpers/app.js';
import { makeBlog, TEST_BASE_DOMAIN } from '../helpers/factories.js';

for (const database of testDatabases) {
  describe(`the TLS ask endpoint on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    let travel: BlogRow;

    before(async () => {
      t = await startTestApp(database);
      await makeBlog(t.services, { name: 'www', title: 'Primary' });
      travel = await makeBlog(t.services, { name: 'travel', title: 'Travel' });
      await t.services.blogs.updateSettings(travel.id, { customDomain: 'Walks.Example.org' });
    });
    after(() => t.close());

    const ask = (domain: string | undefined, host = '127.0.0.1:3000') =>
      t.app.inject({
        method: 'GET',
        url: domain === undefined ? TLS_ASK_PATH : `${TLS_ASK_PATH}?domain=${encodeURIComponent(domain)}`,
        headers: { host },
      });

    test('yes for the names this install serves, no for any other', async () => {
      for (const domain of ['walks.example.org', 'WALKS.example.org', hostOf('travel'), hostOf('www'), TEST_BASE_DOMAIN]) {
        const res = await ask(domain);
        assert.equal(res.statusCode, 200, domain);
        assert.equal(res.headers['cache-control'], 'no-store');
      }
      for (const domain of ['example.org', 'evil.example', `nosuchblog.${TEST_BASE_DOMAIN}`, 'walks.example.org.evil.example'])
        assert.equal((await ask(domain)).statusCode, 404, domain);
      assert.equal((await ask('evil.example', 'walks.example.org')).statusCode, 404, 'the Host header is not the question');
    });

    test('400 for what is not a host name', async () => {
      for (const domain of [undefined, '', 'walks.example.org:443', 'user@walks.example.org', 'walks.example.org/x', 'x'.repeat(300)])
        assert.equal((await ask(domain)).statusCode, 400, String(domain));
    });

    test('a custom domain taken off is answered no at once', async () => {
      await t.services.blogs.updateSettings(travel.id, { customDomain: null });
      assert.equal((await ask('walks.example.org')).statusCode, 404);
    });
  });
}
