/**
 * A blog's media library in the dashboard (/admin/blogs/NAME/media; every writer of the blog): each
 * upload with its thumbnail, size, alt text and the posts, pages and blog pictures that use it; a form
 * to change the alt text and a Delete button for unused uploads (owners and admins any, writers their
 * own). `media.json` is the same list for the editor's "Choose from library".
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as z from 'zod';
import { canSeeMedia } from '../../../domain/policies/media.policy.js';
import { MEDIA_PAGE_SIZE } from '../../../domain/media/media.service.js';
import { presentChoice, presentMedia } from '../../../render/dashboard/media.presenter.js';
import { dashboardText, orShowForm, sendPage, signedIn, type AdminDeps, type BlogPage } from '../../dashboard-helpers/admin-page.js';
import { authorize, blogAccess, type BlogAccess } from '../../dashboard-helpers/blog-access.js';
import { blogNav } from '../../dashboard-helpers/blog-nav.js';
import { parseForm, textField } from '../../dashboard-helpers/forms.js';

type Params = { blog: string };
type ItemParams = Params & { id: string };
const NOT_ALLOWED = 'Only the blog’s writers see its media library.';
const DONE = new Set(['alt', 'deleted']);
const listQuery = z.object({ page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1) });
const altForm = z.object({ alt: textField('The alt text', 2000) });

export function registerMediaRoutes(app: FastifyInstance, deps: AdminDeps<BlogPage | 'media'>): void {
  const { services } = deps;
  const access = async (request: FastifyRequest<{ Params: Params }>) => {
    const found = await blogAccess(request, services, request.params.blog);
    authorize(canSeeMedia(found.actor), NOT_ALLOWED);
    return found;
  };
  const pageModel = async (request: FastifyRequest<{ Params: Params }>, found: BlogAccess, page: number) => {
    const language = request.auth?.user.language || found.blog.language;
    const { items, total } = await services.media.list(found.blog, page);
    const pages = Math.max(1, Math.ceil(total / MEDIA_PAGE_SIZE));
    return {
      title: dashboardText(request, 'admin.media.title'),
      blog: blogNav(request, deps, found),
      items: items.map((item) => presentMedia(item, found.actor, language, found.blog.time_zone)),
      total,
      previous: page > 1 ? `?page=${page - 1}` : null,
      next: page < pages ? `?page=${page + 1}` : null,
    };
  };
  const back = (found: BlogAccess, done: string, id = '') => `/admin/blogs/${found.blog.name}/media?done=${done}${id && `#media-${id}`}`;

  app.get<{ Params: Params }>('/admin/blogs/:blog/media', { preHandler: signedIn }, async (request, reply) => {
    const found = await access(request);
    const model = await pageModel(request, found, parseForm(listQuery, request.query).page);
    const done = (request.query as { done?: string }).done;
    const notice = done && DONE.has(done) ? dashboardText(request, `admin.media.done.${done}`) : null;
    return sendPage(deps, request, reply, 'media', { ...model, notice });
  });

  app.get<{ Params: Params }>('/admin/blogs/:blog/media.json', { preHandler: signedIn }, async (request, reply) => {
    const found = await access(request);
    const page = parseForm(listQuery, request.query).page;
    const { items, total } = await services.media.list(found.blog, page);
    return reply.header('cache-control', 'no-store').send({ items: items.map(presentChoice), more: page * MEDIA_PAGE_SIZE < total });
  });

  app.post<{ Params: ItemParams }>('/admin/blogs/:blog/media/:id/alt', { preHandler: signedIn }, async (request, reply) => {
    const found = await access(request);
    return orShowForm(deps, request, reply, { template: 'media', model: await pageModel(request, found, 1) }, async () => {
      await services.media.setAlt(found.blog, found.actor, request.params.id, parseForm(altForm, request.body).alt);
      return reply.redirect(back(found, 'alt', request.params.id), 303);
    });
  });

  app.post<{ Params: ItemParams }>('/admin/blogs/:blog/media/:id/delete', { preHandler: signedIn }, async (request, reply) => {
    const found = await access(request);
    const model = await pageModel(request, found, 1);
    return orShowForm(deps, request, reply, { template: 'media', model }, async () => {
      await services.media.remove(found.blog, found.actor, request.params.id);
      return reply.redirect(back(found, 'deleted'), 303);
    });
  });
}
