/**
 * Who is acting, as the policies see them: a user and their role on the one blog in question (null:
 * not a member, so no rights on it at all). Roles rank owner > admin > author > contributor > reader;
 * a reader (of a private blog) may read it and nothing more: no dashboard, no writing.
 */
import type { Role } from '../../storage/schema.js';

export interface Actor {
  userId: string;
  /** The user's role on the blog the action is about; null when they are not a member of it. */
  role: Role | null;
}

const RANK: Record<Role, number> = { owner: 4, admin: 3, author: 2, contributor: 1, reader: 0 };

/** True when the actor's role on the blog is `min` or higher. */
export function hasRoleAtLeast(actor: Actor, min: Role): boolean {
  return actor.role !== null && RANK[actor.role] >= RANK[min];
}

/** True when the actor is one of the blog's team (a writer or above): readers are not. */
export function isMember(actor: Actor): boolean {
  return actor.role !== null && actor.role !== 'reader';
}

/** True when the actor may read the blog while it is private: its readers and members. */
export function canReadPrivate(actor: Actor): boolean {
  return actor.role !== null;
}

export function roleRank(role: Role): number {
  return RANK[role];
}
