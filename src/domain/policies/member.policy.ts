/**
 * Who may see and change a blog's members. The owner: anyone, any role (handing the blog over means
 * making another member owner). Admins: authors, contributors and readers, and inviting other admins.
 * A blog always keeps at least one owner.
 */
import type { Role } from '../../storage/schema.js';
import { hasRoleAtLeast, type Actor } from './actor.js';

export function canSeeMembers(actor: Actor): boolean {
  return hasRoleAtLeast(actor, 'admin');
}

/** Inviting someone with `role`. */
export function canInvite(actor: Actor, role: Role): boolean {
  if (actor.role === 'owner') return true;
  return actor.role === 'admin' && role !== 'owner';
}

/** Changing a member's role from `from` to `to` (or removing them: `to` null). */
export function canChangeMember(actor: Actor, from: Role, to: Role | null): boolean {
  if (actor.role === 'owner') return true;
  if (actor.role !== 'admin') return false;
  return (from === 'author' || from === 'contributor' || from === 'reader') && to !== 'owner' && to !== 'admin';
}
