/**
 * What the rich editor calls while a person writes: autosave (a new post's first autosave creates it
 * as a draft) and the preview of a post in the blog's own theme, as it is saved now.
 */
import { allowBlogFrames } from '../../frame-sources.js';
import type { FastifyInstance } from 'fastify';
import { NotFoundError } from '../../../domain/errors.js';
import { canCreate, canEdit } from '../../../domain/policies/post.policy.js';
import { yearMonthIn } from '../../../domain/text/time.js';
import type { PageRenderer } from '../../../render/pages.js';
import { sectionOf } from '../../../render/admin/post-list.presenter.js';
import { isId } from '../../../storage/ids.js';
import type { PostKind } from '../../../storage/schema.js';
import { signedIn, type AdminDeps } from '../../admin/admin-page.js';
import { authorize, blogAccess } from '../../admin/blog-access.js';
import { blogNav } from '../../admin/blog-nav.js';
import { editorFields, editorInput } from '../../admin/editor-form.js';
import { parseForm } from '../../admin/forms.js';

type Params = { blog: string; id: string };

export function registerPostDraftRoutes(app: FastifyInstance, deps: AdminDeps & { pages: PageRenderer }): void {
  const { services } = deps;

  for (const kind of ['post', 'page'] as PostKind[]) {
    const section = sectionOf(kind);

    app.post<{ Params: Params }>(`/admin/blogs/:blog/${section}/autosave`, { preHandler: signedIn }, async (request, reply) => {
      const access = await blogAccess(request, services, request.params.blog);
      authorize(canCreate(access.actor, kind));
      const form = parseForm(editorFields, request.body);
      const post = await services.editor.create(
        access.blog,
        kind,
        await editorInput(services, access, form, null),
        'draft',
        access.actor.userId,
      );
      const editUrl = `/admin/blogs/${access.blog.name}/${section}/${post.id}`;
      return reply
        .code(201)
        .send({ id: post.id, editUrl, autosaveUrl: `${editUrl}/autosave`, savedAt: new Date(post.updated_at).toISOString() });
    });

    app.post<{ Params: Params }>(`/admin/blogs/:blog/${section}/:id/autosave`, { preHandler: signedIn }, async (request, reply) => {
      const access = await blogAccess(request, services, request.params.blog);
      const post = isId(request.params.id) ? await services.repositories.posts.findById(access.blog.id, request.params.id) : undefined;
      if (!post || post.kind !== kind) throw new NotFoundError(`That ${kind} does not exist on this blog.`);
      authorize(canEdit(access.actor, post), `This ${kind} is not yours to edit.`);
      const form = parseForm(editorFields, request.body);
      await services.editor.autosave(access.blog, post, await editorInput(services, access, form, post.author_id));
      return reply.send({ id: post.id, savedAt: new Date().toISOString() });
    });

    app.get<{ Params: Params }>(`/admin/blogs/:blog/${section}/:id/preview`, { preHandler: signedIn }, async (request, reply) => {
      const access = await blogAccess(request, services, request.params.blog);
      const post = isId(request.params.id) ? await services.repositories.posts.findById(access.blog.id, request.params.id) : undefined;
      if (!post || post.kind !== kind) throw new NotFoundError(`That ${kind} does not exist on this blog.`);
      authorize(canEdit(access.actor, post), `This ${kind} is not yours to edit.`);
      // A draft has no address yet: preview it where it would go if published now.
      const month =
        post.path_year === null ? yearMonthIn(Date.now(), access.blog.time_zone) : { year: post.path_year, month: post.path_month! };
      const shown = { ...post, path_year: month.year, path_month: month.month, published_at: post.published_at ?? post.updated_at };
      const labels = (await services.repositories.posts.labelsOf([post.id])).get(post.id) ?? [];
      const site = { blog: access.blog, origin: blogNav(request, deps, access).home.replace(/\/$/, '') };
      const html = await deps.pages.post(
        site,
        { post: shown, labels, threads: [], commentCount: 0 },
        await services.reader.sidebar(access.blog),
      );
      allowBlogFrames(reply, access.blog);
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').header('x-robots-tag', 'noindex').send(html);
    });
  }
}
