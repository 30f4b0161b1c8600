/** The consent screen's and the apps page's view models: the app, what it asks for, the blogs to choose. */
import type { AuthorizationAsk } from '../../domain/oauth/oauth.service.js';
import { scopeMessageKey } from '../../domain/oauth/oauth-scopes.js';
import type { BlogRow, OAuthClientRow, Role } from '../../storage/schema.js';
import { formatDateTime } from '../dates.js';

export function presentConsent(ask: AuthorizationAsk, memberships: { blog: BlogRow; role: Role; home: string }[]) {
  const preferred = memberships.find((m) => ask.me !== '' && sameAddress(m.home, ask.me)) ?? memberships[0];
  return {
    app: {
      name: ask.clientName,
      url: ask.indieAuth ? ask.clientId : null,
      redirectHost: new URL(ask.redirectUri).host || ask.redirectUri,
    },
    // Each distinct description once: two scopes may mean the same to a person.
    scopes: [...new Set(ask.scopes.map(scopeMessageKey))],
    blogs: memberships.map((m) => ({ id: m.blog.id, title: m.blog.title, home: m.home, role: m.role, checked: m === preferred })),
    params: Object.entries({
      response_type: 'code',
      client_id: ask.clientId,
      redirect_uri: ask.redirectUri,
      scope: ask.scopes.join(' '),
      state: ask.state,
      code_challenge: ask.codeChallenge,
      code_challenge_method: 'S256',
      me: ask.me,
    }).map(([name, value]) => ({ name, value })),
  };
}

/** Two addresses of the same page (`https://a.example/` and `https://a.example`). */
export function sameAddress(a: string, b: string): boolean {
  try {
    return new URL(a).href.replace(/\/$/, '') === new URL(b).href.replace(/\/$/, '');
  } catch {
    return false;
  }
}

export function presentApps(
  clients: OAuthClientRow[],
  connected: { clientId: string; name: string; scopes: string[]; blogs: string[]; lastUsed: number | null }[],
  titles: Map<string, string>,
  language: string,
) {
  return {
    clients: clients.map((c) => ({
      id: c.id,
      name: c.name,
      homepage: c.homepage,
      redirectUris: JSON.parse(c.redirect_uris) as string[],
      confidential: c.secret_hash !== null,
    })),
    connected: connected.map((a) => ({
      clientId: a.clientId,
      name: a.name,
      scopes: a.scopes.join(' '),
      blogs: a.blogs.map((b) => titles.get(b) ?? b).join(', '),
      lastUsed: a.lastUsed === null ? null : formatDateTime(a.lastUsed, language, 'UTC'),
    })),
  };
}
