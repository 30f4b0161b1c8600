/**
 * The trash: posts and pages moved there can be restored or deleted for good; admins can empty it.
 * Members see the trashed posts they may change; a request naming any other is refused whole.
 */
import type { FastifyInstance } from 'fastify';
import * as z from 'zod';
import { canDelete, canEmptyTrash, canListPosts } from '../../../domain/policies/post.policy.js';
import { isId } from '../../../storage/ids.js';
import { presentPostRow } from '../../../render/dashboard/post-list.presenter.js';
import { dashboardTexts, sendPage, signedIn, type AdminDeps, type BlogPage } from '../../dashboard-helpers/admin-page.js';
import { authorize, blogAccess } from '../../dashboard-helpers/blog-access.js';
import { blogNav } from '../../dashboard-helpers/blog-nav.js';
import { manyField, parseForm } from '../../dashboard-helpers/forms.js';

type Params = { blog: string };
const idsForm = z.object({ ids: manyField('Posts', 500) });
const DONE = new Set(['restore', 'delete', 'empty']);

export function registerTrashRoutes(app: FastifyInstance, deps: AdminDeps<BlogPage | 'editor' | 'postLibrary'>): void {
  const { services } = deps;

  app.get<{ Params: Params; Querystring: { done?: string } }>(
    '/admin/blogs/:blog/trash',
    { preHandler: signedIn },
    async (request, reply) => {
      const access = await blogAccess(request, services, request.params.blog);
      authorize(canListPosts(access.actor));
      const nav = blogNav(request, deps, access);
      const texts = dashboardTexts(request);
      const rows = [];
      for (const kind of ['post', 'page'] as const) {
        const found = await services.postLibrary.list({ blogId: access.blog.id, kind, status: 'trash' }, 200, 0);
        for (const post of found.posts)
          if (canDelete(access.actor, post)) rows.push(presentPostRow(access.blog, access.actor, post, [], '', undefined, texts));
      }
      const done = request.query.done;
      return sendPage(deps, request, reply, 'trash', {
        title: texts.text('admin.nav.trash'),
        blog: nav,
        posts: rows,
        canEmpty: canEmptyTrash(access.actor),
        notice: done && DONE.has(done) ? texts.text(`admin.trash.done.${done}`) : null,
      });
    },
  );

  for (const action of ['restore', 'delete'] as const) {
    app.post<{ Params: Params }>(`/admin/blogs/:blog/trash/${action}`, { preHandler: signedIn }, async (request, reply) => {
      const access = await blogAccess(request, services, request.params.blog);
      const ids = parseForm(idsForm, request.body).ids.filter(isId);
      const posts = (await services.postLibrary.findMany(access.blog.id, ids)).filter((p) => p.trashed_at !== null);
      authorize(
        posts.every((p) => canDelete(access.actor, p)),
        'Some of the selected posts are not yours to change, so none were changed.',
      );
      const chosen = posts.map((p) => p.id);
      if (action === 'restore') await services.editor.restore(access.blog.id, chosen);
      else await services.editor.deleteForever(access.blog.id, chosen);
      return reply.redirect(`/admin/blogs/${access.blog.name}/trash?done=${action}`, 303);
    });
  }

  app.post<{ Params: Params }>('/admin/blogs/:blog/trash/empty', { preHandler: signedIn }, async (request, reply) => {
    const access = await blogAccess(request, services, request.params.blog);
    authorize(canEmptyTrash(access.actor));
    await services.editor.deleteForever(access.blog.id);
    return reply.redirect(`/admin/blogs/${access.blog.name}/trash?done=empty`, 303);
  });
}
