/**
 * The dashboard's and the API's routes, built on their first request (src/server/on-first-use.ts): the
 * readers' app stands a route for each, kept in step with the apps here, and the very first request to
 * each tree answers as any later one does (a session, the CSRF check, HEAD, the 404s).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { API_ROUTES, DASHBOARD_ROUTES, type RouteList } from '../../src/server/on-first-use-routes.js';
import { testDatabases } from '../helpers/databases.js';
import { BROWSER_UA, startTestApp, type TestApp } from '../helpers/app.js';
import { makeBlog } from '../helpers/factories.js';

const listed = (routes: RouteList) => routes.flatMap(([url, methods]) => methods.split(' ').map((method) => `${method} ${url}`));

describe('routes built on first use', () => {
  let t: TestApp;
  /** The routes of the readers' app: the route table before any request. */
  let readers: number;
  before(async () => {
    t = await startTestApp(testDatabases[0]!, { routesOnFirstUse: true });
    readers = t.app.routeTable.length;
    await makeBlog(t.services, { name: 'www' });
  });
  after(() => t.close());

  const send = (method: string, url: string, headers: Record<string, string> = {}, payload?: string) =>
    t.app.inject({ method: method as 'GET', url, payload, headers: { host: 'www.example.test', 'user-agent': BROWSER_UA, ...headers } });

  test('the first requests, all at once, are answered by the dashboard and the API', async () => {
    const [signIn, head, missing, api] = await Promise.all([
      send('GET', '/admin/sign-in'),
      send('HEAD', '/admin/sign-in'),
      send('GET', '/admin/no-such-page'),
      send('GET', '/v3/blogs/byurl?url=http://www.example.test/'),
    ]);
    assert.equal(signIn.statusCode, 200);
    assert.match(signIn.body, /name="_csrf"/);
    assert.match(String(signIn.headers['content-security-policy']), /default-src 'self'/);
    assert.equal(head.statusCode, 200);
    assert.equal(head.body, '');
    assert.equal(missing.statusCode, 404);
    assert.match(missing.body, /There is no dashboard page at this address/);
    assert.equal(api.statusCode, 200);
    assert.match(String(api.headers['content-type']), /application\/json/);
  });

  test('the dashboard checks its forms’ tokens; misses answer as before', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    assert.equal((await send('POST', '/admin/sign-in', form, 'email=a%40b.c&password=x')).statusCode, 403);
    // No dashboard route takes POST here: the readers' app answers, and refuses it as the dashboard's CSRF check did.
    assert.equal((await send('POST', '/admin/no-such-page', form, 'a=b')).statusCode, 403);
    // `GET /v3/x` is the readers' `/:year/:month` (not a year: 404); DELETE has no readers' route, so the API's 404.
    assert.match(String((await send('GET', '/v3/nope')).headers['content-type']), /text\/html/);
    const del = await send('DELETE', '/v3/blogs/1');
    assert.equal(del.statusCode, 404);
    assert.equal(JSON.parse(del.body).error.code, 404);
    // The router folds these spellings into dashboard routes, so they reach the dashboard too.
    for (const url of ['//admin/sign-in', '/%61dmin/sign-in']) assert.equal((await send('GET', url)).statusCode, 200, url);
  });

  test('the readers’ app stands a route for each of the trees’ routes, and for no other', async () => {
    assert.ok(readers > 20);
    await t.app.buildEveryRoute();
    const built = t.app.routeTable.slice(readers).map((r) => `${r.method} ${r.url}`);
    const standing = [...listed(DASHBOARD_ROUTES), ...listed(API_ROUTES)];
    const unlisted = built.filter((key) => !standing.includes(key));
    assert.deepEqual(
      unlisted,
      [],
      `Routes of the dashboard or the API missing from src/server/on-first-use-routes.ts (a route outside /admin and /v3 belongs in the readers' app):\n${unlisted.join('\n')}`,
    );
    assert.deepEqual(
      standing.filter((key) => !built.includes(key)),
      [],
      'Routes in src/server/on-first-use-routes.ts that the apps no longer have',
    );
  });
});
