/**
 * The moderation queue (/admin/blogs/NAME/comments): tabs pending / spam / published / deleted, each
 * comment with why it was held, one-comment buttons and bulk actions. Owners and admins only
 * (canModerate); IDs of another blog's comments change nothing.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as z from 'zod';
import { canModerate } from '../../../domain/policies/comment.policy.js';
import type { ModerationAction } from '../../../domain/comments/comment-moderation.service.js';
import { QUEUE_PAGE_SIZE } from '../../../domain/comments/comment-moderation.service.js';
import { storedHtml } from '../../../domain/text/sanitize.js';
import { formatDateTime } from '../../../render/dates.js';
import { postPath } from '../../../domain/blogs/urls.js';
import type { CommentStatus, PostKind } from '../../../storage/schema.js';
import { sendPage, signedIn, type AdminDeps, type BlogPage } from '../../dashboard-helpers/admin-page.js';
import { authorize, blogAccess } from '../../dashboard-helpers/blog-access.js';
import { blogNav } from '../../dashboard-helpers/blog-nav.js';
import { manyField, parseForm, rowAction, textField } from '../../dashboard-helpers/forms.js';

type Params = { blog: string };
const TABS: { value: CommentStatus; name: string }[] = [
  { value: 'pending', name: 'Pending' },
  { value: 'spam', name: 'Spam' },
  { value: 'live', name: 'Published' },
  { value: 'deleted', name: 'Deleted' },
];
const ACTIONS: Record<CommentStatus, { value: ModerationAction; name: string; style: string }[]> = {
  pending: [
    { value: 'approve', name: 'Approve', style: '' },
    { value: 'spam', name: 'Spam', style: 'secondary' },
    { value: 'delete', name: 'Delete', style: 'danger' },
  ],
  spam: [
    { value: 'not-spam', name: 'Not spam', style: '' },
    { value: 'delete', name: 'Delete', style: 'danger' },
  ],
  live: [
    { value: 'spam', name: 'Spam', style: 'secondary' },
    { value: 'delete', name: 'Delete', style: 'danger' },
  ],
  deleted: [{ value: 'approve', name: 'Restore', style: '' }],
};
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
    const { blog } = access;
    return sendPage(deps, request, reply, 'comments', {
      title: 'Comments',
      blog: blogNav(request, deps, access),
      status: query.status,
      tabs: TABS.map((t) => ({ ...t, count: counts[t.value], current: t.value === query.status })),
      actions: ACTIONS[query.status],
      comments: rows.map((c) => ({
        id: c.id,
        author: c.author_name,
        email: c.author_email,
        date: formatDateTime(c.created_at, blog.language, blog.time_zone),
        dateIso: new Date(c.created_at).toISOString(),
        body: storedHtml(c.body_html),
        postTitle: c.post_title || '(untitled)',
        postUrl:
          c.post_status === 'live'
            ? `${originOf(request, blog)}${postPath({ kind: c.post_kind as PostKind, slug: c.post_slug, path_year: c.post_path_year, path_month: c.post_path_month })}`
            : null,
        reasons: c.reasons ? c.reasons.split('\n') : [],
      })),
      older: rows.length === QUEUE_PAGE_SIZE ? `/admin/blogs/${blog.name}/comments?status=${query.status}&page=${page + 1}` : null,
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
