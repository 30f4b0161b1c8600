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

/** Signed-in writers may change or delete their own comment this long after posting it. */
export const OWN_CHANGE_MS = 15 * 60 * 1000;

/** When the writer's window to change `comment` closes (ms since the epoch). */
export function ownChangeEndsAt(comment: { created_at: number }): number {
  return Number(comment.created_at) + OWN_CHANGE_MS;
}

/**
 * Whether the signed-in user `userId` may still change or delete `comment`: only its own writer (an
 * anonymous comment belongs to no one), only in the first 15 minutes, and never once it is deleted.
 */
export function canChangeOwnComment(
  comment: { author_user_id: string | null; created_at: number; status: string },
  userId: string | null,
  now: number,
): boolean {
  return (
    userId !== null &&
    comment.author_user_id !== null &&
    comment.author_user_id === userId &&
    comment.status !== 'deleted' &&
    now <= ownChangeEndsAt(comment)
  );
}
