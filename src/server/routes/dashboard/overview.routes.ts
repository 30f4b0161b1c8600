/**
 * A blog's overview, `/admin/blogs/NAME`: where a writer lands — the latest posts, "Write a post",
 * comments waiting (moderators) and this week's views (those who see stats). Every member may open it.
 */
import type { FastifyInstance } from 'fastify';
import { canModerate } from '../../../domain/policies/comment.policy.js';
import { canSeeStats } from '../../../domain/policies/stats.policy.js';
import { presentOverview } from '../../../render/dashboard/overview.presenter.js';
import {
  dashboardText,
  dashboardTexts,
  dateLanguage,
  sendPage,
  signedIn,
  type AdminDeps,
  type BlogPage,
} from '../../dashboard-helpers/admin-page.js';
import { blogAccess } from '../../dashboard-helpers/blog-access.js';
import { blogNav } from '../../dashboard-helpers/blog-nav.js';

type Params = { blog: string };

export function registerOverviewRoutes(app: FastifyInstance, deps: AdminDeps<BlogPage | 'overview'>): void {
  const { services } = deps;

  app.get<{ Params: Params; Querystring: { welcome?: string } }>('/admin/blogs/:blog', { preHandler: signedIn }, async (request, reply) => {
    const access = await blogAccess(request, services, request.params.blog);
    const overview = await services.overview.overviewOf(access.blog, {
      comments: canModerate(access.actor),
      views: canSeeStats(access.actor),
    });
    const nav = blogNav(request, deps, access);
    return sendPage(deps, request, reply, 'overview', {
      title: dashboardText(request, 'admin.nav.overview'),
      blog: nav,
      welcome: request.query.welcome === '1',
      overview: presentOverview(access.blog, access.actor, overview, nav.home.replace(/\/$/, ''), {
        texts: dashboardTexts(request),
        dateLanguage: dateLanguage(request, access.blog.language),
      }),
    });
  });
}
