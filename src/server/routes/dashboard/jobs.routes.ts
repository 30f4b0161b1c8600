/**
 * Failed background jobs of a blog (mail to its subscribers, its webhooks): the owner sees what failed
 * and why, and may queue a job again with a fresh set of attempts.
 */
import type { FastifyInstance } from 'fastify';
import * as z from 'zod';
import { NotFoundError } from '../../../domain/errors.js';
import { canSeeFailedJobs } from '../../../domain/policies/blog.policy.js';
import { presentFailedJob } from '../../../render/dashboard/jobs.presenter.js';
import {
  dashboardText,
  dashboardTexts,
  dateLanguage,
  sendPage,
  signedIn,
  type AdminDeps,
  type BlogPage,
} from '../../dashboard-helpers/admin-page.js';
import { authorize, blogAccess } from '../../dashboard-helpers/blog-access.js';
import { blogNav } from '../../dashboard-helpers/blog-nav.js';

type Params = { blog: string; job: string };
const jobParam = z.string().regex(/^\d{1,19}$/);

export function registerJobRoutes(app: FastifyInstance, deps: AdminDeps<BlogPage | 'jobs'>): void {
  const { services } = deps;

  app.get<{ Params: Params; Querystring: { done?: string } }>(
    '/admin/blogs/:blog/jobs',
    { preHandler: signedIn },
    async (request, reply) => {
      const access = await blogAccess(request, services, request.params.blog);
      authorize(canSeeFailedJobs(access.actor));
      const failed = await services.jobs.listFailed(access.blog.id);
      const language = dateLanguage(request, access.blog.language);
      return sendPage(deps, request, reply, 'jobs', {
        title: dashboardText(request, 'admin.jobs.title'),
        blog: blogNav(request, deps, access),
        jobs: failed.map((job) => presentFailedJob(job, dashboardTexts(request), language, access.blog.time_zone)),
        notice: request.query.done === 'retry' ? dashboardText(request, 'admin.jobs.retried') : null,
      });
    },
  );

  app.post<{ Params: Params }>('/admin/blogs/:blog/jobs/:job/retry', { preHandler: signedIn }, async (request, reply) => {
    const access = await blogAccess(request, services, request.params.blog);
    authorize(canSeeFailedJobs(access.actor));
    const id = jobParam.safeParse(request.params.job);
    if (!id.success || !(await services.jobs.retry(access.blog.id, id.data))) {
      throw new NotFoundError(dashboardText(request, 'admin.jobs.error.noJob'));
    }
    return reply.redirect(`/admin/blogs/${access.blog.name}/jobs?done=retry`, 303);
  });
}
