/**
 * The CSRF proof, generated from Fastify's route table: every state-changing route is sent, signed in
 * as the blog's owner, (a) without a token, (b) with another session's token, (c) with its own valid
 * token but a foreign Origin, and (d) without a token under encoded, doubled-slash, trailing-slash,
 * upper-case and `;param` spellings of its path. Every one must be refused (403, or 404 where the
 * spelling names no route), no session may be started, and the database must be unchanged at the end.
 * A new state-changing route fails the test until it is either checked (nothing to do: the dashboard's
 * check covers every `/admin` route) or listed in EXEMPT with the reason it needs no token.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Services } from '../../src/services.js';
import { BEACON_PATH } from '../../src/server/routes/beacon.routes.js';
import { testDatabases } from '../helpers/databases.js';
import { BROWSER_UA, startTestApp, type TestApp } from '../helpers/app.js';
import { Client } from '../helpers/browser-client.js';
import { makeBlog, makePost } from '../helpers/factories.js';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Public state-changing routes that take no CSRF token, and why. The Origin check still applies to them.
 * To add one: `'POST /your/route': 'why a forged request can do no harm'`.
 */
const EXEMPT: Record<string, string> = {
  [`POST ${BEACON_PATH}`]: 'a view count for a live post, answered 204 whatever it holds; nothing of a user’s changes',
  'POST /comments/moderate': 'acts only with the signed one-use token mailed to the blog’s owner, sent in the form',
  'POST /comments/unsubscribe': 'acts only with the signed token mailed to the commenter, sent in the form',
  'POST /subscribe':
    'a reader asking to follow by e-mail: no session is used, and all it does is mail a confirm link to that address (signed time stamp, honeypot, proof of work from a script, rate limits per client and per address, one mail per address per 10 minutes)',
  'POST /contact':
    'a reader’s message to the blog’s owners: no session is used, and all it does is put a message in the inbox (signed time stamp, honeypot, flood check, the content screens)',
  'POST /subscribe/confirm': 'acts only with the signed single-use token mailed to the subscriber, sent in the form',
  'POST /unsubscribe': 'RFC 8058 one-click unsubscribe: acts only with the signed token in the mailed link, and can only stop mail',
};

/**
 * Routes that other sites call by design, so neither a CSRF token nor the Origin check applies, and why
 * a forged request can do no harm: they read no cookie, and what authorises them cannot be had by a
 * page that merely sends the user's browser there.
 */
const CROSS_ORIGIN_BY_DESIGN: Record<string, string> = {
  'POST /oauth/token':
    'OAuth token endpoint (RFC 6749 §3.2): apps in a browser call it from their own origin; it reads no cookie, and a code needs its PKCE verifier, a refresh token is itself the secret',
  'POST /oauth/revoke': 'OAuth revocation (RFC 7009): the app names a token it holds; it reads no cookie and can only end access',
  'POST /oauth/authorize':
    'IndieAuth’s profile-only code redemption: a back-channel call with the code and its PKCE verifier; it reads no cookie and answers only `me`',
};

/** The Blogger API (`/v3/…`) authenticates by a bearer token in the Authorization header, which no browser sends on its own. */
const exempt = (key: string) => EXEMPT[key] !== undefined || CROSS_ORIGIN_BY_DESIGN[key] !== undefined || / \/v3\//.test(key);

/** Public routes whose handler checks the token itself (the dashboard's check covers every `/admin` route). */
const CHECKED_IN_HANDLER = new Set(['POST /comments', 'POST /comments/:id/edit', 'POST /comments/:id/delete']);

/** A concrete path for a route pattern: `:blog` is the walk's blog, other parameters a plausible ID. */
function pathOf(pattern: string, postId: string): string {
  return pattern
    .replace(':blog', 'www')
    .replace(/:(id|post)\b/g, postId)
    .replace(/:[A-Za-z]+/g, '1')
    .replace('*', 'x');
}

function spellings(path: string): [string, string][] {
  const first = path.charCodeAt(1).toString(16);
  return [
    ['encoded', `/%${first}${path.slice(2)}`],
    ['doubled slash', `/${path}`],
    ['inner doubled slash', path.replace(/\/([^/]*)$/, '//$1')],
    ['trailing slash', `${path}/`],
    ['upper-case', path.toUpperCase()],
    [';param', `${path};x=1`],
  ];
}

async function snapshot(s: Services): Promise<string> {
  const db = s.storage.db;
  const tables = await Promise.all([
    db.selectFrom('posts').select(['id', 'status', 'title', 'updated_at']).orderBy('id').execute(),
    db.selectFrom('memberships').selectAll().orderBy('blog_id').orderBy('user_id').execute(),
    db.selectFrom('blogs').selectAll().orderBy('id').execute(),
    db.selectFrom('auth_tokens').select(['id', 'used_at']).orderBy('id').execute(),
    db.selectFrom('sessions').select('id').orderBy('id').execute(),
    db.selectFrom('comments').select(['id', 'status', 'updated_at']).orderBy('id').execute(),
    db.selectFrom('theme_files').selectAll().orderBy('blog_id').orderBy('file').execute(),
    db.selectFrom('contact_messages').select(['id', 'folder', 'read_at']).orderBy('id').execute(),
  ]);
  return JSON.stringify(tables);
}

