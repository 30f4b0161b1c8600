/** Blogger API v3: posts (list, get, getByPath, search, insert, update, patch, delete, publish, revert) and postUserInfos. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as z from 'zod';
import type { ApiPostsService, ApiPostInput } from '../../../domain/api/api-posts.service.js';
import type { ApiBlogsService } from '../../../domain/api/api-blogs.service.js';
import type { BlogService } from '../../../domain/blogs/blog.service.js';
import type { BlogReader } from '../../../domain/reader/blog-reader.js';
import { canEdit } from '../../../domain/policies/post.policy.js';
import { listJson, postJson, postUserInfoJson } from '../../../render/api/blogger-json.js';
import { apiLinks, sendApi } from './api-plugin.js';
import { bool, dateTime, list, maxResults, parseParams, view } from './api-params.js';

export interface PostApiDeps {
  posts: ApiPostsService;
  apiBlogs: ApiBlogsService;
  blogs: BlogService;
  reader: BlogReader;
}

const listQuery = z.object({
  status: list(['live', 'draft', 'scheduled', 'soft_trashed'] as const),
  labels: z.string().max(2000).optional(),
  orderBy: z.enum(['published', 'updated', 'PUBLISHED', 'UPDATED']).optional(),
  sortOption: z.enum(['DESCENDING', 'ASCENDING', 'SORT_OPTION_UNSPECIFIED']).optional(),
  startDate: dateTime,
  endDate: dateTime,
  fetchBodies: bool(true),
  fetchImages: bool(false),
  maxResults: maxResults(10, 500),
  pageToken: z.string().max(500).optional(),
  view,
});
const getQuery = z.object({ fetchBody: bool(true), fetchImages: bool(false), view });
const postBody = z
  .object({
    title: z.string().max(10_000).optional(),
    content: z
      .string()
      .max(4 * 1024 * 1024)
      .optional(),
    labels: z.array(z.string().max(200)).max(200).optional(),
    published: z.string().max(100).optional(),
    readerComments: z.enum(['ALLOW', 'DONT_ALLOW_SHOW_EXISTING', 'DONT_ALLOW_HIDE_EXISTING']).optional(),
  })
  .passthrough();

const ids = (request: FastifyRequest) => request.params as { blogId: string; postId: string; userId: string };

/** posts.list's parameters as the domain takes them. */
function listParams(request: FastifyRequest) {
  const q = parseParams(listQuery, request.query);
  return {
    query: q,
    params: {
      kind: 'post' as const,
      states: q.status,
      labels: q.labels
        ?.split(',')
        .map((l) => l.trim())
        .filter(Boolean),
      orderBy: (q.orderBy?.toLowerCase() ?? 'published') as 'published' | 'updated',
      ascending: q.sortOption === 'ASCENDING',
      startDate: q.startDate,
      endDate: q.endDate,
      view: q.view,
      maxResults: q.maxResults,
      pageToken: q.pageToken,
    },
  };
}

