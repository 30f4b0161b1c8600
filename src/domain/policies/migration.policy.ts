/**
 * Who may move a blog in and out. An import adds posts, pages and comments under the blog's name and
 * may change its title; an export holds everything, drafts and commenters' e-mail addresses included:
 * both are for the people who run the blog, its owner and admins.
 */
import { hasRoleAtLeast, type Actor } from './actor.js';

export function canImport(actor: Actor): boolean {
  return hasRoleAtLeast(actor, 'admin');
}

export function canExport(actor: Actor): boolean {
  return hasRoleAtLeast(actor, 'admin');
}
