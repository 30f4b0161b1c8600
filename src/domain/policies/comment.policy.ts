/**
 * Who may comment, and who may moderate. Moderating a blog's comments is for its owners and admins
 * (the people who run the blog); an author of a post is never held when commenting on it, but does not
 * moderate: the queue mixes every post's comments, and spam decisions train the blog's filter as a whole.
 * A member of one blog has no rights over another's comments.
 */
import type { CommentAccess, Role } from '../../storage/schema.js';
import { hasRoleAtLeast, type Actor } from './actor.js';

/** Approving, marking spam, deleting the blog's comments. */
export function canModerate(actor: Actor): boolean {
  return hasRoleAtLeast(actor, 'admin');
}

/** Whether a writer (signed in or not, a member or not) may comment under the blog's access setting. */
export function canComment(access: CommentAccess, writer: { signedIn: boolean; role: Role | null }): boolean {
  if (access === 'anyone') return true;
  if (access === 'users') return writer.signedIn;
  return writer.signedIn && writer.role !== null;
}

/** Writers whose comments are never held: the blog's owners and admins, and the post's own author. */
export function isNeverHeld(writer: { userId: string | null; role: Role | null }, postAuthorId: string | null): boolean {
  if (writer.userId === null) return false;
  return writer.role === 'owner' || writer.role === 'admin' || (postAuthorId !== null && postAuthorId === writer.userId);
}
