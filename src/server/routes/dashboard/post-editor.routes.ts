/**
 * Writing and editing a post or page: the editor form, saving (draft, submit for review, publish or
 * schedule), an admin publishing a submitted draft, and moving to the trash. Each handler: access →
 * validate → policy → one editor call → redirect or show the form again with the reason.
 */
import { allowBlogFrames } from '../../frame-sources.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { NotFoundError, type AppError } from '../../../domain/errors.js';
import { canChangeAuthor, canCreate, canDelete, canEdit, canPublish } from '../../../domain/policies/post.policy.js';
import { msToZonedInput } from '../../../domain/text/zoned-time.js';
import { isId } from '../../../storage/ids.js';
import type { PostKind, PostRow } from '../../../storage/schema.js';
import { sectionOf } from '../../../render/dashboard/post-list.presenter.js';
import { editorRefusal, editorState, savedNotice } from '../../../render/dashboard/editor-state.presenter.js';
import { postPath } from '../../../domain/blogs/urls.js';
import { formatLabelList } from '../../../domain/posts/label-list.js';
import { publishes } from '../../../domain/posts/save-action.js';
import { isRightToLeft } from '../../../domain/text/direction.js';
import { editorMessages } from '../../../render/dashboard/editor-messages.js';
import {
  dashboardTexts,
  formValues,
  orShowForm,
  sendPage,
  signedIn,
  type AdminDeps,
  type BlogPage,
} from '../../dashboard-helpers/admin-page.js';
import { authorize, blogAccess, type BlogAccess } from '../../dashboard-helpers/blog-access.js';
import { blogNav } from '../../dashboard-helpers/blog-nav.js';
import { parseForm } from '../../dashboard-helpers/forms.js';
import { editorForm, editorInput } from '../../dashboard-helpers/editor-form.js';

type Params = { blog: string; id: string };

