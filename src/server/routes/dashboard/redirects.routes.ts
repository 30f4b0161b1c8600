/**
 * A blog's redirects in the dashboard (/admin/blogs/NAME/redirects; owners and admins): every redirect,
 * imported or made here, with where it leads, 301 or 302, how often it was followed and when last; a
 * form to add one or change one (`?edit=/old/path`), and a Remove button on each. The domain refuses
 * loops, addresses of live posts and targets off the blog; the form then comes back with the message.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as z from 'zod';
import { canManageRedirects } from '../../../domain/policies/blog.policy.js';
import type { BlogRow } from '../../../storage/schema.js';
import { presentRedirect } from '../../../render/dashboard/redirects.presenter.js';
import { REDIRECT_PAGE_SIZE } from '../../../domain/redirects/redirect.service.js';
import { dashboardText, orShowForm, sendPage, signedIn, type AdminDeps, type BlogPage } from '../../dashboard-helpers/admin-page.js';
import { authorize, blogAccess } from '../../dashboard-helpers/blog-access.js';
import { blogNav } from '../../dashboard-helpers/blog-nav.js';
import { parseForm, textField } from '../../dashboard-helpers/forms.js';

type Params = { blog: string };
const NOT_ALLOWED = 'Only the blog’s owners and admins change its redirects.';
const listQuery = z.object({ after: textField('The place in the list', 2000), edit: textField('The redirect to change', 2000) });
const saveForm = z.object({
  from: textField('The old address', 2000, false),
  to: textField('The new address', 2000, false),
  status: z.enum(['301', '302'], { error: 'Please choose 301 (moved for good) or 302 (for now).' }),
  editing: textField('The redirect being changed', 2000),
});
/** The save form's fields and their labels, for a refusal in the page's language. */
const FIELDS = { from: 'admin.redirects.from', to: 'admin.redirects.to', status: 'admin.redirects.kind' };
const removeForm = z.object({ from: textField('The old address', 2000, false) });

/** The blog's own host names: NAME.BASE_DOMAIN, the base domain itself for the primary blog, and its custom domain. */
function hostsOf(deps: AdminDeps<'blogs'>, blog: BlogRow): string[] {
  const host = (primary: number) =>
    new URL(deps.services.blogs.homeUrl({ ...blog, custom_domain: null, is_primary: primary }, { protocol: 'http', port: '' })).hostname;
  return [host(0), ...(blog.is_primary ? [host(1)] : []), ...(blog.custom_domain ? [blog.custom_domain.toLowerCase()] : [])];
}

export function registerRedirectRoutes(app: FastifyInstance, deps: AdminDeps<BlogPage | 'redirects'>): void {
  const { services } = deps;
  const access = async (request: FastifyRequest<{ Params: Params }>) => {
    const found = await blogAccess(request, services, request.params.blog);
    authorize(canManageRedirects(found.actor), NOT_ALLOWED);
    return found;
  };
  const listModel = async (request: FastifyRequest<{ Params: Params }>, found: Awaited<ReturnType<typeof access>>, after = '') => {
    const language = request.auth?.user.language || found.blog.language;
    const rows = await services.redirects.list(found.blog, after);
    return {
      title: dashboardText(request, 'admin.redirects.title'),
      blog: blogNav(request, deps, found),
      redirects: rows.map((row) => presentRedirect(row, language, found.blog.time_zone)),
      next: rows.length === REDIRECT_PAGE_SIZE ? `?after=${encodeURIComponent(rows.at(-1)!.from_path)}` : null,
      form: { from: '', to: '', status: 301, editing: '' },
    };
  };

  app.get<{ Params: Params }>('/admin/blogs/:blog/redirects', { preHandler: signedIn }, async (request, reply) => {
    const found = await access(request);
    const query = parseForm(listQuery, request.query);
    const model = await listModel(request, found, query.after);
    if (query.edit) {
      const view = presentRedirect(await services.redirects.find(found.blog, query.edit), 'en', found.blog.time_zone);
      model.form = { from: view.from, to: view.to, status: view.status, editing: view.from };
    }
    const done = (request.query as { done?: string }).done;
    const notice = done === 'saved' || done === 'removed' ? dashboardText(request, `admin.redirects.${done}`) : null;
    return sendPage(deps, request, reply, 'redirects', { ...model, notice });
  });

  app.post<{ Params: Params }>('/admin/blogs/:blog/redirects', { preHandler: signedIn }, async (request, reply) => {
    const found = await access(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const typed = (name: string) => (typeof body[name] === 'string' ? body[name] : '');
    const model = await listModel(request, found);
    model.form = { from: typed('from'), to: typed('to'), status: typed('status') === '302' ? 302 : 301, editing: typed('editing') };
    return orShowForm(deps, request, reply, { template: 'redirects', model, fields: FIELDS }, async () => {
      const input = parseForm(saveForm, request.body);
      const status = input.status === '302' ? 302 : 301;
      await services.redirects.save(found.blog, { ...input, status, editing: input.editing || undefined }, hostsOf(deps, found.blog));
      return reply.redirect(`/admin/blogs/${found.blog.name}/redirects?done=saved`, 303);
    });
  });

  app.post<{ Params: Params }>('/admin/blogs/:blog/redirects/remove', { preHandler: signedIn }, async (request, reply) => {
    const found = await access(request);
    await services.redirects.remove(found.blog, parseForm(removeForm, request.body).from);
    return reply.redirect(`/admin/blogs/${found.blog.name}/redirects?done=removed`, 303);
  });
}
