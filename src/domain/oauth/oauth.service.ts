/**
 * Sign-in for apps: one OAuth 2.0 authorization server (authorization code with PKCE S256 only, refresh
 * tokens, RFC 7009 revocation) that is also an IndieAuth server (`me` is a blog's address). The protocol
 * is @node-oauth/oauth2-server's; this service adds what Dastan decides: who registered which app,
 * which blogs a user gave it on the consent screen, and what its access token may do with the API
 * (never more than the user's role on each blog, checked on every request).
 */
import { randomBytes } from 'node:crypto';
import type OAuth2Server from '@node-oauth/oauth2-server';
import { z } from 'zod';
import { InvalidInputError } from '../errors.js';
import type { OAuthClientRow } from '../../storage/schema.js';
import type { OAuthRepository } from '../../storage/repositories/oauth.repository.js';
import type { ApiGrant } from '../api/api-token.service.js';
import { ACCESS_LIFETIME_S, ACCESS_TOKEN_PREFIX, REFRESH_LIFETIME_S, createOAuthModel, isClientUrl, sha256 } from './oauth-model.js';
import { isSupportedScope, levelOfScopes } from './oauth-scopes.js';

/** An authorization request that cannot go back to the app (unknown app, unregistered redirect): shown to the user. */
export class AuthorizationRequestError extends InvalidInputError {}

export interface HttpLike {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, unknown>;
  body: Record<string, unknown>;
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/** An authorization request the consent screen shows. */
export interface AuthorizationAsk {
  clientId: string;
  clientName: string;
  /** IndieAuth apps are known by their URL, registered ones by the name their developer gave. */
  indieAuth: boolean;
  redirectUri: string;
  scopes: string[];
  state: string;
  me: string;
  codeChallenge: string;
}

const registration = z.object({
  name: z.string().trim().min(1, 'Give the app a name.').max(100, 'An app’s name is at most 100 characters.'),
  homepage: z.string().trim().max(2000).optional(),
  redirectUris: z.array(z.string().trim().min(1)).min(1, 'Give at least one redirect address.').max(10, 'At most 10 redirect addresses.'),
  confidential: z.boolean(),
});

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** A redirect address an app may register: https, or http on the machine itself (native apps, RFC 8252 §7.3), no fragment. */
function checkRedirectUri(uri: string): string {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new InvalidInputError(`“${uri.slice(0, 100)}” is not a full address.`, 'redirectUris');
  }
  const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
  const customScheme = /^[a-z][a-z0-9+.-]*\.[a-z0-9+.-]+:$/.test(url.protocol); // com.example.app:/callback (RFC 8252 §7.1)
  if (!(url.protocol === 'https:' || (url.protocol === 'http:' && local) || customScheme) || url.hash || uri.length > 2000)
    throw new InvalidInputError('A redirect address uses https (or http on localhost) and has no #fragment.', 'redirectUris');
  return uri;
}

export class OAuthService {
  private readonly model;
  /** The library and its server, loaded on the first authorization or token (some 300 KB of code a blog never using OAuth does not need). */
  private library: Promise<{ OAuth: typeof OAuth2Server; server: OAuth2Server }> | undefined;

  constructor(
    private readonly repo: OAuthRepository,
    private readonly now: () => number = Date.now,
  ) {
    this.model = createOAuthModel(repo, now);
  }

  private oauthLibrary(): Promise<{ OAuth: typeof OAuth2Server; server: OAuth2Server }> {
    this.library ??= import('@node-oauth/oauth2-server').then(({ default: OAuth }) => ({
      OAuth,
      server: new OAuth({
        model: this.model,
        accessTokenLifetime: ACCESS_LIFETIME_S,
        refreshTokenLifetime: REFRESH_LIFETIME_S,
        authorizationCodeLifetime: 600,
        allowExtendedTokenAttributes: true,
        alwaysIssueNewRefreshToken: true,
        // Public apps (PKCE only) send no secret; confidential ones must (see the model's getClient).
        requireClientAuthentication: { authorization_code: false, refresh_token: false },
      }),
    }));
    return this.library;
  }

  /** Registers an app of the user's; returns its row and, for a confidential app, its secret (shown once). */
  async registerClient(
    userId: string,
    input: { name: string; homepage?: string; redirectUris: string[]; confidential: boolean },
  ): Promise<{ row: OAuthClientRow; secret: string | null }> {
    const parsed = registration.safeParse(input);
    if (!parsed.success) throw new InvalidInputError(parsed.error.issues[0]!.message, String(parsed.error.issues[0]!.path[0] ?? ''));
    const redirectUris = [...new Set(parsed.data.redirectUris.map(checkRedirectUri))];
    const homepage = parsed.data.homepage ? checkRedirectUri(parsed.data.homepage) : null;
    const secret = parsed.data.confidential ? `dss_${randomBytes(32).toString('base64url')}` : null;
    const at = this.now();
    const row: OAuthClientRow = {
      id: `dsc_${randomBytes(12).toString('hex')}`,
      user_id: userId,
      name: parsed.data.name,
      homepage,
      redirect_uris: JSON.stringify(redirectUris),
      secret_hash: secret ? sha256(secret) : null,
      created_at: at,
      deleted_at: null,
    };
    await this.repo.insertClient(row);
    return { row, secret };
  }

