/**
 * The side navigation of a dashboard page about one blog: the blog, the user's role on it, the other
 * blogs for the switcher, and the sections that role may open.
 */
import type { FastifyRequest } from 'fastify';
import {
  canEditSettings,
  canEditTheme,
  canManageSubscribers,
  canManageWebhooks,
  canArrangeLayout,
  canManageRedirects,
  canSeeFailedJobs,
} from '../../domain/policies/blog.policy.js';
import { canSeeMembers } from '../../domain/policies/member.policy.js';
import { canCreate } from '../../domain/policies/post.policy.js';
import { canModerate } from '../../domain/policies/comment.policy.js';
import { canSeeStats } from '../../domain/policies/stats.policy.js';
import { canImport } from '../../domain/policies/migration.policy.js';
import { isRightToLeft } from '../../domain/text/direction.js';
import type { AdminDeps } from './admin-page.js';
import { dashboardText } from './admin-page.js';
import type { BlogAccess } from './blog-access.js';

/** The roles with a name in the catalogues (`admin.role.owner`…). */
const ROLES = new Set(['owner', 'admin', 'author', 'contributor', 'reader']);

/** What the layout's side navigation shows for `access`. */
export function blogNav(
  request: FastifyRequest,
  deps: AdminDeps<'blogs'>,
  { blog, actor, pendingComments, unreadMessages, others }: BlogAccess,
) {
  const port = /:(\d+)$/.exec(request.headers.host ?? '')?.[1] ?? '';
  const role = actor.role ?? '';
  return {
    name: blog.name,
    title: blog.title,
    role,
    roleName: ROLES.has(role) ? dashboardText(request, `admin.role.${role}`) : role,
    language: blog.language,
    dir: isRightToLeft(blog.language) ? ('rtl' as const) : ('ltr' as const),
    home: `${deps.services.blogs.homeUrl(blog, { protocol: request.protocol === 'https' ? 'https' : 'http', port })}/`,
    others: others ?? [],
    canWrite: canCreate(actor, 'post'),
    canPages: canCreate(actor, 'page'),
    canSettings: canEditSettings(actor),
    canTheme: canEditTheme(actor),
    canLayout: canArrangeLayout(actor),
    canRedirects: canManageRedirects(actor),
    canMembers: canSeeMembers(actor),
    canModerate: canModerate(actor),
    pendingComments: pendingComments ?? 0,
    unreadMessages: unreadMessages ?? 0,
    canMedia: canCreate(actor, 'post'),
    canStats: canSeeStats(actor),
    canImport: canImport(actor),
    canJobs: canSeeFailedJobs(actor),
    canWebhooks: canManageWebhooks(actor),
    canSubscribers: canManageSubscribers(actor),
  };
}
