/** Blogger API v3: pages (list, get, insert, update, patch, delete, publish, revert). */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as z from 'zod';
import type { ApiPostsService, ApiPostInput } from '../../../domain/api/api-posts.service.js';
import type { ApiBlogsService } from '../../../domain/api/api-blogs.service.js';
import type { BlogService } from '../../../domain/blogs/blog.service.js';
import { listJson, postJson } from '../../../render/api/blogger-json.js';
import { apiLinks, sendApi } from './api-plugin.js';
import { bool, list, maxResults, parseParams, view } from './api-params.js';

export interface PageApiDeps {
  posts: ApiPostsService;
  apiBlogs: ApiBlogsService;
  blogs: BlogService;
}

const pageBody = z
  .object({
    title: z.string().max(10_000).optional(),
    content: z
      .string()
      .max(4 * 1024 * 1024)
      .optional(),
  })
  .passthrough();
const listQuery = z
  .object({
    status: list(['live', 'draft'] as const),
    fetchBodies: bool(true),
    maxResults: maxResults(20, 500),
    pageToken: z.string().max(500).optional(),
    view,
  })
  .passthrough();

/** pages.list's parameters as the domain takes them: newest published first. */
function listParams(q: z.infer<typeof listQuery>) {
  return {
    kind: 'page' as const,
    states: q.status,
    orderBy: 'published' as const,
    ascending: false,
    view: q.view,
    maxResults: q.maxResults,
    pageToken: q.pageToken,
  };
}

const ids = (request: FastifyRequest) => request.params as { blogId: string; pageId: string };

export function registerPageApiRoutes(api: FastifyInstance, deps: PageApiDeps): void {
  const open = (request: FastifyRequest) => deps.apiBlogs.open(request.apiCaller, ids(request).blogId);
  const whole = { fetchBody: true, fetchImages: false };

  api.get('/blogs/:blogId/pages', async (request, reply) => {
    const { blog, standing } = await open(request);
    const q = parseParams(listQuery, request.query);
    const page = await deps.posts.list(blog, standing, listParams(q));
    const links = apiLinks(request, deps.blogs);
    const items = page.items.map((item) => postJson(blog, item, links, { fetchBody: q.fetchBodies, fetchImages: false }));
    return sendApi(request, reply, listJson('blogger#pageList', items, page.nextPageToken));
  });

  api.get('/blogs/:blogId/pages/:pageId', async (request, reply) => {
    const { blog, standing } = await open(request);
    const q = parseParams(z.object({ view }).passthrough(), request.query);
    const item = await deps.posts.get(blog, standing, 'page', ids(request).pageId, q.view);
    return sendApi(request, reply, postJson(blog, item, apiLinks(request, deps.blogs), whole));
  });

  api.post('/blogs/:blogId/pages', async (request, reply) => {
    const { blog, standing } = await open(request);
    const { isDraft } = parseParams(z.object({ isDraft: bool(false) }).passthrough(), request.query);
    const item = await deps.posts.insert(blog, standing, 'page', parseParams(pageBody, request.body), isDraft);
    return sendApi(request, reply, postJson(blog, item, apiLinks(request, deps.blogs), whole));
  });

  for (const method of ['put', 'patch'] as const) {
    api[method]('/blogs/:blogId/pages/:pageId', async (request, reply) => {
      const { blog, standing } = await open(request);
      const q = parseParams(z.object({ publish: bool(false), revert: bool(false) }).passthrough(), request.query);
      const input = parseParams(pageBody, request.body) as ApiPostInput;
      const item = await deps.posts.update(blog, standing, 'page', ids(request).pageId, input, { replace: method === 'put', ...q });
      return sendApi(request, reply, postJson(blog, item, apiLinks(request, deps.blogs), whole));
    });
  }

  api.delete('/blogs/:blogId/pages/:pageId', async (request, reply) => {
    const { blog, standing } = await open(request);
    const { useTrash } = parseParams(z.object({ useTrash: bool(false) }).passthrough(), request.query);
    await deps.posts.delete(blog, standing, 'page', ids(request).pageId, useTrash);
    return reply.code(204).send();
  });

  api.post('/blogs/:blogId/pages/:pageId/publish', async (request, reply) => {
    const { blog, standing } = await open(request);
    const item = await deps.posts.publish(blog, standing, 'page', ids(request).pageId);
    return sendApi(request, reply, postJson(blog, item, apiLinks(request, deps.blogs), whole));
  });

  api.post('/blogs/:blogId/pages/:pageId/revert', async (request, reply) => {
    const { blog, standing } = await open(request);
    const item = await deps.posts.revert(blog, standing, 'page', ids(request).pageId);
    return sendApi(request, reply, postJson(blog, item, apiLinks(request, deps.blogs), whole));
  });
}