  clientsOf(userId: string): Promise<OAuthClientRow[]> {
    return this.repo.clientsOfUser(userId);
  }

  async deleteClient(userId: string, id: string): Promise<boolean> {
    return this.repo.deleteClient(userId, id, this.now());
  }

  /**
   * Checks an authorization request for the consent screen. An unknown app or a redirect address it
   * did not register is an AuthorizationRequestError (never sent back to that address); any other
   * fault comes back as the redirect the app should get (`error=…`).
   */
  async ask(query: Record<string, unknown>, issuer: string): Promise<AuthorizationAsk | { redirect: string }> {
    const clientId = text(query.client_id);
    const redirectUri = text(query.redirect_uri);
    const client = clientId ? await this.model.getClient(clientId, null) : false;
    if (!client) throw new AuthorizationRequestError('This app is not known here: its client_id is missing or was never registered.');
    if (!redirectUri || !(await this.model.validateRedirectUri(redirectUri, client)))
      throw new AuthorizationRequestError(
        'This app asked to come back to an address it did not register (redirect_uri), so it was stopped here.',
      );
    const state = text(query.state);
    const back = (error: string, description: string) => ({
      redirect: withParams(redirectUri, { error, error_description: description, ...(state ? { state } : {}), iss: issuer }),
    });
    if (query.response_type !== 'code') return back('unsupported_response_type', 'Only response_type=code is supported.');
    if (!text(query.code_challenge) || !/^[A-Za-z0-9._~-]{43,128}$/.test(text(query.code_challenge)))
      return back('invalid_request', 'PKCE is required: send a code_challenge.');
    if (query.code_challenge_method !== 'S256') return back('invalid_request', 'PKCE: code_challenge_method must be S256.');
    const scopes = text(query.scope).split(' ').filter(Boolean);
    if (!scopes.every(isSupportedScope)) return back('invalid_scope', 'The scope asks for something this server does not grant.');
    return {
      clientId,
      clientName: String(client.name),
      indieAuth: isClientUrl(clientId),
      redirectUri,
      scopes: scopes.length > 0 ? scopes : ['profile'],
      state,
      me: text(query.me),
      codeChallenge: text(query.code_challenge),
    };
  }

  /**
   * The user's answer on the consent screen: a code for the chosen blogs, or `access_denied`. Returns
   * the address to send the browser back to (with `iss`, RFC 9207).
   */
  async decide(
    params: Record<string, unknown>,
    user: { id: string; blogs: string[]; me: string | null },
    allowed: boolean,
    issuer: string,
  ): Promise<string> {
    const asked = await this.ask(params, issuer);
    if ('redirect' in asked) return asked.redirect;
    if (allowed && user.blogs.length === 0 && levelOfScopes(asked.scopes) !== null)
      throw new InvalidInputError('Choose at least one blog for the app, or deny it.', 'blogs');
    const { OAuth, server } = await this.oauthLibrary();
    const request = new OAuth.Request({
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      query: {},
      body: {
        response_type: 'code',
        client_id: asked.clientId,
        redirect_uri: asked.redirectUri,
        scope: asked.scopes.join(' '),
        state: asked.state,
        code_challenge: asked.codeChallenge,
        code_challenge_method: 'S256',
        allowed: allowed ? 'true' : 'false',
      },
    });
    const response = new OAuth.Response({ headers: {} });
    try {
      await server.authorize(request, response, { authenticateHandler: { handle: () => user }, allowEmptyState: true });
    } catch (error) {
      if (!(error instanceof OAuth.OAuthError) || !response.get('location')) throw error;
    }
    return withParams(String(response.get('location')), { iss: issuer });
  }

  /** The token endpoint (RFC 6749 §3.2): a code or a refresh token for tokens, in the library's hands. */
  async token(http: HttpLike): Promise<HttpAnswer> {
    const { OAuth, server } = await this.oauthLibrary();
    const request = new OAuth.Request({ method: http.method, headers: flatHeaders(http.headers), query: {}, body: http.body });
    const response = new OAuth.Response({ headers: {} });
    try {
      await server.token(request, response);
    } catch (error) {
      if (!(error instanceof OAuth.OAuthError)) throw error;
      return { status: error.code, headers: { ...(response.headers ?? {}), 'cache-control': 'no-store' }, body: errorBody(error) };
    }
    return {
      status: 200,
      headers: { ...(response.headers ?? {}), 'cache-control': 'no-store' },
      body: response.body as Record<string, unknown>,
    };
  }

