/**
 * The lists of posts and of pages: filters (status, label, author), search, and bulk actions. Every
 * member sees the post list; pages are the admins'. A bulk action is refused whole when any one of its
 * posts is not the viewer's to change, so a refused request changes nothing.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as z from 'zod';
import { canCreate, canDelete, canEdit, canListPosts, canPublish } from '../../../domain/policies/post.policy.js';
import { isId } from '../../../storage/ids.js';
import type { PostKind } from '../../../storage/schema.js';
import type { AdminPostFilter } from '../../../domain/posts/post-library.service.js';
import { presentPostList, sectionOf } from '../../../render/dashboard/post-list.presenter.js';
import { dashboardText, dashboardTexts, sendPage, signedIn, type AdminDeps, type BlogPage } from '../../dashboard-helpers/admin-page.js';
import { authorize, blogAccess } from '../../dashboard-helpers/blog-access.js';
import { blogNav } from '../../dashboard-helpers/blog-nav.js';
import { manyField, parseForm } from '../../dashboard-helpers/forms.js';

const PAGE_SIZE = 25;
type Params = { blog: string };
type Query = Record<string, string | string[] | undefined>;

const listQuery = z.object({
  status: z.enum(['draft', 'pending', 'scheduled', 'live', ''], { error: 'Please choose a status from the list.' }).optional(),
  label: z.string().max(100, 'A label is at most 100 characters.').optional(),
  author: z.string().max(20).optional(),
  q: z.string().max(200, 'Search words are at most 200 characters.').optional(),
  page: z
    .string()
    .regex(/^\d{1,5}$/, 'The page number must be a whole number.')
    .optional(),
});

const bulkForm = z.object({
  action: z.enum(['trash', 'publish', 'draft'], { error: 'Please choose what to do with the selected posts.' }),
  ids: manyField('Posts', 200),
});

export function registerPostListRoutes(app: FastifyInstance, deps: AdminDeps<BlogPage | 'editor' | 'postLibrary'>): void {
  const { services } = deps;

  for (const kind of ['post', 'page'] as PostKind[]) {
    const section = sectionOf(kind);

    app.get<{ Params: Params; Querystring: Query }>(`/admin/blogs/:blog/${section}`, { preHandler: signedIn }, async (request, reply) => {
      const access = await blogAccess(request, services, request.params.blog);
      authorize(kind === 'page' ? canCreate(access.actor, 'page') : canListPosts(access.actor));
      const query = parseForm(listQuery, request.query);
      const page = Math.max(1, Number(query.page ?? '1'));
      const filter = listFilterOf(query, access.blog.id, kind);
      const nav = blogNav(request, deps, access);
      return sendPage(deps, request, reply, 'posts', {
        title: dashboardText(request, kind === 'page' ? 'admin.nav.pages' : 'admin.nav.posts'),
        blog: nav,
        notice: doneMessage(request, request.query.done),
        ...presentPostList({
          blog: access.blog,
          actor: access.actor,
          filter,
          page,
          pageSize: PAGE_SIZE,
          listing: await services.postLibrary.listing(filter, PAGE_SIZE, (page - 1) * PAGE_SIZE),
          authors: await services.members.membersOf(access.blog.id),
          labelNames: await services.postLibrary.labelNames(access.blog.id),
          origin: nav.home.replace(/\/$/, ''),
          texts: dashboardTexts(request),
        }),
      });
    });

    app.post<{ Params: Params }>(`/admin/blogs/:blog/${section}/bulk`, { preHandler: signedIn }, async (request, reply) => {
      const access = await blogAccess(request, services, request.params.blog);
      const input = parseForm(bulkForm, request.body);
      const ids = input.ids.filter(isId);
      const posts = (await services.postLibrary.findMany(access.blog.id, ids)).filter((p) => p.kind === kind && p.trashed_at === null);
      const allowed = (post: (typeof posts)[number]) =>
        input.action === 'trash'
          ? canDelete(access.actor, post)
          : input.action === 'publish'
            ? canPublish(access.actor, post)
            : canEdit(access.actor, post);
      authorize(posts.every(allowed), 'Some of the selected posts are not yours to change, so none were changed.');
      await services.editor.applyToMany(access.blog, posts, input.action, access.actor);
      return reply.redirect(`/admin/blogs/${access.blog.name}/${section}?done=${input.action}`, 303);
    });
  }
}

/** The list's filters as chosen in the query, blanks left out. */
function listFilterOf(query: z.infer<typeof listQuery>, blogId: string, kind: PostKind): AdminPostFilter {
  return {
    blogId,
    kind,
    status: query.status || undefined,
    labelName: query.label?.trim() || undefined,
    authorId: query.author && isId(query.author) ? query.author : undefined,
    text: query.q?.trim() || undefined,
  };
}

/** The notice after a bulk action or a save (`?done=`), in the viewer's language. */
function doneMessage(request: FastifyRequest, code: unknown): string | null {
  return typeof code === 'string' && DONE.has(code) ? dashboardText(request, `admin.posts.done.${code}`) : null;
}

const DONE = new Set(['trash', 'publish', 'draft', 'saved']);
