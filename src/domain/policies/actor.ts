/**
 * Who is acting, as the policies see them: a user and their role on the one blog in question (null:
 * not a member, so no rights on it at all). Roles rank owner > admin > author > contributor.
 */
import type { Role } from '../../storage/schema.js';

export interface Actor {
  userId: string;
  /** The user's role on the blog the action is about; null when they are not a member of it. */
  role: Role | null;
}

const RANK: Record<Role, number> = { owner: 4, admin: 3, author: 2, contributor: 1 };

/** True when the actor's role on the blog is `min` or higher. */
export function hasRoleAtLeast(actor: Actor, min: Role): boolean {
  return actor.role !== null && RANK[actor.role] >= RANK[min];
}

/** True when the actor is a member of the blog at all. */
export function isMember(actor: Actor): boolean {
  return actor.role !== null;
}

export function roleRank(role: Role): number {
  return RANK[role];
}
