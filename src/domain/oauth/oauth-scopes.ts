/**
 * The scopes an app may ask for, and what each lets its token do with the API. Dastan's own (`read`,
 * `write`, `admin`, as personal tokens have), Blogger's two scope URLs (so a program written for
 * Blogger asks for what it always asked), and IndieAuth's and Micropub's (`profile`, `email`, `create`,
 * `update`, `delete`, `media`, `draft`). A token's level is the highest its scopes give; `profile` and
 * `email` give none (they only say who signed in).
 */
import type { ApiLevel } from '../api/api-token.service.js';

const SCOPE_LEVEL: Record<string, ApiLevel | null> = {
  read: 'read',
  write: 'write',
  admin: 'admin',
  'https://www.googleapis.com/auth/blogger.readonly': 'read',
  'https://www.googleapis.com/auth/blogger': 'admin',
  profile: null,
  email: null,
  create: 'write',
  update: 'write',
  delete: 'write',
  media: 'write',
  draft: 'write',
};

const RANK: Record<ApiLevel, number> = { read: 1, write: 2, admin: 3 };

export const SUPPORTED_SCOPES = Object.keys(SCOPE_LEVEL);

export function isSupportedScope(scope: string): boolean {
  return Object.hasOwn(SCOPE_LEVEL, scope);
}

/** The highest level the scopes give, or null (identity only). */
export function levelOfScopes(scopes: readonly string[]): ApiLevel | null {
  let best: ApiLevel | null = null;
  for (const scope of scopes) {
    const level = SCOPE_LEVEL[scope] ?? null;
    if (level && (best === null || RANK[level] > RANK[best])) best = level;
  }
  return best;
}

/** The catalogue key describing a scope on the consent screen. */
export function scopeMessageKey(scope: string): string {
  const level = SCOPE_LEVEL[scope];
  if (scope === 'profile' || scope === 'email') return `admin.oauth.scope.${scope}`;
  return `admin.oauth.scope.${level ?? 'read'}`;
}
