/**
 * What a member may do with posts and pages. Admins and owners: everything. Authors: write, publish,
 * edit and delete their own posts. Contributors: write their own drafts and submit them; once an
 * admin has published or scheduled one, it is no longer theirs to change. Pages are the admins'.
 */
import type { PostKind, PostRow } from '../../storage/schema.js';
import { hasRoleAtLeast, isMember, type Actor } from './actor.js';

type PostFacts = Pick<PostRow, 'kind' | 'status' | 'author_id'>;

const isOwn = (actor: Actor, post: PostFacts) => post.author_id !== null && post.author_id === actor.userId;

/** Every member sees the list of the blog's posts (and, in it, what they may change). */
export function canListPosts(actor: Actor): boolean {
  return isMember(actor);
}

export function canCreate(actor: Actor, kind: PostKind): boolean {
  return kind === 'page' ? hasRoleAtLeast(actor, 'admin') : isMember(actor);
}

export function canEdit(actor: Actor, post: PostFacts): boolean {
  if (hasRoleAtLeast(actor, 'admin')) return true;
  if (post.kind !== 'post' || !isOwn(actor, post)) return false;
  if (actor.role === 'author') return true;
  return actor.role === 'contributor' && (post.status === 'draft' || post.status === 'pending');
}

/** Making a post live or scheduling it. */
export function canPublish(actor: Actor, post: PostFacts): boolean {
  if (hasRoleAtLeast(actor, 'admin')) return true;
  return actor.role === 'author' && post.kind === 'post' && isOwn(actor, post);
}

/** Moving to the trash, restoring, and deleting for good. */
export function canDelete(actor: Actor, post: PostFacts): boolean {
  return canEdit(actor, post);
}

/** Naming another member as the post's author. */
export function canChangeAuthor(actor: Actor): boolean {
  return hasRoleAtLeast(actor, 'admin');
}

/** Emptying the whole trash of the blog. */
export function canEmptyTrash(actor: Actor): boolean {
  return hasRoleAtLeast(actor, 'admin');
}
