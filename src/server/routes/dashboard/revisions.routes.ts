/** A post's revisions: the list (last 50), comparing one with the current version, and restoring it. */
import type { FastifyInstance } from 'fastify';
import { NotFoundError } from '../../../domain/errors.js';
import { canEdit } from '../../../domain/policies/post.policy.js';
import { diffLines, htmlLines } from '../../../domain/text/line-diff.js';
import { formatDateTime } from '../../../render/dates.js';
import { sectionOf } from '../../../render/dashboard/post-list.presenter.js';
import { isId } from '../../../storage/ids.js';
import type { PostKind } from '../../../storage/schema.js';
import { dashboardTexts, sendPage, signedIn, type AdminDeps, type BlogPage } from '../../dashboard-helpers/admin-page.js';
import { authorize, blogAccess } from '../../dashboard-helpers/blog-access.js';
import { blogNav } from '../../dashboard-helpers/blog-nav.js';

type Params = { blog: string; id: string; rev: string };

export function registerRevisionRoutes(app: FastifyInstance, deps: AdminDeps<BlogPage | 'editor' | 'postLibrary'>): void {
  const { services } = deps;

  for (const kind of ['post', 'page'] as PostKind[]) {
    const section = sectionOf(kind);
    const load = async (request: Parameters<typeof blogAccess>[0], params: Params) => {
      const access = await blogAccess(request, services, params.blog);
      const post = isId(params.id) ? await services.postLibrary.find(access.blog.id, params.id) : undefined;
      if (!post || post.kind !== kind) throw new NotFoundError(`That ${kind} does not exist on this blog.`);
      authorize(canEdit(access.actor, post), `This ${kind} is not yours to edit.`);
      return { access, post, base: `/admin/blogs/${access.blog.name}/${section}/${post.id}` };
    };

    app.get<{ Params: Params }>(`/admin/blogs/:blog/${section}/:id/revisions`, { preHandler: signedIn }, async (request, reply) => {
      const { access, post, base } = await load(request, request.params);
      const revisions = await services.postLibrary.revisions(access.blog.id, post.id);
      const texts = dashboardTexts(request);
      const untitled = texts.text('admin.revisions.untitled');
      return sendPage(deps, request, reply, 'revisions', {
        title: texts.text('admin.revisions.title', { title: post.title || untitled }),
        blog: blogNav(request, deps, access),
        back: base,
        revisions: revisions.map((r) => ({
          url: `${base}/revisions/${r.id}`,
          title: r.title || untitled,
          date: formatDateTime(r.created_at, texts.locale, access.blog.time_zone),
          dateIso: new Date(r.created_at).toISOString(),
        })),
      });
    });

    app.get<{ Params: Params }>(`/admin/blogs/:blog/${section}/:id/revisions/:rev`, { preHandler: signedIn }, async (request, reply) => {
      const { access, post, base } = await load(request, request.params);
      const revision = isId(request.params.rev)
        ? await services.postLibrary.revision(access.blog.id, post.id, request.params.rev)
        : undefined;
      if (!revision) throw new NotFoundError('That revision does not exist.');
      const texts = dashboardTexts(request);
      return sendPage(deps, request, reply, 'revision', {
        title: texts.text('admin.revisions.compareTitle'),
        blog: blogNav(request, deps, access),
        back: `${base}/revisions`,
        restore: `${base}/revisions/${revision.id}/restore`,
        date: formatDateTime(revision.created_at, texts.locale, access.blog.time_zone),
        titleChange: revision.title !== post.title ? { before: revision.title, after: post.title } : null,
        lines: diffLines(htmlLines(revision.body_html), htmlLines(post.body_html)),
      });
    });

    app.post<{ Params: Params }>(
      `/admin/blogs/:blog/${section}/:id/revisions/:rev/restore`,
      { preHandler: signedIn },
      async (request, reply) => {
        const { access, post, base } = await load(request, request.params);
        if (!isId(request.params.rev)) throw new NotFoundError('That revision does not exist.');
        await services.editor.restoreRevision(access.blog, post, request.params.rev, access.actor);
        return reply.redirect(`${base}?done=draft`, 303);
      },
    );
  }
}