export function registerPostApiRoutes(api: FastifyInstance, deps: PostApiDeps): void {
  const open = (request: FastifyRequest) => deps.apiBlogs.open(request.apiCaller, ids(request).blogId);

  api.get('/blogs/:blogId/posts', async (request, reply) => {
    const { blog, standing } = await open(request);
    const { query, params } = listParams(request);
    const page = await deps.posts.list(blog, standing, params);
    const links = apiLinks(request, deps.blogs);
    const items = page.items.map((item) => postJson(blog, item, links, { fetchBody: query.fetchBodies, fetchImages: query.fetchImages }));
    return sendApi(request, reply, listJson('blogger#postList', items, page.nextPageToken));
  });

  api.get('/blogs/:blogId/posts/bypath', async (request, reply) => {
    const { blog } = await open(request);
    const { path } = parseParams(z.object({ path: z.string().min(1).max(2048) }).passthrough(), request.query);
    const item = await deps.posts.getByPath(blog, path);
    return sendApi(request, reply, postJson(blog, item, apiLinks(request, deps.blogs), { fetchBody: true, fetchImages: false }));
  });

  api.get('/blogs/:blogId/posts/search', async (request, reply) => {
    const { blog } = await open(request);
    const q = parseParams(z.object({ q: z.string().trim().min(1).max(500), fetchBodies: bool(true) }).passthrough(), request.query);
    const found = await deps.reader.search(blog, q.q, 1);
    const items = await deps.posts.withDetailsOf(
      blog.id,
      found.results.map((r) => r.post),
    );
    const links = apiLinks(request, deps.blogs);
    return sendApi(
      request,
      reply,
      listJson(
        'blogger#postList',
        items.map((item) => postJson(blog, item, links, { fetchBody: q.fetchBodies, fetchImages: false })),
      ),
    );
  });

  api.get('/blogs/:blogId/posts/:postId', async (request, reply) => {
    const { blog, standing } = await open(request);
    const q = parseParams(getQuery.passthrough(), request.query);
    const item = await deps.posts.get(blog, standing, 'post', ids(request).postId, q.view);
    return sendApi(
      request,
      reply,
      postJson(blog, item, apiLinks(request, deps.blogs), { fetchBody: q.fetchBody, fetchImages: q.fetchImages }),
    );
  });

  api.post('/blogs/:blogId/posts', async (request, reply) => {
    const { blog, standing } = await open(request);
    const { isDraft } = parseParams(z.object({ isDraft: bool(false) }).passthrough(), request.query);
    const item = await deps.posts.insert(blog, standing, 'post', parseParams(postBody, request.body), isDraft);
    return sendApi(request, reply, postJson(blog, item, apiLinks(request, deps.blogs), { fetchBody: true, fetchImages: false }));
  });

  for (const method of ['put', 'patch'] as const) {
    api[method]('/blogs/:blogId/posts/:postId', async (request, reply) => {
      const { blog, standing } = await open(request);
      const q = parseParams(z.object({ publish: bool(false), revert: bool(false) }).passthrough(), request.query);
      const input = parseParams(postBody, request.body) as ApiPostInput;
      const item = await deps.posts.update(blog, standing, 'post', ids(request).postId, input, { replace: method === 'put', ...q });
      return sendApi(request, reply, postJson(blog, item, apiLinks(request, deps.blogs), { fetchBody: true, fetchImages: false }));
    });
  }

  api.delete('/blogs/:blogId/posts/:postId', async (request, reply) => {
    const { blog, standing } = await open(request);
    const { useTrash } = parseParams(z.object({ useTrash: bool(false) }).passthrough(), request.query);
    await deps.posts.delete(blog, standing, 'post', ids(request).postId, useTrash);
    return reply.code(204).send();
  });

  api.post('/blogs/:blogId/posts/:postId/publish', async (request, reply) => {
    const { blog, standing } = await open(request);
    const { publishDate } = parseParams(z.object({ publishDate: z.string().max(100).optional() }).passthrough(), request.query);
    const item = await deps.posts.publish(blog, standing, 'post', ids(request).postId, publishDate);
    return sendApi(request, reply, postJson(blog, item, apiLinks(request, deps.blogs), { fetchBody: true, fetchImages: false }));
  });

  api.post('/blogs/:blogId/posts/:postId/revert', async (request, reply) => {
    const { blog, standing } = await open(request);
    const item = await deps.posts.revert(blog, standing, 'post', ids(request).postId);
    return sendApi(request, reply, postJson(blog, item, apiLinks(request, deps.blogs), { fetchBody: true, fetchImages: false }));
  });

  // postUserInfos: a post with whether the caller may edit it.
  api.get('/users/:userId/blogs/:blogId/posts/:postId', async (request, reply) => {
    const user = await deps.apiBlogs.self(request.apiCaller, ids(request).userId);
    const { blog, standing } = await open(request);
    const item = await deps.posts.get(blog, standing, 'post', ids(request).postId);
    const post = postJson(blog, item, apiLinks(request, deps.blogs), { fetchBody: true, fetchImages: false });
    return sendApi(
      request,
      reply,
      postUserInfoJson(post, { userId: user.id, blogId: blog.id, postId: item.post.id }, canEdit(standing.actor, item.post)),
    );
  });

  api.get('/users/:userId/blogs/:blogId/posts', async (request, reply) => {
    const user = await deps.apiBlogs.self(request.apiCaller, ids(request).userId);
    const { blog, standing } = await open(request);
    const { query, params } = listParams(request);
    const page = await deps.posts.list(blog, standing, params);
    const links = apiLinks(request, deps.blogs);
    const items = page.items.map((item) =>
      postUserInfoJson(
        postJson(blog, item, links, { fetchBody: query.fetchBodies, fetchImages: query.fetchImages }),
        { userId: user.id, blogId: blog.id, postId: item.post.id },
        canEdit(standing.actor, item.post),
      ),
    );
    return sendApi(request, reply, listJson('blogger#postUserInfosList', items, page.nextPageToken));
  });
}
