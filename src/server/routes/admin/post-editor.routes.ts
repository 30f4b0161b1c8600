/**
 * Writing and editing a post or page: the editor form, saving (draft, submit for review, publish or
 * schedule), an admin publishing a submitted draft, and moving to the trash. Each handler: access →
 * validate → policy → one editor call → redirect or show the form again with the reason.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { InvalidInputError, NotFoundError } from '../../../domain/errors.js';
import { canChangeAuthor, canCreate, canDelete, canEdit, canPublish } from '../../../domain/policies/post.policy.js';
import type { EditorInput } from '../../../domain/posts/post-editor.service.js';
import { msToZonedInput, zonedInputToMs } from '../../../domain/text/zoned-time.js';
import { isId } from '../../../storage/ids.js';
import type { PostKind, PostRow } from '../../../storage/schema.js';
import { sectionOf } from '../../../render/admin/post-list.presenter.js';
import { formValues, orShowForm, sendPage, signedIn, type AdminDeps } from '../../admin/admin-page.js';
import { authorize, blogAccess, type BlogAccess } from '../../admin/blog-access.js';
import { blogNav } from '../../admin/blog-nav.js';
import { parseForm, textField } from '../../admin/forms.js';

type Params = { blog: string; id: string };

const editorForm = z.object({
  title: textField('The title', 500),
  body: textField('The body', 2 * 1024 * 1024),
  format: z.enum(['html', 'markdown'], { error: 'The body is HTML or Markdown.' }).optional().default('html'),
  labels: textField('Labels', 10_000),
  slug: textField('The permalink', 200),
  publishedAt: textField('The publish date', 40),
  searchDescription: textField('The search description', 300),
  commentsSetting: z
    .enum(['allow', 'closed-show', 'closed-hide'], { error: 'Please choose a reader comments setting.' })
    .optional()
    .default('allow'),
  authorId: textField('The author', 20),
  action: z.enum(['draft', 'submit', 'publish'], { error: 'Please use one of the save buttons.' }),
});

type EditorForm = z.output<typeof editorForm>;

export function registerPostEditorRoutes(app: FastifyInstance, deps: AdminDeps): void {
  const { services } = deps;

  /** The post a URL names, of this kind, on this blog; 404 otherwise. */
  const findPost = async (access: BlogAccess, kind: PostKind, id: string): Promise<PostRow> => {
    const post = isId(id) ? await services.repositories.posts.findById(access.blog.id, id) : undefined;
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
    const members = await services.repositories.users.membersOfBlog(blog.id);
    const facts = post ?? { kind, status: 'draft' as const, author_id: actor.userId };
    return {
      title: post ? `Edit ${kind}` : `New ${kind}`,
      blog: blogNav(request, deps, access),
      kind,
      section: sectionOf(kind),
      post: post ? { id: post.id, status: post.status, trashed: post.trashed_at !== null } : null,
      action: post ? `/admin/blogs/${blog.name}/${sectionOf(kind)}/${post.id}` : `/admin/blogs/${blog.name}/${sectionOf(kind)}`,
      form: values,
      timeZone: blog.time_zone,
      labelNames: await services.repositories.postAdmin.labelNames(blog.id),
      canPublish: canPublish(actor, facts),
      canSubmit: !canPublish(actor, facts),
      canDelete: post !== null && canDelete(actor, post),
      canChangeAuthor: canChangeAuthor(actor),
      authors: members.map((m) => ({ id: m.user_id, name: m.display_name })),
      commentsSettings: [
        { value: 'allow', name: 'Allow' },
        { value: 'closed-show', name: 'Closed, show existing' },
        { value: 'closed-hide', name: 'Closed, hide existing' },
      ],
    };
  };

  const valuesOf = async (blogTz: string, post: PostRow): Promise<Record<string, string>> => ({
    title: post.title,
    body: post.body_html,
    format: 'html',
    labels: ((await services.repositories.posts.labelsOf([post.id])).get(post.id) ?? []).join(', '),
    slug: post.slug,
    publishedAt: post.published_at !== null ? msToZonedInput(post.published_at, blogTz) : '',
    searchDescription: post.search_description,
    commentsSetting: post.comments_setting,
    authorId: post.author_id ?? '',
  });

  /** Turns the form into editor input; the author is checked to be a member, and only admins may change it. */
  const toInput = async (access: BlogAccess, form: EditorForm, currentAuthorId: string | null): Promise<EditorInput> => {
    let publishedAt: number | undefined;
    if (form.publishedAt.trim() !== '') {
      publishedAt = zonedInputToMs(form.publishedAt, access.blog.time_zone);
      if (publishedAt === undefined)
        throw new InvalidInputError('The publish date is not a date and time such as 2026-11-20T09:30.', 'publishedAt');
    }
    const wanted = form.authorId && isId(form.authorId) ? form.authorId : (currentAuthorId ?? access.actor.userId);
    if (wanted !== (currentAuthorId ?? access.actor.userId))
      authorize(canChangeAuthor(access.actor), 'Only an admin may change the author.');
    const membership = await services.repositories.users.findMembership(access.blog.id, wanted);
    const author = membership ? await services.repositories.users.findById(wanted) : undefined;
    if (!author) throw new InvalidInputError('The author must be a member of this blog.', 'authorId');
    return {
      title: form.title,
      body: form.body,
      format: form.format,
      labels: form.labels.split(','),
      slug: form.slug.trim(),
      publishedAt,
      searchDescription: form.searchDescription,
      commentsSetting: form.commentsSetting,
      author,
    };
  };

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
      return orShowForm(deps, request, reply, { template: 'editor', model }, async () => {
        const form = parseForm(editorForm, request.body);
        if (form.action === 'publish') authorize(canPublish(access.actor, { kind, status: 'draft', author_id: access.actor.userId }));
        const post = await services.editor.create(access.blog, kind, await toInput(access, form, null), form.action, access.actor.userId);
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
        const model = await editorModel(request, access, kind, post, await valuesOf(access.blog.time_zone, post));
        const done: Record<string, string> = {
          draft: 'Saved as a draft.',
          submit: 'Submitted for review.',
          publish: post.status === 'scheduled' ? 'Scheduled.' : 'Published.',
        };
        return sendPage(deps, request, reply, 'editor', { ...model, notice: done[request.query.done ?? ''] ?? null });
      },
    );

    app.post<{ Params: Params }>(`/admin/blogs/:blog/${section}/:id`, { preHandler: signedIn }, async (request, reply) => {
      const access = await blogAccess(request, services, request.params.blog);
      const post = await findPost(access, kind, request.params.id);
      authorize(canEdit(access.actor, post), `This ${kind} is not yours to edit.`);
      const model = await editorModel(request, access, kind, post, formValues(request.body));
      return orShowForm(deps, request, reply, { template: 'editor', model }, async () => {
        const form = parseForm(editorForm, request.body);
        if (form.action === 'publish') authorize(canPublish(access.actor, post), 'An admin publishes this post: submit it for review.');
        const saved = await services.editor.update(
          access.blog,
          post,
          await toInput(access, form, post.author_id),
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
      await services.editor.publish(access.blog, post, access.actor.userId);
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
