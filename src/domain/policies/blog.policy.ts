/**
 * What a member may do with a blog as a whole. Admins run the blog (settings, theme); only the owner
 * changes its domain, deletes it or hands it over.
 */
import { hasRoleAtLeast, isMember, type Actor } from './actor.js';

/** Any member sees the blog's dashboard. */
export function canOpenDashboard(actor: Actor): boolean {
  return isMember(actor);
}

export function canEditSettings(actor: Actor): boolean {
  return hasRoleAtLeast(actor, 'admin');
}

/** The custom domain decides where the blog answers: the owner's call. */
export function canSetDomain(actor: Actor): boolean {
  return hasRoleAtLeast(actor, 'owner');
}

export function canEditTheme(actor: Actor): boolean {
  return hasRoleAtLeast(actor, 'admin');
}

export function canDeleteBlog(actor: Actor): boolean {
  return hasRoleAtLeast(actor, 'owner');
}

/** A new blog: whoever may sign up may make one, and so may anyone who already owns one. */
export function canCreateBlog(ownsABlog: boolean, signupAllowed: boolean): boolean {
  return ownsABlog || signupAllowed;
}

/** Embed providers decide which other sites' players run inside the blog's pages: the owner's call. */
export function canManageEmbeds(actor: Actor): boolean {
  return hasRoleAtLeast(actor, 'owner');
}

/** Making another member the owner, and stepping down to admin. */
export function canHandOver(actor: Actor): boolean {
  return hasRoleAtLeast(actor, 'owner');
}

/** Background work that failed for the blog (mail to subscribers, webhooks): the owner sees it and may retry it. */
export function canSeeFailedJobs(actor: Actor): boolean {
  return hasRoleAtLeast(actor, 'owner');
}

/** The blog's webhooks (endpoints, their secrets and deliveries): its owner only. */
export function canManageWebhooks(actor: Actor): boolean {
  return hasRoleAtLeast(actor, 'owner');
}

/** The Layout screen: which gadgets the blog shows where, and the pages' order. Admins run the blog. */
export function canArrangeLayout(actor: Actor): boolean {
  return hasRoleAtLeast(actor, 'admin');
}

/** Readers' e-mail addresses are the blog's most private data: owners and admins see and change them, no one else. */
export function canManageSubscribers(actor: Actor): boolean {
  return hasRoleAtLeast(actor, 'admin');
}

/** Redirects change where the blog's addresses lead: owners and admins, who run the blog. */
export function canManageRedirects(actor: Actor): boolean {
  return hasRoleAtLeast(actor, 'admin');
}
