/**
 * The moderation queue (/admin/blogs/NAME/comments): tabs pending / spam / published / deleted, each
 * comment with the post (and the comment) it answers and why it was held, one-comment buttons, bulk
 * actions with "select all", and a reply from the queue (which approves a held comment). Owners and
 * admins only (canModerate); IDs of another blog's comments change nothing.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as z from 'zod';
import { canModerate } from '../../../domain/policies/comment.policy.js';
import { presentCommentQueue } from '../../../render/dashboard/comment-queue.presenter.js';
import { AppError } from '../../../domain/errors.js';
import {
  authOf,
  dashboardText,
  dashboardTexts,
  sendPage,
  signedIn,
  type AdminDeps,
  type BlogPage,
} from '../../dashboard-helpers/admin-page.js';
import { authorize, blogAccess, type BlogAccess } from '../../dashboard-helpers/blog-access.js';
import { blogNav } from '../../dashboard-helpers/blog-nav.js';
import { manyField, parseForm, rowAction, textField } from '../../dashboard-helpers/forms.js';

type Params = { blog: string };
type ReplyParams = { blog: string; id: string };
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
const replyForm = z.object({
  status: STATUS.optional().default('pending'),
  reply: textField('The reply', 70_000),
});

export function registerCommentQueueRoutes(app: FastifyInstance, deps: AdminDeps<BlogPage>): void {
  const { services } = deps;
  const originOf = (request: FastifyRequest, blog: Parameters<typeof services.blogs.homeUrl>[0]) => {
    const port = /:(\d+)$/.exec(request.headers.host ?? '')?.[1] ?? '';
    return services.blogs.homeUrl(blog, { protocol: request.protocol === 'https' ? 'https' : 'http', port });
  };

  /** A page of the queue; `failed` shows a refused reply again with its reason and text. */
  const showQueue = async (
    request: FastifyRequest,
    reply: FastifyReply,
    access: BlogAccess,
    status: z.infer<typeof STATUS>,
    page: number,
    failed?: { error: AppError; id: string; text: string },
  ) => {
    const [rows, counts] = await Promise.all([
      services.commentModeration.list(access.blog.id, status, page),
      services.commentModeration.counts(access.blog.id),
    ]);
    const done = (request.query as { done?: string } | undefined)?.done;
    return sendPage(
      deps,
      request,
      reply,
      'comments',
      {
        title: dashboardText(request, 'admin.nav.comments'),
        blog: blogNav(request, deps, access),
        ...presentCommentQueue(access.blog, status, page, rows, counts, originOf(request, access.blog), dashboardTexts(request)),
        queueScript: deps.views.scriptPath('queue'),
        notice: done === 'replied' ? dashboardText(request, 'admin.comments.reply.done') : null,
        error: failed?.error.message ?? null,
        replyDraft: failed ? { id: failed.id, text: failed.text } : null,
      },
      failed?.error.status ?? 200,
    );
  };

  app.get<{ Params: Params }>('/admin/blogs/:blog/comments', { preHandler: signedIn }, async (request, reply) => {
    const access = await blogAccess(request, services, request.params.blog);
    authorize(canModerate(access.actor), 'Only the blog’s owners and admins moderate comments.');
    const query = parseForm(queryForm, request.query);
    return showQueue(request, reply, access, query.status, Math.max(1, Number(query.page ?? '1')));
  });

  app.post<{ Params: ReplyParams }>('/admin/blogs/:blog/comments/:id/reply', { preHandler: signedIn }, async (request, reply) => {
    const access = await blogAccess(request, services, request.params.blog);
    authorize(canModerate(access.actor), 'Only the blog’s owners and admins moderate comments.');
    const input = parseForm(replyForm, request.body);
    const { user } = authOf(request);
    const replier = { id: user.id, name: user.display_name, email: user.email };
    try {
      await services.commentModeration.reply(access.blog, request.params.id, replier, input.reply, originOf(request, access.blog));
    } catch (error) {
      if (!(error instanceof AppError) || error.status === 404) throw error;
      return showQueue(request, reply, access, input.status, 1, { error, id: request.params.id, text: input.reply });
    }
    return reply.redirect(`/admin/blogs/${access.blog.name}/comments?status=${input.status}&done=replied`, 303);
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