for (const database of testDatabases) {
  describe(`CSRF matrix on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    let owner: Client;
    let other: Client;
    let postId: string;
    before(async () => {
      t = await startTestApp(database, { allowSignup: true });
      const blog = await makeBlog(t.services, { name: 'www' });
      postId = (await makePost(t.services, blog)).id;
      const user = await t.services.users.createUser({ email: 'owner@example.com', password: 'correct horse battery' });
      await t.services.users.addMember(blog.id, user.id, 'owner');
      const stranger = await t.services.users.createUser({ email: 'stranger@example.com' });
      owner = await new Client(t.app).signInAs(t.services, user);
      other = await new Client(t.app).signInAs(t.services, stranger);
    });
    after(() => t.close());

    const stateChanging = () => t.app.routeTable.filter((r) => !SAFE.has(r.method));

    test('every state-changing route is checked or exempt with a reason', () => {
      const unknown = stateChanging()
        .map((r) => `${r.method} ${r.url}`)
        .filter((key) => !key.startsWith(`${key.split(' ')[0]} /admin`) && !exempt(key) && !CHECKED_IN_HANDLER.has(key));
      assert.deepEqual(
        unknown,
        [],
        `Public state-changing routes outside /admin take no part in the dashboard's CSRF check. Check the token in the handler (Csrf.isValid) and add each to CHECKED_IN_HANDLER, or add it to EXEMPT in ${import.meta.filename} as "'METHOD /path': 'why a forged request can do no harm'".`,
      );
    });

    test('no token, another session’s token, a foreign Origin, and odd spellings are all refused; nothing changes', async () => {
      const routes = stateChanging();
      assert.ok(routes.length >= 40, `${routes.length} state-changing routes`);
      const before = await snapshot(t.services);
      const problems: string[] = [];
      let checks = 0;
      const send = async (method: string, url: string, client: Client, token: string | null, headers: Record<string, string> = {}) => {
        checks++;
        const params = new URLSearchParams({
          title: 'Forged',
          body: '<p>forged</p>',
          postId,
          name: 'Mallory',
          email: 'owner@example.com',
          password: 'correct horse battery',
        });
        if (token !== null) params.set('_csrf', token);
        return t.app.inject({
          method: method as 'POST',
          url,
          headers: {
            host: client.host,
            'user-agent': BROWSER_UA,
            accept: 'application/json',
            cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
            'content-type': 'application/x-www-form-urlencoded',
            ...headers,
          },
          payload: params.toString(),
        });
      };
      await owner.get('/admin');
      const ownToken = owner.csrf;
      await other.get('/admin');
      const otherToken = other.csrf;
      for (const route of routes) {
        const key = `${route.method} ${route.url}`;
        // Exempt from the Origin check too: the Blogger API (bearer tokens, CORS) and one-click unsubscribe (RFC 8058).
        if (/^[A-Z]+ \/v3\//.test(key) || key === 'POST /unsubscribe' || CROSS_ORIGIN_BY_DESIGN[key] !== undefined) continue;
        const path = pathOf(route.url, postId);
        const refused = (what: string, res: { statusCode: number; body: string; cookies: { name: string }[] }, allow404 = false) => {
          const ok = res.statusCode === 403 || (allow404 && (res.statusCode === 404 || res.statusCode === 405));
          if (!ok) problems.push(`${key} ${what} (${path}) → ${res.statusCode} ${res.body.slice(0, 120)}`);
          if (res.cookies.some((c) => c.name === 'dastan_session')) problems.push(`${key} ${what}: a session cookie was set`);
        };
        refused(
          'with a foreign Origin and a valid token',
          await send(route.method, path, owner, ownToken, { origin: 'https://evil.example' }),
        );
        refused('sent cross-site', await send(route.method, path, owner, ownToken, { 'sec-fetch-site': 'cross-site' }));
        if (exempt(key)) continue;
        refused('without a token', await send(route.method, path, owner, null));
        refused('with another session’s token', await send(route.method, path, owner, otherToken));
        for (const [name, spelled] of spellings(path)) refused(`spelled ${name}`, await send(route.method, spelled, owner, null), true);
      }
      assert.deepEqual(problems, []);
      assert.equal(await snapshot(t.services), before, 'a refused request changed the database');
      console.log(`csrf matrix (${database.name}): ${routes.length} state-changing routes, ${checks} forged requests, 0 let through`);
    });
  });
}