export function registerPostEditorRoutes(app: FastifyInstance, deps: AdminDeps<BlogPage | 'editor' | 'postLibrary'>): void {
  const { services } = deps;

  /** The post a URL names, of this kind, on this blog; 404 otherwise. */
  const findPost = async (access: BlogAccess, kind: PostKind, id: string): Promise<PostRow> => {
    const post = isId(id) ? await services.postLibrary.find(access.blog.id, id) : undefined;
    if (!post || post.kind !== kind) throw new NotFoundError(`That ${kind} does not exist on this blog.`);
    return post;
  };

  const editorModel = async (
    request: FastifyRequest,
    access: BlogAccess,
    kind: PostKind,
    post: PostRow | null,
    values: Record<string, string>,
  ) => {
    const { blog, actor } = access;
    const members = await services.members.membersOf(blog.id);
    const facts = post ?? { kind, status: 'draft' as const, author_id: actor.userId };
    const nav = blogNav(request, deps, access);
    const texts = dashboardTexts(request);
    const mailMode = kind === 'post' ? (post?.mail_mode ?? 'blog-and-mail') : null;
    return {
      title: texts.text(`admin.editor.heading.${post ? 'edit' : 'new'}.${kind}`),
      state: editorState(texts, post?.status ?? null, canPublish(actor, facts), mailMode),
      messages: editorMessages(texts, kind),
      liveUrl: post?.status === 'live' ? `${nav.home.replace(/\/$/, '')}${postPath(post)}` : null,
      dir: isRightToLeft(blog.language) ? 'rtl' : 'ltr',
      language: blog.language,
      blog: nav,
      kind,
      section: sectionOf(kind),
      post: post ? { id: post.id, status: post.status, trashed: post.trashed_at !== null } : null,
      richEditor: true,
      uploadUrl: `/admin/blogs/${blog.name}/uploads`,
      libraryUrl: `/admin/blogs/${blog.name}/media.json`,
      autosaveUrl: post
        ? `/admin/blogs/${blog.name}/${sectionOf(kind)}/${post.id}/autosave`
        : `/admin/blogs/${blog.name}/${sectionOf(kind)}/autosave`,
      action: post ? `/admin/blogs/${blog.name}/${sectionOf(kind)}/${post.id}` : `/admin/blogs/${blog.name}/${sectionOf(kind)}`,
      form: values,
      timeZone: blog.time_zone,
      labelNames: await services.postLibrary.labelNames(blog.id),
      canDelete: post !== null && canDelete(actor, post),
      canChangeAuthor: canChangeAuthor(actor),
      authors: members.map((m) => ({ id: m.user_id, name: m.display_name })),
      commentsSettings: ['allow', 'closed-show', 'closed-hide'].map((value) => ({
        value,
        name: texts.text(`admin.editor.comments.${value}`),
      })),
    };
  };

  const valuesOf = async (blogTz: string, post: PostRow): Promise<Record<string, string>> => ({
    title: post.title,
    body: post.body_html,
    format: 'html',
    labels: formatLabelList(await services.postLibrary.labelsOfPost(post.id)),
    slug: post.slug,
    publishedAt: post.published_at !== null ? msToZonedInput(post.published_at, blogTz) : '',
    searchDescription: post.search_description,
    commentsSetting: post.comments_setting,
    authorId: post.author_id ?? '',
    mailMode: post.mail_mode,
    coverImageUrl: post.cover_image_url,
    coverImageAlt: post.cover_image_alt,
  });

  for (const kind of ['post', 'page'] as PostKind[]) {
    const section = sectionOf(kind);

    app.get<{ Params: Params }>(`/admin/blogs/:blog/${section}/new`, { preHandler: signedIn }, async (request, reply) => {
      const access = await blogAccess(request, services, request.params.blog);
      authorize(canCreate(access.actor, kind));
      return sendPage(
        deps,
        request,
        reply,
        'editor',
        await editorModel(request, access, kind, null, { commentsSetting: 'allow', format: 'html' }),
      );
    });

    app.post<{ Params: Params }>(`/admin/blogs/:blog/${section}`, { preHandler: signedIn }, async (request, reply) => {
      const access = await blogAccess(request, services, request.params.blog);
      authorize(canCreate(access.actor, kind));
      const model = await editorModel(request, access, kind, null, formValues(request.body));
      const explain = (error: AppError) => editorRefusal(dashboardTexts(request), error);
      return orShowForm(deps, request, reply, { template: 'editor', model, explain }, async () => {
        const form = parseForm(editorForm, request.body);
        if (publishes(form.action, 'draft') || form.action === 'mail')
          authorize(canPublish(access.actor, { kind, status: 'draft', author_id: access.actor.userId }));
        const post = await services.editor.create(
          access.blog,
          kind,
          await editorInput(services, access, form, null),
          form.action,
          access.actor.userId,
        );
        return reply.redirect(`/admin/blogs/${access.blog.name}/${section}/${post.id}?done=${form.action}`, 303);
      });
    });

    app.get<{ Params: Params; Querystring: { done?: string } }>(
      `/admin/blogs/:blog/${section}/:id`,
      { preHandler: signedIn },
      async (request, reply) => {
        const access = await blogAccess(request, services, request.params.blog);
        const post = await findPost(access, kind, request.params.id);
        authorize(canEdit(access.actor, post), `This ${kind} is not yours to edit.`);
        allowBlogFrames(reply, access.blog);
        const model = await editorModel(request, access, kind, post, await valuesOf(access.blog.time_zone, post));
        const saved = savedNotice(dashboardTexts(request), request.query.done, kind, post.status, model.liveUrl ?? '');
        return sendPage(deps, request, reply, 'editor', { ...model, saved });
      },
    );

    app.post<{ Params: Params }>(`/admin/blogs/:blog/${section}/:id`, { preHandler: signedIn }, async (request, reply) => {
      const access = await blogAccess(request, services, request.params.blog);
      const post = await findPost(access, kind, request.params.id);
      authorize(canEdit(access.actor, post), `This ${kind} is not yours to edit.`);
      const model = await editorModel(request, access, kind, post, formValues(request.body));
      const explain = (error: AppError) => editorRefusal(dashboardTexts(request), error);
      return orShowForm(deps, request, reply, { template: 'editor', model, explain }, async () => {
        const form = parseForm(editorForm, request.body);
        if (publishes(form.action, post.status) || form.action === 'unpublish' || form.action === 'mail')
          authorize(canPublish(access.actor, post), 'An admin publishes this post: submit it for review.');
        const saved = await services.editor.update(
          access.blog,
          post,
          await editorInput(services, access, form, post.author_id),
          form.action,
          access.actor.userId,
        );
        return reply.redirect(`/admin/blogs/${access.blog.name}/${section}/${saved.id}?done=${form.action}`, 303);
      });
    });

    app.post<{ Params: Params }>(`/admin/blogs/:blog/${section}/:id/publish`, { preHandler: signedIn }, async (request, reply) => {
      const access = await blogAccess(request, services, request.params.blog);
      const post = await findPost(access, kind, request.params.id);
      authorize(canPublish(access.actor, post));
      await services.editor.publish(access.blog, post, access.actor);
      return reply.redirect(`/admin/blogs/${access.blog.name}/${section}?done=publish`, 303);
    });

    app.post<{ Params: Params }>(`/admin/blogs/:blog/${section}/:id/trash`, { preHandler: signedIn }, async (request, reply) => {
      const access = await blogAccess(request, services, request.params.blog);
      const post = await findPost(access, kind, request.params.id);
      authorize(canDelete(access.actor, post), `This ${kind} is not yours to delete.`);
      await services.editor.moveToTrash(access.blog.id, [post.id]);
      return reply.redirect(`/admin/blogs/${access.blog.name}/${section}?done=trash`, 303);
    });
  }
}
