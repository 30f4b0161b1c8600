/**
 * The storage side of the OAuth 2.0 server, as @node-oauth/oauth2-server asks for it (its "model"):
 * clients, authorization codes and tokens, all kept by the SHA-256 of their secret values. The library
 * does the protocol (RFC 6749, PKCE by RFC 7636); the model adds Dastan's rules:
 *
 * - A registered app is public (PKCE alone) or confidential (also its secret); an IndieAuth app is
 *   identified by its URL and is public, and its redirect address must be on the same origin.
 * - A code is used once; a second use revokes every token made from it (RFC 6749 §4.1.2).
 * - A refresh makes a new token and revokes the old; a refresh token used again after that revokes
 *   the whole grant (refresh token rotation with reuse detection, OAuth 2.0 Security BCP §4.14).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type OAuth2Server from '@node-oauth/oauth2-server';
import { newId } from '../../storage/ids.js';
import type { OAuthRepository } from '../../storage/repositories/oauth.repository.js';
import { isSupportedScope } from './oauth-scopes.js';

export const ACCESS_TOKEN_PREFIX = 'dso_';
const REFRESH_TOKEN_PREFIX = 'dsr_';
export const ACCESS_LIFETIME_S = 3600;
export const REFRESH_LIFETIME_S = 60 * 86_400;

/** Who granted what: the user, the blogs they chose, the profile URL (IndieAuth), and the grant it belongs to. */
export interface OAuthUser {
  id: string;
  blogs: string[];
  me: string | null;
  family?: string;
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** An IndieAuth client ID: an http(s) URL with a host and no credentials or fragment. */
export function isClientUrl(id: string): boolean {
  if (!/^https?:\/\//.test(id)) return false;
  try {
    const url = new URL(id);
    return url.hostname !== '' && !url.username && !url.password && url.hash === '';
  } catch {
    return false;
  }
}

function sameSecret(given: string, hash: string): boolean {
  return timingSafeEqual(Buffer.from(sha256(given)), Buffer.from(hash));
}

export function createOAuthModel(repo: OAuthRepository, now: () => number) {
  const client = (id: string, name: string, redirectUris: string[], isPublic: boolean): OAuth2Server.Client => ({
    id,
    name,
    redirectUris,
    grants: ['authorization_code', 'refresh_token'],
    isPublic,
  });
  const scopesOf = (text: string) => text.split(' ').filter(Boolean);

  return {
    /** `secret`: null when the authorization endpoint asks; undefined when the token endpoint got none. */
    async getClient(id: string, secret: string | null | undefined): Promise<OAuth2Server.Client | false> {
      if (isClientUrl(id)) return secret ? false : client(id, new URL(id).host, [id], true);
      const row = await repo.findClient(id);
      if (!row) return false;
      const found = client(row.id, row.name, JSON.parse(row.redirect_uris) as string[], row.secret_hash === null);
      if (secret === null) return found;
      if (row.secret_hash === null) return secret ? false : found;
      return typeof secret === 'string' && sameSecret(secret, row.secret_hash) ? found : false;
    },

    async validateRedirectUri(redirectUri: string, c: OAuth2Server.Client): Promise<boolean> {
      if (isClientUrl(c.id)) {
        try {
          return new URL(redirectUri).origin === new URL(c.id).origin;
        } catch {
          return false;
        }
      }
      return (c.redirectUris as string[]).includes(redirectUri);
    },

    async validateScope(_user: OAuth2Server.User, _client: OAuth2Server.Client, scope?: string[]): Promise<string[] | false> {
      const asked = scope && scope.length > 0 ? scope : ['profile'];
      return asked.every(isSupportedScope) ? asked : false;
    },

    async generateAccessToken(): Promise<string> {
      return ACCESS_TOKEN_PREFIX + randomBytes(32).toString('base64url');
    },

    async generateRefreshToken(): Promise<string> {
      return REFRESH_TOKEN_PREFIX + randomBytes(32).toString('base64url');
    },

    async saveAuthorizationCode(
      code: Pick<
        OAuth2Server.AuthorizationCode,
        'authorizationCode' | 'expiresAt' | 'redirectUri' | 'scope' | 'codeChallenge' | 'codeChallengeMethod'
      >,
      c: OAuth2Server.Client,
      user: OAuth2Server.User,
    ): Promise<OAuth2Server.AuthorizationCode> {
      const u = user as OAuthUser;
      await repo.insertCode({
        code_hash: sha256(code.authorizationCode),
        client_id: c.id,
        user_id: u.id,
        redirect_uri: code.redirectUri,
        scope: (code.scope ?? []).join(' '),
        blogs: JSON.stringify(u.blogs),
        me: u.me,
        code_challenge: code.codeChallenge ?? '',
        code_challenge_method: code.codeChallengeMethod ?? 'S256',
        expires_at: now() + 600_000,
        used_at: null,
      });
      return { ...code, client: c, user };
    },

    async getAuthorizationCode(code: string): Promise<OAuth2Server.AuthorizationCode | false> {
      const hash = sha256(code);
      const row = await repo.findCode(hash);
      if (!row) return false;
      if (row.used_at !== null) {
        await repo.revokeFamily(hash, now());
        return false;
      }
      return {
        authorizationCode: code,
        expiresAt: new Date(Number(row.expires_at)),
        redirectUri: row.redirect_uri,
        scope: scopesOf(row.scope),
        client: { id: row.client_id, grants: [] },
        user: { id: row.user_id, blogs: JSON.parse(row.blogs) as string[], me: row.me, family: hash } satisfies OAuthUser,
        codeChallenge: row.code_challenge || undefined,
        codeChallengeMethod: row.code_challenge_method,
      };
    },

    async revokeAuthorizationCode(code: OAuth2Server.AuthorizationCode): Promise<boolean> {
      return repo.useCode(sha256(code.authorizationCode), now());
    },

    async saveToken(token: OAuth2Server.Token, c: OAuth2Server.Client, user: OAuth2Server.User): Promise<OAuth2Server.Token> {
      const u = user as OAuthUser;
      const at = now();
      await repo.insertToken({
        id: newId(at),
        family_id: u.family ?? newId(at),
        client_id: c.id,
        client_name: String(c.name ?? c.id),
        user_id: u.id,
        scope: (token.scope ?? []).join(' '),
        blogs: JSON.stringify(u.blogs),
        me: u.me,
        access_hash: sha256(token.accessToken),
        access_expires_at: at + ACCESS_LIFETIME_S * 1000,
        refresh_hash: token.refreshToken ? sha256(token.refreshToken) : null,
        refresh_expires_at: token.refreshToken ? at + REFRESH_LIFETIME_S * 1000 : null,
        created_at: at,
        last_used_at: null,
        revoked_at: null,
      });
      return { ...token, client: c, user, ...(u.me ? { me: u.me } : {}) };
    },

    async getRefreshToken(refreshToken: string): Promise<OAuth2Server.RefreshToken | false> {
      const row = await repo.findByRefreshHash(sha256(refreshToken));
      if (!row) return false;
      if (row.revoked_at !== null) {
        // A rotated-out refresh token came back: someone holds a copy. End the whole grant.
        await repo.revokeFamily(row.family_id, now());
        return false;
      }
      return {
        refreshToken,
        refreshTokenExpiresAt: new Date(Number(row.refresh_expires_at)),
        scope: scopesOf(row.scope),
        client: { id: row.client_id, grants: [] },
        user: { id: row.user_id, blogs: JSON.parse(row.blogs) as string[], me: row.me, family: row.family_id } satisfies OAuthUser,
      };
    },

    async revokeToken(token: OAuth2Server.RefreshToken): Promise<boolean> {
      const row = await repo.findByRefreshHash(sha256(token.refreshToken));
      return row ? repo.revokeToken(row.id, now()) : false;
    },

    // The authenticate handler is not used (the API checks its bearer tokens itself), but the library's types ask for it.
    async getAccessToken(): Promise<false> {
      return false;
    },
  };
}
