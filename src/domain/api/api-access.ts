/**
 * Who is calling the Blogger API and what they may do on one blog. A caller is anonymous (public
 * blogs' live content only) or a token's user; on a blog, their rights are their role there, capped by
 * the token's level for that blog (read: look only; write: write as their role allows; admin: also
 * moderate and manage, as their role allows). A token never reaches a blog its user is not a member of.
 */
import type { Role } from '../../storage/schema.js';
import type { Actor } from '../policies/actor.js';
import { hasRoleAtLeast } from '../policies/actor.js';
import { grantAllows, type ApiGrant, type ApiLevel } from './api-token.service.js';

export type ApiView = 'READER' | 'AUTHOR' | 'ADMIN';

export interface ApiCaller {
  /** Null: no token (anonymous, or only an API key). */
  grant: ApiGrant | null;
}

/** A caller's standing on one blog. */
export interface BlogStanding {
  /** The policies' actor: the user and their role (null role: not a member, or anonymous). */
  actor: Actor;
  /** What the token allows here; null for anonymous callers and blogs outside the token's scopes. */
  level: ApiLevel | null;
}

export function standingOn(caller: ApiCaller, blogId: string, role: Role | null): BlogStanding {
  if (!caller.grant || role === null) return { actor: { userId: caller.grant?.userId ?? '', role: null }, level: null };
  const level: ApiLevel | null = grantAllows(caller.grant, blogId, 'admin')
    ? 'admin'
    : grantAllows(caller.grant, blogId, 'write')
      ? 'write'
      : grantAllows(caller.grant, blogId, 'read')
        ? 'read'
        : null;
  // Outside the token's scopes the user is a stranger to the blog, whatever their role.
  return level === null
    ? { actor: { userId: caller.grant.userId, role: null }, level }
    : { actor: { userId: caller.grant.userId, role }, level };
}

const LEVEL_RANK: Record<ApiLevel, number> = { read: 1, write: 2, admin: 3 };

/** True when the token allows at least `level` on the blog (and the user is a member there). */
export function hasLevel(standing: BlogStanding, level: ApiLevel): boolean {
  return standing.level !== null && standing.actor.role !== null && LEVEL_RANK[standing.level] >= LEVEL_RANK[level];
}

/**
 * Blogger's views: READER is what anyone sees (of a private blog: its readers and members); AUTHOR needs a writer's role (author or contributor);
 * ADMIN needs the blog's admin or owner.
 */
export function canUseView(standing: BlogStanding, view: ApiView): boolean {
  if (view === 'READER') return true;
  if (!hasLevel(standing, 'read')) return false;
  return view === 'AUTHOR' ? hasRoleAtLeast(standing.actor, 'contributor') : hasRoleAtLeast(standing.actor, 'admin');
}

/** Blogger's role names for a member's role. */
export function bloggerRole(role: Role | null): 'READER' | 'AUTHOR' | 'ADMIN' | 'VIEW_TYPE_UNSPECIFIED' {
  if (role === null || role === 'reader') return 'READER';
  return role === 'owner' || role === 'admin' ? 'ADMIN' : 'AUTHOR';
}
