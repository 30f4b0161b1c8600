/** The blog menu of a dashboard page: the blog, the user's role on it, and the sections that role may open. */
import type { FastifyRequest } from 'fastify';
import { canEditSettings, canEditTheme, canSeeFailedJobs } from '../../domain/policies/blog.policy.js';
import { canSeeMembers } from '../../domain/policies/member.policy.js';
import { canCreate } from '../../domain/policies/post.policy.js';
import { canModerate } from '../../domain/policies/comment.policy.js';
import { canSeeStats } from '../../domain/policies/stats.policy.js';
import { canImport } from '../../domain/policies/migration.policy.js';
import type { AdminDeps } from './admin-page.js';
import type { BlogAccess } from './blog-access.js';

export function blogNav(request: FastifyRequest, deps: AdminDeps, { blog, actor, pendingComments }: BlogAccess) {
  const port = /:(\d+)$/.exec(request.headers.host ?? '')?.[1] ?? '';
  return {
    name: blog.name,
    title: blog.title,
    role: actor.role ?? '',
    home: `${deps.services.blogs.homeUrl(blog, { protocol: request.protocol === 'https' ? 'https' : 'http', port })}/`,
    canPages: canCreate(actor, 'page'),
    canSettings: canEditSettings(actor),
    canTheme: canEditTheme(actor),
    canMembers: canSeeMembers(actor),
    canModerate: canModerate(actor),
    pendingComments: pendingComments ?? 0,
    canStats: canSeeStats(actor),
    canImport: canImport(actor),
    canJobs: canSeeFailedJobs(actor),
  };
}
