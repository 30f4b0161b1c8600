/**
 * The moderation queue (/admin/blogs/NAME/comments): tabs pending / spam / published / deleted, each
 * comment with why it was held, one-comment buttons and bulk actions. Owners and admins only
 * (canModerate); IDs of another blog's comments change nothing.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as z from 'zod';
import { canModerate } from '../../../domain/policies/comment.policy.js';
import { presentCommentQueue } from '../../../render/dashboard/comment-queue.presenter.js';
import { sendPage, signedIn, type AdminDeps, type BlogPage } from '../../dashboard-helpers/admin-page.js';
import { authorize, blogAccess } from '../../dashboard-helpers/blog-access.js';
import { blogNav } from '../../dashboard-helpers/blog-nav.js';
import { manyField, parseForm, rowAction, textField } from '../../dashboard-helpers/forms.js';

type Params = { blog: string };
const STATUS = z.enum(['pending', 'spam', 'live', 'deleted'], { error: 'Please choose a tab from the list.' });
const ACTION = z.enum(['approve', 'spam', 'not-spam', 'delete'], { error: 'Please choose an action from the list.' });

const queryForm = z.object({
  status: STATUS.optional().default('pending'),
  page: z
    .string()
    .regex(/^\d{1,4}$/)
    .optional(),
});
const actForm = z.object({
  status: STATUS.optional().default('pending'),
  ids: manyField('Comments', 500),
  action: ACTION.optional(),
  one: textField('The action', 60),
});

export function registerCommentQueueRoutes(app: FastifyInstance, deps: AdminDeps<BlogPage>): void {
  const { services } = deps;
  const originOf = (request: FastifyRequest, blog: Parameters<typeof services.blogs.homeUrl>[0]) => {
    const port = /:(\d+)$/.exec(request.headers.host ?? '')?.[1] ?? '';
    return services.blogs.homeUrl(blog, { protocol: request.protocol === 'https' ? 'https' : 'http', port });
  };

  app.get<{ Params: Params }>('/admin/blogs/:blog/comments', { preHandler: signedIn }, async (request, reply) => {
    const access = await blogAccess(request, services, request.params.blog);
    authorize(canModerate(access.actor), 'Only the blog’s owners and admins moderate comments.');
    const query = parseForm(queryForm, request.query);
    const page = Math.max(1, Number(query.page ?? '1'));
    const [rows, counts] = await Promise.all([
      services.commentModeration.list(access.blog.id, query.status, page),
      services.commentModeration.counts(access.blog.id),
    ]);
    return sendPage(deps, request, reply, 'comments', {
      title: 'Comments',
      blog: blogNav(request, deps, access),
      ...presentCommentQueue(access.blog, query.status, page, rows, counts, originOf(request, access.blog)),
    });
  });

  app.post<{ Params: Params }>('/admin/blogs/:blog/comments', { preHandler: signedIn }, async (request, reply) => {
    const access = await blogAccess(request, services, request.params.blog);
    authorize(canModerate(access.actor), 'Only the blog’s owners and admins moderate comments.');
    const input = parseForm(actForm, request.body);
    const { action, ids } = rowAction(input, ACTION, 'comment');
    await services.commentModeration.act(access.blog, ids, action, originOf(request, access.blog));
    return reply.redirect(`/admin/blogs/${access.blog.name}/comments?status=${input.status}`, 303);
  });
}
