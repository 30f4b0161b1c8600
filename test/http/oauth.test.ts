/**
 * Sign-in for apps, driven end to end by a real OAuth client library (oauth4webapi) against the server
 * listening on 127.0.0.1: discovery (RFC 8414), PKCE S256, the consent screen in the dashboard, code,
 * tokens, the API with the access token, refresh with rotation, revocation (RFC 7009). And its misuse
 * refused: a wrong verifier (which also spends the code), a code used twice (which ends what it gave),
 * a redirect address not registered, no PKCE or `plain`, unknown scopes, a denied consent, a
 * confidential app without its secret, an expired or revoked token, a rotated refresh token used
 * again. IndieAuth: discovery from the blog's page, `me` as the blog, profile-only redemption.
 * On both databases.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import * as oauth from 'oauth4webapi';
import type { BlogRow, UserRow } from '../../src/storage/schema.js';
import { testDatabases } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { Client } from '../helpers/browser-client.js';
import { makeBlog, TestClock } from '../helpers/factories.js';

const insecure = { [oauth.allowInsecureRequests]: true };
const REDIRECT = 'https://app.example.org/callback';

/** The hidden fields of the consent form, as a browser would send them back. */
function consentFields(html: string): Record<string, string> {
  const form = /<form method="post" action="\/admin\/oauth\/authorize"[\s\S]*?<\/form>/.exec(html)?.[0] ?? '';
  const fields: Record<string, string> = {};
  for (const m of form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
    fields[m[1]!] = m[2]!
      .replaceAll('&amp;', '&')
      .replaceAll('&quot;', '"')
      .replaceAll('&#39;', "'")
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>');
  delete fields._csrf;
  return fields;
}

for (const database of testDatabases) {
  describe(`OAuth 2.0 and IndieAuth on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    let blog: BlogRow;
    let other: BlogRow;
    let owner: UserRow;
    let origin = '';
    let as: oauth.AuthorizationServer;
    let publicClient: oauth.Client;

    before(async () => {
      t = await startTestApp(database, { clock: new TestClock(Date.now()) });
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      origin = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
      blog = await makeBlog(t.services, { name: 'www', title: 'Signed blog' });
      other = await makeBlog(t.services, { name: 'other', title: 'Not given' });
      owner = await t.services.users.createUser({ email: `oauth-owner-${database.name}@example.com`, displayName: 'Owner' });
      await t.services.users.addMember(blog.id, owner.id, 'owner');
      await t.services.users.addMember(other.id, owner.id, 'owner');
      as = await oauth.processDiscoveryResponse(
        new URL(origin),
        await oauth.discoveryRequest(new URL(origin), { algorithm: 'oauth2', ...insecure }),
      );
    });
    after(async () => t?.close());

    /** The person at the browser: signed in, on the install's host as the app sent them there. */
    const browser = async () => {
      const client = new Client(t.app, new URL(origin).host);
      return client.signInAs(t.services, owner);
    };

    /** Runs the browser's leg: authorization request → consent → the app's redirect address with the answer. */
    async function authorize(
      client: oauth.Client,
      params: Record<string, string>,
      decide: (fields: Record<string, string>) => Record<string, string | string[]> | null = (f) => ({
        ...f,
        decision: 'allow',
        blogs: [blog.id],
      }),
    ) {
      const url = new URL(as.authorization_endpoint!);
      for (const [k, v] of Object.entries({ response_type: 'code', client_id: client.client_id, redirect_uri: REDIRECT, ...params }))
        if (v !== '') url.searchParams.set(k, v);
      const person = await browser();
      const first = await person.get(url.pathname + url.search);
      assert.equal(first.statusCode, 303);
      const consent = await person.get(first.headers.location as string);
      if (consent.statusCode !== 200) return { consent, location: consent.headers.location ?? null };
      const fields = decide(consentFields(consent.body));
      if (!fields) return { consent, location: null };
      const answer = await person.post('/admin/oauth/authorize', fields);
      return { consent, answer, location: answer.headers.location ?? null };
    }

    async function pkce() {
      const verifier = oauth.generateRandomCodeVerifier();
      return { verifier, challenge: await oauth.calculatePKCECodeChallenge(verifier) };
    }

    /** Redeems a code at the token endpoint, as the app would. */
    const redeem = async (client: oauth.Client, params: URLSearchParams, verifier: string, auth = oauth.None(), redirect = REDIRECT) =>
      oauth.processAuthorizationCodeResponse(
        as,
        client,
        await oauth.authorizationCodeGrantRequest(as, client, auth, params, redirect, verifier, insecure),
      );

    /** A whole browser leg with fresh PKCE: the callback's parameters and the verifier to redeem them with. */
    const signIn = async (client: oauth.Client, scope: string, state: string) => {
      const { verifier, challenge } = await pkce();
      const flow = await authorize(client, { scope, state, code_challenge: challenge, code_challenge_method: 'S256' });
      return { params: oauth.validateAuthResponse(as, client, new URL(flow.location!), state), verifier };
    };

    const api = (token: string, path: string) => fetch(`${origin}${path}`, { headers: { authorization: `Bearer ${token}` } });

    async function registerApp(confidential: boolean): Promise<{ id: string; secret: string | null }> {
      const person = await browser();
      await person.get('/admin/account/apps');
      const made = await person.post('/admin/account/apps', {
        name: confidential ? 'Server <app>' : 'Desk Editor',
        redirect_uris: `${REDIRECT}\nhttp://127.0.0.1:8976/cb`,
        ...(confidential ? { confidential: '1' } : {}),
      });
      assert.equal(made.statusCode, 200, made.body);
      const id = /id="client-id" type="text" readonly value="([^"]+)"/.exec(made.body)?.[1] ?? assert.fail('the client_id is shown');
      const secret = /id="client-secret" type="text" readonly value="([^"]+)"/.exec(made.body)?.[1] ?? null;
      return { id, secret };
    }

    test('discovery, consent, code, token, the API, refresh with rotation, revocation', async () => {
      assert.deepEqual(as.code_challenge_methods_supported, ['S256']);
      assert.ok(as.scopes_supported?.includes('https://www.googleapis.com/auth/blogger'));
      const app = await registerApp(false);
      publicClient = { client_id: app.id, token_endpoint_auth_method: 'none' };
      const { verifier, challenge } = await pkce();
      const state = oauth.generateRandomState();
      const flow = await authorize(publicClient, {
        scope: 'https://www.googleapis.com/auth/blogger',
        state,
        code_challenge: challenge,
        code_challenge_method: 'S256',
      });
      assert.match(flow.consent.body, /Desk Editor wants to use your Dastan account|Desk Editor/);
      assert.match(flow.consent.body, /Manage the blogs you choose/);
      assert.match(flow.consent.body, /Signed blog/);
      assert.match(flow.consent.body, /You will be sent back to .*app\.example\.org/);
      assert.equal(flow.answer!.statusCode, 303);
      const params = oauth.validateAuthResponse(as, publicClient, new URL(flow.location!), state);
      const tokens = await oauth.processAuthorizationCodeResponse(
        as,
        publicClient,
        await oauth.authorizationCodeGrantRequest(as, publicClient, oauth.None(), params, REDIRECT, verifier, insecure),
      );
      assert.equal(tokens.token_type, 'bearer');
      assert.ok(tokens.access_token.startsWith('dso_') && tokens.refresh_token?.startsWith('dsr_'));
      assert.ok(tokens.expires_in! > 3590 && tokens.expires_in! <= 3600, 'an hour');
      assert.equal(tokens.me, `http://example.test${/:\d+$/.exec(new URL(origin).host)?.[0] ?? ''}/`);
      const stored = JSON.stringify(await t.storage.db.selectFrom('oauth_tokens').selectAll().execute());
      assert.ok(!stored.includes(tokens.access_token) && !stored.includes(tokens.refresh_token!), 'only hashes are stored');

      assert.equal((await api(tokens.access_token, '/v3/users/self')).status, 200);
      assert.equal((await api(tokens.access_token, `/v3/blogs/${blog.id}/posts?status=draft`)).status, 200);
      assert.equal(
        (await api(tokens.access_token, `/v3/blogs/${other.id}/posts?status=draft`)).status,
        403,
        'a blog not chosen on the consent screen',
      );

      const refreshed = await oauth.processRefreshTokenResponse(
        as,
        publicClient,
        await oauth.refreshTokenGrantRequest(as, publicClient, oauth.None(), tokens.refresh_token!, insecure),
      );
      assert.notEqual(refreshed.refresh_token, tokens.refresh_token, 'the refresh token rotates');
      assert.equal((await api(tokens.access_token, '/v3/users/self')).status, 401, 'the old access token ends with the refresh');
      assert.equal((await api(refreshed.access_token, '/v3/users/self')).status, 200);

      const accounts = await browser();
      const apps = await accounts.get('/admin/account/apps');
      assert.match(apps.body, /Desk Editor/);
      assert.match(apps.body, /Signed blog/);

      await oauth.processRevocationResponse(
        await oauth.revocationRequest(as, publicClient, oauth.None(), refreshed.refresh_token!, insecure),
      );
      const revoked = await api(refreshed.access_token, '/v3/users/self');
      assert.equal(revoked.status, 401, 'revoking the refresh token ends the grant at once');
      assert.equal(((await revoked.json()) as { error: { errors: { reason: string }[] } }).error.errors[0]!.reason, 'authError');
      await assert.rejects(
        oauth.processRefreshTokenResponse(
          as,
          publicClient,
          await oauth.refreshTokenGrantRequest(as, publicClient, oauth.None(), refreshed.refresh_token!, insecure),
        ),
        (e: oauth.ResponseBodyError) => e.error === 'invalid_grant',
      );
    });

    test('PKCE misuse: a wrong verifier spends the code; a code used twice ends what it gave', async () => {
      const refusedAs = (error: string) => (e: oauth.ResponseBodyError) => e.error === error;
      const spent = await signIn(publicClient, 'read', 's1');
      await assert.rejects(redeem(publicClient, spent.params, oauth.generateRandomCodeVerifier()), refusedAs('invalid_grant'));
      await assert.rejects(
        redeem(publicClient, spent.params, spent.verifier),
        refusedAs('invalid_grant'),
        'the right verifier is too late: the code was spent',
      );

      const twice = await signIn(publicClient, 'read', 's2');
      const first = await redeem(publicClient, twice.params, twice.verifier);
      assert.equal((await api(first.access_token, '/v3/users/self')).status, 200);
      await assert.rejects(redeem(publicClient, twice.params, twice.verifier), refusedAs('invalid_grant'));
      assert.equal((await api(first.access_token, '/v3/users/self')).status, 401, 'a replayed code revokes the tokens it gave');

      // The token request must name the same redirect address as the authorization request.
      const moved = await signIn(publicClient, 'read', 's3');
      await assert.rejects(
        redeem(publicClient, moved.params, moved.verifier, oauth.None(), 'http://127.0.0.1:8976/cb'),
        refusedAs('invalid_request'),
      );
    });

    test('bad authorization requests: unregistered redirect, no PKCE, plain, unknown scope, denied', async () => {
      const { challenge } = await pkce();
      const stray = await authorize(publicClient, {
        redirect_uri: 'https://evil.example/steal',
        code_challenge: challenge,
        code_challenge_method: 'S256',
      });
      assert.equal(stray.consent.statusCode, 400);
      assert.equal(stray.location, null, 'never sent to an address the app did not register');
      assert.match(stray.consent.body, /did not register/);
      const unknown = await authorize({ client_id: 'dsc_nobody' }, { code_challenge: challenge, code_challenge_method: 'S256' });
      assert.equal(unknown.consent.statusCode, 400);

      for (const [params, error] of [
        [{ state: 'x' }, 'invalid_request'],
        [{ state: 'x', code_challenge: challenge, code_challenge_method: 'plain' }, 'invalid_request'],
        [{ state: 'x', code_challenge: challenge }, 'invalid_request'],
        [{ state: 'x', code_challenge: challenge, code_challenge_method: 'S256', scope: 'read everything' }, 'invalid_scope'],
        [{ state: 'x', code_challenge: challenge, code_challenge_method: 'S256', response_type: 'token' }, 'unsupported_response_type'],
      ] as const) {
        const bad = await authorize(publicClient, params);
        assert.equal(bad.consent.statusCode, 303, JSON.stringify(params));
        const back = new URL(bad.location!);
        assert.equal(back.origin + back.pathname, REDIRECT);
        assert.equal(back.searchParams.get('error'), error, JSON.stringify(params));
        assert.equal(back.searchParams.get('state'), 'x');
      }

      const denied = await authorize(
        publicClient,
        { state: 'd', scope: 'write', code_challenge: challenge, code_challenge_method: 'S256' },
        (f) => ({
          ...f,
          decision: 'deny',
        }),
      );
      assert.throws(
        () => oauth.validateAuthResponse(as, publicClient, new URL(denied.location!), 'd'),
        (e: oauth.AuthorizationResponseError) => e.error === 'access_denied',
      );

      const person = await browser();
      await person.get('/admin/account/apps');
      const forged = await person.post(
        '/admin/oauth/authorize',
        {
          client_id: publicClient.client_id,
          redirect_uri: REDIRECT,
          response_type: 'code',
          code_challenge: challenge,
          code_challenge_method: 'S256',
          decision: 'allow',
          blogs: blog.id,
        },
        { csrf: null },
      );
      assert.equal(forged.statusCode, 403, 'the consent form needs the CSRF token');
    });

    test('a confidential app needs its secret; expired tokens are refused; apps can be disconnected and deleted', async () => {
      const app = await registerApp(true);
      assert.ok(app.secret?.startsWith('dss_'), 'the secret is shown once');
      const client: oauth.Client = { client_id: app.id };
      const noSecret = await signIn(client, 'write', 'c');
      await assert.rejects(
        redeem(client, noSecret.params, noSecret.verifier),
        (e: oauth.ResponseBodyError) => e.error === 'invalid_client',
      );
      const wrong = await signIn(client, 'write', 'c2');
      await assert.rejects(
        redeem(client, wrong.params, wrong.verifier, oauth.ClientSecretPost('dss_wrong')),
        (e: oauth.ResponseBodyError) => e.error === 'invalid_client',
      );
      const right = await signIn(client, 'write', 'c3');
      const tokens = await redeem(client, right.params, right.verifier, oauth.ClientSecretPost(app.secret!));
      assert.equal((await api(tokens.access_token, `/v3/blogs/${blog.id}/posts?status=draft`)).status, 200);
      const inserted = await fetch(`${origin}/v3/blogs/${blog.id}/posts?isDraft=true`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.access_token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'From an app', content: '<p>Hi</p>' }),
      });
      assert.equal(inserted.status, 200, 'write scope writes');

      t.clock.advance(3601_000);
      assert.equal((await api(tokens.access_token, '/v3/users/self')).status, 401, 'an expired access token is refused at once');
      t.clock.advance(-3601_000);

      const person = await browser();
      await person.get('/admin/account/apps');
      assert.equal((await person.post('/admin/account/apps/disconnect', { client_id: app.id })).statusCode, 303);
      assert.equal((await api(tokens.access_token, '/v3/users/self')).status, 401, 'disconnecting ends its tokens');
      const later = await signIn(client, 'read', 'c4');
      const tokens4 = await redeem(client, later.params, later.verifier, oauth.ClientSecretPost(app.secret!));
      await person.get('/admin/account/apps');
      assert.equal((await person.post(`/admin/account/apps/${app.id}/delete`)).statusCode, 303);
      assert.equal((await api(tokens4.access_token, '/v3/users/self')).status, 401, 'deleting an app ends its tokens');
      const { challenge } = await pkce();
      const gone = await authorize(client, { scope: 'read', state: 'c5', code_challenge: challenge, code_challenge_method: 'S256' });
      assert.equal(gone.consent.statusCode, 400);
    });

    test('IndieAuth: discovery from the blog’s page, `me` is the blog, profile-only redemption', async () => {
      const home = await fetch(`${origin}/`, { headers: { host: 'example.test' } });
      assert.match(home.headers.get('link') ?? '', /\/\.well-known\/oauth-authorization-server>; rel="indieauth-metadata"/);
      const indie: oauth.Client = { client_id: 'https://app.example.org/', token_endpoint_auth_method: 'none' };
      const { verifier, challenge } = await pkce();
      const flow = await authorize(
        indie,
        { scope: 'profile', state: 'i', me: 'http://other.example.test/', code_challenge: challenge, code_challenge_method: 'S256' },
        (f) => ({
          ...f,
          decision: 'allow',
          blogs: [other.id],
        }),
      );
      assert.match(flow.consent.body, /https:\/\/app\.example\.org\//);
      const params = oauth.validateAuthResponse(as, indie, new URL(flow.location!), 'i');
      const profile = await fetch(`${origin}/oauth/authorize`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code: params.get('code')!,
          client_id: indie.client_id,
          redirect_uri: REDIRECT,
          code_verifier: verifier,
        }),
      });
      assert.equal(profile.status, 200);
      const body = (await profile.json()) as { me: string; access_token?: string };
      assert.match(body.me, /^http:\/\/other\.example\.test(:\d+)?\/$/);
      assert.equal(body.access_token, undefined, 'profile only');

      const stray = await authorize(
        { client_id: 'https://app.example.org/' },
        { redirect_uri: 'https://elsewhere.example/cb', code_challenge: challenge, code_challenge_method: 'S256' },
      );
      assert.equal(stray.consent.statusCode, 400, 'an IndieAuth app comes back only to its own origin');
    });

    test('IndieAuth discovery is in every bundled theme’s <head> as well as in the Link header', async () => {
      for (const theme of ['default', 'minimal', 'magazine']) {
        await t.services.themes.chooseTheme(blog, theme);
        const home = await t.get('www', '/');
        const head = home.body.slice(0, home.body.indexOf('</head>'));
        for (const [rel, path] of [
          ['indieauth-metadata', '/.well-known/oauth-authorization-server'],
          ['authorization_endpoint', '/oauth/authorize'],
          ['token_endpoint', '/oauth/token'],
        ] as const) {
          assert.ok(head.includes(`<link rel="${rel}" href="http://example.test${path}">`), `${theme}: <link rel="${rel}"> in the head`);
          // The header names the host asked (here www.), the head the blog's own address: the same install either way.
          assert.match(
            String(home.headers.link),
            new RegExp(`<http://(www\\.)?example\\.test${path.replaceAll('.', '\\.')}>; rel="${rel}"`),
            `${theme}: Link ${rel}`,
          );
        }
      }
      await t.services.themes.chooseTheme(blog, 'default');
    });
  });
}
