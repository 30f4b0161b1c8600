/**
 * The blog's e-mail subscribers, for owners and admins only: the list (search, filter by status, pages),
 * adding an address, removing one, CSV import and export, and what each mailing did.
 */
import { readFile, rm } from 'node:fs/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as z from 'zod';
import { canManageSubscribers } from '../../../domain/policies/blog.policy.js';
import { InvalidInputError } from '../../../domain/errors.js';
import { isEmail } from '../../../domain/users/user.service.js';
import { presentSends, presentSubscriberPage } from '../../../render/dashboard/subscribers.presenter.js';
import { toCsv } from '../../../render/dashboard/csv.js';
import {
  dashboardText,
  dashboardTexts,
  dateLanguage,
  formValues,
  orShowForm,
  sendPage,
  signedIn,
  type AdminDeps,
  type BlogPage,
} from '../../dashboard-helpers/admin-page.js';
import { authorize, blogAccess, type BlogAccess } from '../../dashboard-helpers/blog-access.js';
import { blogNav } from '../../dashboard-helpers/blog-nav.js';
import { receiveExport } from '../../dashboard-helpers/export-upload.js';
import { parseForm, textField } from '../../dashboard-helpers/forms.js';

type Params = { blog: string; subscriber?: string };
type ListQuery = { q?: string; status?: string; before?: string; done?: string };

const listQuery = z.object({
  q: z.string().max(254).optional(),
  status: z.enum(['pending', 'active', 'unsubscribed', 'stopped']).optional().catch(undefined),
  before: z
    .string()
    .regex(/^\d{1,19}$/)
    .optional()
    .catch(undefined),
});
const addForm = z.object({
  email: textField('E-mail address', 254, false).refine((v) => isEmail(v.trim().toLowerCase()), 'admin.subscribers.error.email'),
  frequency: z.enum(['each', 'weekly'], { error: 'admin.subscribers.error.frequency' }).default('each'),
  consent: z
    .string()
    .regex(/^(\d{4}-\d{2}-\d{2})?$/, { error: 'admin.subscribers.error.consent' })
    .optional(),
});
/** What the list refuses once the form is valid, by field: the address is there already, the date is ahead. */
const REFUSALS: Record<string, string> = { email: 'admin.subscribers.error.already', consent: 'admin.subscribers.error.future' };
const STATUSES = ['active', 'pending', 'unsubscribed', 'stopped'];
/** The largest CSV file the import takes. */
const IMPORT_MAX_BYTES = 5 * 1024 * 1024;

const NOTICES = new Set(['added', 'removed']);

export function registerSubscriberRoutes(app: FastifyInstance, deps: AdminDeps<BlogPage | 'subscriberList' | 'importsDir'>): void {
  const { services } = deps;

  const access = async (request: FastifyRequest<{ Params: Params }>) => {
    const found = await blogAccess(request, services, request.params.blog);
    authorize(canManageSubscribers(found.actor), dashboardText(request, 'admin.subscribers.error.notAllowed'));
    return found;
  };

  const listModel = async (request: FastifyRequest<{ Params: Params; Querystring: ListQuery }>, found: BlogAccess) => {
    const query = listQuery.safeParse(request.query);
    const q = query.success ? query.data : {};
    const page = await services.subscriberList.page(found.blog, { search: q.q?.trim() || undefined, status: q.status, beforeId: q.before });
    const done = request.query.done ?? '';
    return {
      title: dashboardText(request, 'admin.nav.subscribers'),
      blog: blogNav(request, deps, found),
      query: { q: q.q ?? '', status: q.status ?? '' },
      statuses: STATUSES,
      page: presentSubscriberPage(page, found.blog, dashboardTexts(request), dateLanguage(request, found.blog.language)),
      notice: NOTICES.has(done) ? dashboardText(request, `admin.subscribers.${done}`) : null,
      values: {} as Record<string, string>,
    };
  };

  const back = (reply: FastifyReply, found: BlogAccess, done: string) =>
    reply.redirect(`/admin/blogs/${found.blog.name}/subscribers?done=${done}`, 303);

  app.get<{ Params: Params; Querystring: ListQuery }>(
    '/admin/blogs/:blog/subscribers',
    { preHandler: signedIn },
    async (request, reply) => {
      const found = await access(request);
      return sendPage(deps, request, reply, 'subscribers', await listModel(request, found));
    },
  );

  app.post<{ Params: Params; Querystring: ListQuery }>(
    '/admin/blogs/:blog/subscribers',
    { preHandler: signedIn },
    async (request, reply) => {
      const found = await access(request);
      const model = { ...(await listModel(request, found)), values: formValues(request.body) };
      return orShowForm(deps, request, reply, { template: 'subscribers', model }, async () => {
        const form = parseForm(addForm, request.body, dashboardTexts(request));
        const consentAt = form.consent ? Date.parse(`${form.consent}T00:00:00Z`) : undefined;
        await services.subscriberList
          .add(found.blog, { email: form.email, frequency: form.frequency, consentAt })
          .catch((error: unknown) => {
            const refusal = error instanceof InvalidInputError && REFUSALS[error.field ?? ''];
            if (!refusal) throw error;
            throw new InvalidInputError(dashboardText(request, refusal, { email: form.email.trim().toLowerCase() }), error.field);
          });
        return back(reply, found, 'added');
      });
    },
  );

  app.post<{ Params: Params }>('/admin/blogs/:blog/subscribers/:subscriber/remove', { preHandler: signedIn }, async (request, reply) => {
    const found = await access(request);
    await services.subscriberList.remove(found.blog, request.params.subscriber ?? '');
    return back(reply, found, 'removed');
  });

  app.get<{ Params: Params }>('/admin/blogs/:blog/subscribers.csv', { preHandler: signedIn }, async (request, reply) => {
    const found = await access(request);
    const rows: string[][] = [];
    for await (const row of services.subscriberList.exportRows(found.blog)) rows.push(row);
    return reply
      .type('text/csv; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('content-disposition', `attachment; filename="${found.blog.name}-subscribers.csv"`)
      .send(toCsv(rows));
  });

  app.post<{ Params: Params; Querystring: ListQuery }>(
    '/admin/blogs/:blog/subscribers/import',
    { preHandler: signedIn, config: { csrfInMultipart: true } },
    async (request, reply) => {
      const found = await access(request);
      const model = await listModel(request, found);
      return orShowForm(deps, request, reply, { template: 'subscribers', model }, async () => {
        const upload = await receiveExport(request, { csrf: deps.csrf, dir: services.importsDir, maxBytes: IMPORT_MAX_BYTES });
        let text: string;
        try {
          text = await readFile(upload.file, 'utf8');
        } finally {
          await rm(upload.file, { force: true });
        }
        const result = await services.subscriberList.importCsv(found.blog, text);
        const fresh = await listModel(request, found);
        return sendPage(deps, request, reply, 'subscribers', { ...fresh, imported: result });
      });
    },
  );

  app.get<{ Params: Params }>('/admin/blogs/:blog/subscribers/mailings', { preHandler: signedIn }, async (request, reply) => {
    const found = await access(request);
    return sendPage(deps, request, reply, 'mailings', {
      title: dashboardText(request, 'admin.mailings.title'),
      blog: blogNav(request, deps, found),
      sends: presentSends(
        await services.subscriberList.sends(found.blog),
        found.blog,
        dashboardTexts(request),
        dateLanguage(request, found.blog.language),
      ),
    });
  });
}