  /**
   * IndieAuth's profile-only redemption at the authorization endpoint: the same checks as the token
   * endpoint (code once, PKCE, redirect address); the answer is only `me`, and the tokens made in
   * passing are revoked at once.
   */
  async redeemForProfile(http: HttpLike): Promise<HttpAnswer> {
    const answer = await this.token(http);
    if (answer.status !== 200) return answer;
    const accessToken = text(answer.body.access_token);
    const row = await this.repo.findByAccessHash(sha256(accessToken));
    if (row) await this.repo.revokeFamily(row.family_id, this.now());
    return { status: 200, headers: { 'cache-control': 'no-store' }, body: { me: answer.body.me ?? null } };
  }

  /**
   * Token revocation (RFC 7009): the app names one of its own tokens; a refresh token ends its whole
   * grant, an access token itself. Unknown tokens are answered 200 too, as the RFC says.
   */
  async revoke(http: HttpLike): Promise<HttpAnswer> {
    const basic = /^Basic\s+(.+)$/i.exec(flatHeaders(http.headers).authorization ?? '')?.[1];
    const [basicId, basicSecret] = basic ? Buffer.from(basic, 'base64').toString('utf8').split(':').map(decodeURIComponent) : [];
    const clientId = basicId ?? text(http.body.client_id);
    const secret = basicSecret ?? (text(http.body.client_secret) || undefined);
    const client = clientId ? await this.model.getClient(clientId, secret) : false;
    if (!client)
      return {
        status: 401,
        headers: { 'cache-control': 'no-store' },
        body: { error: 'invalid_client', error_description: 'The app could not be identified.' },
      };
    const token = text(http.body.token);
    if (!token)
      return {
        status: 400,
        headers: { 'cache-control': 'no-store' },
        body: { error: 'invalid_request', error_description: 'Send the token to revoke.' },
      };
    const hash = sha256(token);
    const byRefresh = await this.repo.findByRefreshHash(hash);
    const row = byRefresh ?? (await this.repo.findByAccessHash(hash));
    if (row && row.client_id === client.id) {
      if (byRefresh) await this.repo.revokeFamily(row.family_id, this.now());
      else await this.repo.revokeToken(row.id, this.now());
    }
    return { status: 200, headers: { 'cache-control': 'no-store' }, body: {} };
  }

  /** What an OAuth access token lets its bearer do with the API, or undefined when it is unknown, revoked or expired. */
  async verifyAccessToken(token: string): Promise<ApiGrant | undefined> {
    if (!token.startsWith(ACCESS_TOKEN_PREFIX) || token.length > 200) return undefined;
    const row = await this.repo.findByAccessHash(sha256(token));
    const at = this.now();
    if (!row || row.revoked_at !== null || Number(row.access_expires_at) <= at) return undefined;
    if (row.last_used_at === null || at - Number(row.last_used_at) > 60_000) await this.repo.markUsed(row.id, at);
    const level = levelOfScopes(row.scope.split(' '));
    const blogs = JSON.parse(row.blogs) as string[];
    return { tokenId: row.id, userId: row.user_id, scopes: level ? blogs.map((blog) => ({ blog, level })) : [] };
  }

  /** The apps the user signed in to, one entry per app, with what it may do and when it last used it. */
  async connectedApps(userId: string) {
    const apps = new Map<string, { clientId: string; name: string; scopes: Set<string>; blogs: Set<string>; lastUsed: number | null }>();
    for (const row of await this.repo.liveTokensOfUser(userId)) {
      const expired =
        Number(row.access_expires_at) <= this.now() && (row.refresh_expires_at === null || Number(row.refresh_expires_at) <= this.now());
      if (expired) continue;
      const app = apps.get(row.client_id) ?? {
        clientId: row.client_id,
        name: row.client_name,
        scopes: new Set(),
        blogs: new Set(),
        lastUsed: null,
      };
      row.scope.split(' ').forEach((s) => app.scopes.add(s));
      (JSON.parse(row.blogs) as string[]).forEach((b) => app.blogs.add(b));
      const used = row.last_used_at === null ? null : Number(row.last_used_at);
      if (used !== null && (app.lastUsed === null || used > app.lastUsed)) app.lastUsed = used;
      apps.set(row.client_id, app);
    }
    return [...apps.values()].map((a) => ({ ...a, scopes: [...a.scopes], blogs: [...a.blogs] }));
  }

  /** Ends everything the user gave one app. */
  async disconnect(userId: string, clientId: string): Promise<number> {
    return this.repo.revokeClientGrants(userId, clientId, this.now());
  }

  /** Drops codes that expired a day ago (used or not). */
  async sweep(): Promise<void> {
    await this.repo.deleteCodesBefore(this.now() - 86_400_000);
  }
}

function withParams(address: string, params: Record<string, string>): string {
  const url = new URL(address);
  for (const [k, v] of Object.entries(params)) if (!url.searchParams.has(k)) url.searchParams.set(k, v);
  return url.href;
}

function flatHeaders(headers: HttpLike['headers']): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) flat[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return flat;
}

function errorBody(error: OAuth2Server.OAuthError): Record<string, unknown> {
  return { error: error.name, error_description: error.message };
}
