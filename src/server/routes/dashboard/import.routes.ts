/**
 * Import and export from the dashboard (`/admin/blogs/NAME/import`, owner and admins): upload an
 * export, which is checked for a known format and then imported in the background; a progress page
 * that reloads itself (no script needed) until the report is there; and the export form.
 */
import { rm } from 'node:fs/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { NotFoundError } from '../../../domain/errors.js';
import { canExport, canImport } from '../../../domain/policies/migration.policy.js';
import { detectFormat } from '../../../importers/detect.js';
import { reportOf } from '../../../importers/jobs/import-jobs.js';
import { fileSource } from '../../../importers/source.js';
import { jobSummary, jobView } from '../../../render/dashboard/import-views.js';
import { isId } from '../../../storage/ids.js';
import {
  dashboardText,
  dashboardTexts,
  dateLanguage,
  orShowForm,
  sendPage,
  signedIn,
  type AdminDeps,
  type BlogPage,
} from '../../dashboard-helpers/admin-page.js';
import { authorize, blogAccess, type BlogAccess } from '../../dashboard-helpers/blog-access.js';
import { blogNav } from '../../dashboard-helpers/blog-nav.js';
import { receiveExport } from '../../dashboard-helpers/export-upload.js';

type Params = { blog: string };
/** Seconds between reloads of a running job's page. */
const REFRESH_SECONDS = 2;

export function registerImportRoutes(
  app: FastifyInstance,
  deps: AdminDeps<BlogPage | 'importJobs' | 'importsDir'> & { importMaxBytes: number },
): void {
  const { services } = deps;

  const pageModel = async (request: FastifyRequest, access: BlogAccess) => ({
    title: dashboardText(request, 'admin.nav.import'),
    blog: blogNav(request, deps, access),
    maxMb: Math.round(deps.importMaxBytes / (1024 * 1024)),
    takeSettings: await services.importJobs.takesSettingsByDefault(access.blog.id),
    jobs: (await services.importJobs.recent(access.blog.id, 10)).map((job) =>
      jobSummary(access.blog.name, job, dateLanguage(request, access.blog.language)),
    ),
    canExport: canExport(access.actor),
  });

  app.get<{ Params: Params }>('/admin/blogs/:blog/import', { preHandler: signedIn }, async (request, reply) => {
    const access = await blogAccess(request, services, request.params.blog);
    authorize(canImport(access.actor));
    return sendPage(deps, request, reply, 'import', await pageModel(request, access));
  });

  app.post<{ Params: Params }>(
    '/admin/blogs/:blog/import',
    { preHandler: signedIn, config: { csrfInMultipart: true } },
    async (request, reply) => {
      const access = await blogAccess(request, services, request.params.blog);
      authorize(canImport(access.actor));
      const form = { template: 'import', model: await pageModel(request, access), fields: { file: 'admin.import.file' } };
      return orShowForm(deps, request, reply, form, async () => {
        const upload = await receiveExport(request, { csrf: deps.csrf, dir: services.importsDir, maxBytes: deps.importMaxBytes });
        try {
          // Only the format is recognised here; the whole file is checked by the import itself.
          await detectFormat(fileSource(upload.file));
          const job = await services.importJobs.start({
            blogId: access.blog.id,
            userId: access.actor.userId,
            file: upload.file,
            fileName: upload.fileName,
            media: upload.media,
            applySettings:
              upload.settings === undefined ? await services.importJobs.takesSettingsByDefault(access.blog.id) : upload.settings === 'file',
            update: upload.update,
          });
          return reply.redirect(`/admin/blogs/${access.blog.name}/import/${job.id}`, 303);
        } catch (error) {
          await rm(upload.file, { force: true });
          throw error;
        }
      });
    },
  );

  app.get<{ Params: Params & { job: string } }>('/admin/blogs/:blog/import/:job', { preHandler: signedIn }, async (request, reply) => {
    const access = await blogAccess(request, services, request.params.blog);
    authorize(canImport(access.actor));
    const job = isId(request.params.job) ? await services.importJobs.find(access.blog.id, request.params.job) : undefined;
    if (!job) throw new NotFoundError(dashboardText(request, 'admin.import.error.noJob'));
    const view = jobView(job, reportOf(job), dashboardTexts(request), dateLanguage(request, access.blog.language));
    return sendPage(deps, request, reply, 'import-job', {
      title: dashboardText(request, `admin.import.title.${view.running ? 'running' : view.failed ? 'failed' : 'report'}`),
      blog: blogNav(request, deps, access),
      job: view,
      refreshSeconds: view.running ? REFRESH_SECONDS : null,
    });
  });
}
