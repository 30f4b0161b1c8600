/** The dashboard's home: the signed-in user's blogs, and creating a new one. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as z from 'zod';
import { canCreateBlog } from '../../../domain/policies/blog.policy.js';
import type { BlogRow } from '../../../storage/schema.js';
import { authOf, dashboardText, formValues, orShowForm, sendPage, signedIn, type AdminDeps } from '../../dashboard-helpers/admin-page.js';
import { authorize } from '../../dashboard-helpers/blog-access.js';
import { parseForm, textField } from '../../dashboard-helpers/forms.js';

const newBlogForm = z.object({ name: textField('The blog name', 63, false), title: textField('The title', 200, false) });
/** The label of each field, for a refusal in another language than English. */
const FIELDS = { name: 'admin.blogs.name', title: 'admin.settings.title' };

/** The address of a blog as seen from this request (same scheme and port). */
export function blogUrl(request: FastifyRequest, deps: AdminDeps<'blogs'>, blog: BlogRow): string {
  const port = /:(\d+)$/.exec(request.headers.host ?? '')?.[1] ?? '';
  return `${deps.services.blogs.homeUrl(blog, { protocol: request.protocol === 'https' ? 'https' : 'http', port })}/`;
}

export function registerHomeRoutes(app: FastifyInstance, deps: AdminDeps<'accounts' | 'blogs' | 'members' | 'users'>): void {
  const { services } = deps;

  const homeModel = async (request: FastifyRequest, form: Record<string, string> = {}) => {
    const mine = await services.members.blogsOf(authOf(request).user.id);
    const reads = await services.members.readsOf(authOf(request).user.id);
    return {
      title: dashboardText(request, 'admin.blogs.title'),
      blogs: mine.map(({ blog, role }) => ({
        name: blog.name,
        title: blog.title,
        roleName: dashboardText(request, `admin.role.${role}`),
        url: blogUrl(request, deps, blog),
      })),
      reading: reads.map(({ blog }) => ({ title: blog.title, url: blogUrl(request, deps, blog) })),
      canCreate: canCreateBlog(
        mine.some((m) => m.role === 'owner'),
        services.accounts.signupAllowed,
      ),
      form,
    };
  };

  app.get<{ Querystring: { done?: string } }>('/admin', { preHandler: signedIn }, async (request, reply) =>
    sendPage(deps, request, reply, 'home', {
      ...(await homeModel(request)),
      notice: request.query.done === 'deleted' ? dashboardText(request, 'admin.blogs.deleted') : null,
    }),
  );

  app.post('/admin/blogs', { preHandler: signedIn }, async (request, reply) => {
    const model = await homeModel(request, formValues(request.body));
    authorize(model.canCreate, 'Only the owner of a blog may create more blogs here.');
    return orShowForm(deps, request, reply, { template: 'home', model, fields: FIELDS }, async () => {
      const input = parseForm(newBlogForm, request.body);
      const blog = await services.blogs.createBlog({ name: input.name, title: input.title });
      await services.users.addMember(blog.id, authOf(request).user.id, 'owner');
      return reply.redirect(`/admin/blogs/${blog.name}`, 303);
    });
  });
}
