/**
 * What the rich editor calls while a person writes: autosave (a new post's first autosave creates it
 * as a draft) and the preview of a post in the blog's own theme, as it is saved now.
 */
import { allowBlogFrames } from '../../frame-sources.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NotFoundError } from '../../../domain/errors.js';
import { canCreate, canEdit } from '../../../domain/policies/post.policy.js';
import type { EditorInput } from '../../../domain/posts/post-editor.service.js';
import { withPreviewBanner } from '../../../render/dashboard/preview-banner.js';
import type { PageRenderer } from '../../../render/pages.js';
import { sectionOf } from '../../../render/dashboard/post-list.presenter.js';
import { isId } from '../../../storage/ids.js';
import type { PostKind, PostRow } from '../../../storage/schema.js';
import { dashboardTexts, signedIn, type AdminDeps, type BlogPage } from '../../dashboard-helpers/admin-page.js';
import { authorize, blogAccess, type BlogAccess } from '../../dashboard-helpers/blog-access.js';
import { blogNav } from '../../dashboard-helpers/blog-nav.js';
import { editorFields, editorInput } from '../../dashboard-helpers/editor-form.js';
import { parseForm } from '../../dashboard-helpers/forms.js';

type Params = { blog: string; id: string };

/** A saved post as editor input, for previewing it as it is stored. */
function asInput(post: PostRow, access: BlogAccess): Omit<EditorInput, 'labels'> {
  return {
    title: post.title,
    body: post.body_html,
    format: 'html',
    slug: post.slug,
    publishedAt: post.published_at ?? undefined,
    searchDescription: post.search_description,
    commentsSetting: post.comments_setting,
    author: { id: post.author_id ?? access.actor.userId, display_name: post.author_name },
    role: access.actor.role,
  };
}

export function registerPostDraftRoutes(
  app: FastifyInstance,
  deps: AdminDeps<BlogPage | 'editor' | 'postLibrary' | 'reader'> & { pages: PageRenderer },
): void {
  const { services } = deps;

  const findEditable = async (access: BlogAccess, kind: PostKind, id: string): Promise<PostRow> => {
    const post = isId(id) ? await services.postLibrary.find(access.blog.id, id) : undefined;
    if (!post || post.kind !== kind) throw new NotFoundError(`That ${kind} does not exist on this blog.`);
    authorize(canEdit(access.actor, post), `This ${kind} is not yours to edit.`);
    return post;
  };

  /** The blog's own theme page for the previewed post, with the preview banner and the way back. */
  const sendPreview = async (
    request: FastifyRequest,
    reply: FastifyReply,
    access: BlogAccess,
    shown: { post: PostRow; labels: string[] },
    savedId: string | null,
  ) => {
    const section = sectionOf(shown.post.kind);
    const site = { blog: access.blog, origin: blogNav(request, deps, access).home.replace(/\/$/, '') };
    const html = await deps.pages.post(site, { ...shown, threads: [], commentCount: 0 }, await services.reader.sidebar(access.blog));
    const editUrl = `/admin/blogs/${access.blog.name}/${section}/${savedId ?? 'new'}`;
    allowBlogFrames(reply, access.blog);
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('x-robots-tag', 'noindex')
      .send(withPreviewBanner(html, editUrl, deps.views.previewCssPath, dashboardTexts(request)));
  };

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
      const post = await findEditable(access, kind, request.params.id);
      const form = parseForm(editorFields, request.body);
      await services.editor.autosave(access.blog, post, await editorInput(services, access, form, post.author_id));
      return reply.send({ id: post.id, savedAt: new Date().toISOString() });
    });

    // Preview as saved (a link), or as the form has it now, saved or not (the editor's Preview button).
    app.get<{ Params: Params }>(`/admin/blogs/:blog/${section}/:id/preview`, { preHandler: signedIn }, async (request, reply) => {
      const access = await blogAccess(request, services, request.params.blog);
      const post = await findEditable(access, kind, request.params.id);
      const labels = await services.postLibrary.labelsOfPost(post.id);
      const input = { ...asInput(post, access), labels };
      return sendPreview(request, reply, access, await services.editor.preview(access.blog, kind, input, post), post.id);
    });
    app.post<{ Params: Params }>(`/admin/blogs/:blog/${section}/:id/preview`, { preHandler: signedIn }, async (request, reply) => {
      const access = await blogAccess(request, services, request.params.blog);
      const post = await findEditable(access, kind, request.params.id);
      const input = await editorInput(services, access, parseForm(editorFields, request.body), post.author_id);
      return sendPreview(request, reply, access, await services.editor.preview(access.blog, kind, input, post), post.id);
    });
    app.post<{ Params: Params }>(`/admin/blogs/:blog/${section}/preview`, { preHandler: signedIn }, async (request, reply) => {
      const access = await blogAccess(request, services, request.params.blog);
      authorize(canCreate(access.actor, kind));
      const input = await editorInput(services, access, parseForm(editorFields, request.body), null);
      return sendPreview(request, reply, access, await services.editor.preview(access.blog, kind, input, null), null);
    });
  }
}
