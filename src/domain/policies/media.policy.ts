/**
 * Who may do what in a blog's media library, as Blogger has it: every writer of the blog sees the
 * library and picks pictures from it for a post; owners and admins change or delete any upload;
 * authors and contributors only the ones they uploaded themselves.
 */
import type { MediaRow } from '../../storage/schema.js';
import { hasRoleAtLeast, isMember, type Actor } from './actor.js';

/** Listing the blog's uploads and choosing one in the editor. */
export function canSeeMedia(actor: Actor): boolean {
  return isMember(actor);
}

/** Editing an upload's alt text, and deleting it when nothing uses it. */
export function canChangeMedia(actor: Actor, media: Pick<MediaRow, 'uploaded_by'>): boolean {
  if (hasRoleAtLeast(actor, 'admin')) return true;
  return isMember(actor) && media.uploaded_by !== null && media.uploaded_by === actor.userId;
}
