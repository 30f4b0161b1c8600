/**
 * Sign-in for apps in Chromium, as a person meets it: an app (registered in the dashboard) sends the
 * browser to the authorization endpoint; the person signs in with their password, sees the consent
 * screen name the app, their blogs and what it may do, and allows it; the browser lands on the app's
 * real redirect address (a server listening on 127.0.0.1) with a code, which the app redeems with its
 * PKCE verifier (oauth4webapi) for tokens that reach the API, refresh, and end with revocation (401).
 * Denying lands there with `access_denied`. PKCE misuse with codes got through the browser is refused:
 * a wrong verifier, a code used twice, a redirect address never registered (the browser is not sent
 * there at all). The full misuse matrix over HTTP is in test/http/oauth.test.ts.
 * Screenshots of the consent screen and the webhooks pages, at 1280 and 375 px, in English and in Urdu
 * (right to left), go to docs/screenshots/.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as oauth from 'oauth4webapi';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { BlogRow, UserRow } from '../../src/storage/schema.js';
import { browserSkip, launchChromium, serveTestApp, type ServedApp } from '../helpers/browser.js';
import { testDatabases } from '../helpers/databases.js';
import { makeBlog, TestClock } from '../helpers/factories.js';

const sqlite = testDatabases.find((d) => d.name === 'sqlite')!;
const SHOTS = path.join(process.cwd(), 'docs', 'screenshots');
const PASSWORD = 'a very good password';
const insecure = { [oauth.allowInsecureRequests]: true };
const BLOGGER_SCOPE = 'https://www.googleapis.com/auth/blogger';
const VIEWPORTS = [
  { label: '1280', options: { viewport: { width: 1280, height: 900 } } },
  { label: '375', options: { viewport: { width: 375, height: 800 }, isMobile: true, hasTouch: true } },
] as const;

/** The app's side: a redirect address that listens, and keeps the query of each arrival. */
async function startCallback() {
  const arrivals: URLSearchParams[] = [];
  let hooks = 0;
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/callback') arrivals.push(url.searchParams);
    // A webhook receiver beside it, for the delivery log in the screenshots: every other try fails.
    if (url.pathname === '/hook') hooks += 1;
    response.writeHead(url.pathname === '/hook' && hooks % 2 === 1 ? 500 : 200, { 'content-type': 'text/html; charset=utf-8' });
    response.end('<!doctype html><title>Desk Editor</title><h1>Back in Desk Editor</h1>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`;
  return { url, arrivals, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('sign-in for apps in Chromium: consent, code, token, refresh, revoke', { skip: browserSkip }, () => {
  let t: ServedApp;
  let browser: Browser;
  let callback: Awaited<ReturnType<typeof startCallback>>;
  let owner: UserRow;
  let urduOwner: UserRow;
  let blog: BlogRow;
  let urdu: BlogRow;
  let as: oauth.AuthorizationServer;
  let app: oauth.Client;
  let origin = '';

  before(async () => {
    // Codes and tokens expire by the wall clock the OAuth library reads, so the app's clock starts now.
    t = await serveTestApp(sqlite, { clock: new TestClock(Date.now()), outboundAllow: ['127.0.0.1'] });
    browser = await launchChromium();
    callback = await startCallback();
    // The install's own address (Node's fetch, which the app's library uses, cannot resolve *.example.test).
    origin = `http://127.0.0.1:${t.port}`;
    blog = await makeBlog(t.services, { name: 'www', title: 'Walks' });
    const diary = await makeBlog(t.services, { name: 'diary', title: 'Diary' });
    urdu = await makeBlog(t.services, { name: 'urdu', title: 'سیر', language: 'ur' });
    owner = await t.services.users.createUser({ email: 'owner@example.com', displayName: 'Olive Owner', password: PASSWORD });
    urduOwner = await t.services.users.createUser({ email: 'urdu@example.com', displayName: 'عائشہ', password: PASSWORD });
    await t.storage.db.updateTable('users').set({ language: 'ur' }).where('id', '=', urduOwner.id).execute();
    await t.services.users.addMember(blog.id, owner.id, 'owner');
    await t.services.users.addMember(diary.id, owner.id, 'author');
    await t.services.users.addMember(urdu.id, urduOwner.id, 'owner');
    as = await oauth.processDiscoveryResponse(
      new URL(origin),
      await oauth.discoveryRequest(new URL(origin), { algorithm: 'oauth2', ...insecure }),
    );
  });
  after(async () => {
    await browser?.close();
    await callback?.close();
    await t?.close();
  });

  /** Signs in on the sign-in page the dashboard sends a signed-out person to. */
  async function signIn(page: Page, email: string) {
    await page.waitForURL(/\/admin\/sign-in\?next=/);
    await page.locator('input[name="email"]').fill(email);
    await page.locator('input[name="password"]').fill(PASSWORD);
    await page.locator('form[action="/admin/sign-in"] button[type="submit"]').click();
  }

  /** Starts the app's request in the browser, with fresh PKCE and state. */
  async function startFlow(page: Page, redirect = callback.url) {
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const url = new URL(as.authorization_endpoint!);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: app.client_id,
      redirect_uri: redirect,
      scope: BLOGGER_SCOPE,
      state,
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    }).toString();
    const response = await page.goto(url.href);
    return { verifier, state, response };
  }

  /** A signed-in browser context (for the later flows and the screenshots). */
  async function signedIn(user: UserRow, options: object = VIEWPORTS[0].options): Promise<BrowserContext> {
    const context = await browser.newContext(options);
    const session = await t.services.sessions.start(user);
    await context.addCookies([{ name: 'dastan_session', value: session.token, url: origin }]);
    return context;
  }

  const redeem = async (params: URLSearchParams, verifier: string) =>
    oauth.processAuthorizationCodeResponse(
      as,
      app,
      await oauth.authorizationCodeGrantRequest(as, app, oauth.None(), params, callback.url, verifier, insecure),
    );
  const api = (token: string, url: string) => fetch(`${origin}${url}`, { headers: { authorization: `Bearer ${token}` } });

  test('register, sign in, consent, code at the redirect address, token, API, refresh, revoke → 401', async () => {
    const context = await browser.newContext(VIEWPORTS[0].options);
    try {
      const page = await context.newPage();
      // The developer registers the app in their account (signed in through the sign-in page).
      await page.goto(`${origin}/admin/account/apps`);
      await signIn(page, 'owner@example.com');
      await page.waitForURL(/\/admin\/account\/apps$/);
      await page.getByLabel('Name', { exact: true }).fill('Desk Editor');
      await page.locator('#app-redirects').fill(callback.url);
      await page.getByRole('button', { name: 'Register app' }).click();
      app = { client_id: await page.locator('#client-id').inputValue(), token_endpoint_auth_method: 'none' };
      assert.ok(app.client_id.length > 10);
      await context.clearCookies();

      // The app sends the signed-out person to the authorization endpoint.
      const { verifier, state } = await startFlow(page);
      await signIn(page, 'owner@example.com');
      await page.waitForURL(/\/admin\/oauth\/authorize\?/);
      const consent = page.locator('section.consent');
      assert.equal(await consent.locator('h2').textContent(), 'Desk Editor wants to use your Dastan account');
      assert.match((await consent.textContent()) ?? '', /You are signed in as owner@example\.com/);
      assert.match((await consent.locator('ul').textContent()) ?? '', /Manage the blogs you choose/);
      const choices = consent.locator('label.choice');
      assert.deepEqual((await choices.allTextContents()).map((s) => s.trim().split(/\s+/)[0]).sort(), ['Diary', 'Walks']);
      assert.match((await consent.textContent()) ?? '', /You will be sent back to 127\.0\.0\.1/);
      // Only Walks is given.
      await consent.getByRole('checkbox', { name: /Diary/ }).uncheck();
      await consent.getByRole('checkbox', { name: /Walks/ }).check();
      await consent.getByRole('button', { name: 'Allow' }).click();
      await page.waitForURL((u) => u.href.startsWith(callback.url));
      assert.equal(await page.locator('h1').textContent(), 'Back in Desk Editor', 'the browser is at the app’s own address');
      const params = oauth.validateAuthResponse(as, app, new URL(page.url()), state);
      assert.equal(callback.arrivals.at(-1)?.get('code'), params.get('code'), 'the listening redirect address got the code');

      const tokens = await redeem(params, verifier);
      assert.equal((await api(tokens.access_token, `/v3/blogs/${blog.id}/posts?status=draft`)).status, 200);
      const me = (await (await api(tokens.access_token, '/v3/users/self/blogs')).json()) as { items?: { name: string }[] };
      assert.deepEqual(
        me.items?.map((b) => b.name),
        ['Walks'],
        'only the blog chosen on the consent screen',
      );
      const refreshed = await oauth.processRefreshTokenResponse(
        as,
        app,
        await oauth.refreshTokenGrantRequest(as, app, oauth.None(), tokens.refresh_token!, insecure),
      );
      assert.equal((await api(refreshed.access_token, '/v3/users/self')).status, 200);
      assert.equal((await api(tokens.access_token, '/v3/users/self')).status, 401, 'the access token before the refresh has ended');
      await oauth.processRevocationResponse(await oauth.revocationRequest(as, app, oauth.None(), refreshed.refresh_token!, insecure));
      assert.equal((await api(refreshed.access_token, '/v3/users/self')).status, 401, 'revoked: 401 at once');
    } finally {
      await context.close();
    }
  });

  test('deny sends the browser back with access_denied and no code', async () => {
    const context = await signedIn(owner);
    try {
      const page = await context.newPage();
      const { state } = await startFlow(page);
      await page.getByRole('button', { name: 'Deny' }).click();
      await page.waitForURL((u) => u.href.startsWith(callback.url));
      const back = new URL(page.url()).searchParams;
      assert.equal(back.get('error'), 'access_denied');
      assert.equal(back.get('state'), state);
      assert.equal(back.get('code'), null);
    } finally {
      await context.close();
    }
  });

  test('PKCE misuse with codes from the browser: wrong verifier, a code used twice, an unregistered address', async () => {
    const context = await signedIn(owner);
    try {
      const page = await context.newPage();
      const allow = async () => {
        const flow = await startFlow(page);
        await page.getByRole('checkbox', { name: /Walks/ }).check();
        await page.getByRole('button', { name: 'Allow' }).click();
        await page.waitForURL((u) => u.href.startsWith(callback.url));
        return { ...flow, params: oauth.validateAuthResponse(as, app, new URL(page.url()), flow.state) };
      };
      const isInvalidGrant = (e: oauth.ResponseBodyError) => e.error === 'invalid_grant';

      const wrong = await allow();
      await assert.rejects(redeem(wrong.params, oauth.generateRandomCodeVerifier()), isInvalidGrant, 'a wrong verifier');
      await assert.rejects(redeem(wrong.params, wrong.verifier), isInvalidGrant, 'and the code is spent by the try');

      const twice = await allow();
      const first = await redeem(twice.params, twice.verifier);
      await assert.rejects(redeem(twice.params, twice.verifier), isInvalidGrant, 'a code used twice');
      assert.equal((await api(first.access_token, '/v3/users/self')).status, 401, 'and what it gave ends');

      const arrived = callback.arrivals.length;
      const stray = await startFlow(page, 'http://127.0.0.1:9/not-registered');
      assert.equal(stray.response?.status(), 400, 'refused on Dastan’s own page');
      assert.ok(page.url().startsWith(origin), 'the browser is never sent to an address not registered');
      assert.equal(callback.arrivals.length, arrived);
    } finally {
      await context.close();
    }
  });

  test('screenshots: the consent screen and the webhooks pages, 1280 and 375 px, English and Urdu', async () => {
    const hookUrl = callback.url.replace('/callback', '/hook');
    const hook = await t.services.webhooks.create(blog.id, owner.id, hookUrl, ['post.published', 'comment.created']);
    const urduHook = await t.services.webhooks.create(urdu.id, urduOwner.id, hookUrl, ['post.published']);
    for (const [on, type] of [
      [blog, 'post.published'],
      [blog, 'comment.created'],
      [urdu, 'post.published'],
    ] as const) {
      await t.services.webhooks.emit(on.id, type, { example: true });
      await t.services.jobs.drainForTests();
      t.clock.advance(11_000);
      await t.services.jobs.drainForTests();
    }
    for (const [who, user, blogName, hookId] of [
      ['en', owner, 'www', hook.id],
      ['ur', urduOwner, 'urdu', urduHook.id],
    ] as const) {
      for (const { label, options } of VIEWPORTS) {
        const context = await signedIn(user, options);
        try {
          const page = await context.newPage();
          await startFlow(page);
          assert.equal(await page.locator('section.consent').count(), 1);
          if (who === 'ur') assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          assert.ok(overflow <= 0, `${who} ${label}: the consent screen does not scroll sideways`);
          await page.screenshot({ path: path.join(SHOTS, `oauth-consent-${who}-${label}.png`), fullPage: true });
          for (const [name, url] of [
            ['webhooks', `/admin/blogs/${blogName}/webhooks`],
            ['webhook-log', `/admin/blogs/${blogName}/webhooks/${hookId}`],
          ] as const) {
            assert.equal((await page.goto(`${origin}${url}`))?.status(), 200);
            await page.screenshot({ path: path.join(SHOTS, `${name}-${who}-${label}.png`), fullPage: true });
          }
        } finally {
          await context.close();
        }
      }
    }
  });
});
