/**
 * Who sees a blog's audience: its owner and admins. Authors and contributors write; how many people
 * read the blog, and from where, is the people running it's business. A member of another blog has no
 * role here, so nothing.
 */
import { hasRoleAtLeast, type Actor } from './actor.js';

export function canSeeStats(actor: Actor): boolean {
  return hasRoleAtLeast(actor, 'admin');
}

/** Turning the view beacon on or off changes how the blog's pages are counted: the same people. */
export function canChangeCounting(actor: Actor): boolean {
  return hasRoleAtLeast(actor, 'admin');
}
