/** Blogger API v3: blogs (get, getByUrl, listByUser), blogUserInfos.get, users.get and pageViews.get. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as z from 'zod';
import type { ApiBlogsService, PageViewRange } from '../../../domain/api/api-blogs.service.js';
import type { ApiPostsService } from '../../../domain/api/api-posts.service.js';
import type { BlogService } from '../../../domain/blogs/blog.service.js';
import { ForbiddenError, InvalidInputError } from '../../../domain/errors.js';
import { canUseView } from '../../../domain/api/api-access.js';
import type { BlogRow } from '../../../storage/schema.js';
import { blogJson, blogUserInfoJson, listJson, pageViewsJson, postJson, userJson } from '../../../render/api/blogger-json.js';
import { apiLinks, sendApi } from './api-plugin.js';
import { maxResults, parseParams, view } from './api-params.js';

export interface BlogApiDeps {
  apiBlogs: ApiBlogsService;
  posts: ApiPostsService;
  blogs: BlogService;
}

const params = (request: FastifyRequest) => request.params as { blogId: string; userId: string };
const RANGES = ['7DAYS', '30DAYS', 'all'] as const;

export function registerBlogApiRoutes(api: FastifyInstance, deps: BlogApiDeps): void {
  /** A blog resource, with its newest `maxPosts` live posts when asked. */
  async function blogResource(request: FastifyRequest, blog: BlogRow, maxPosts: number | undefined) {
    const links = apiLinks(request, deps.blogs);
    const counts = await deps.apiBlogs.counts(blog.id);
    if (!maxPosts) return blogJson(blog, links, counts);
    const { standing } = await deps.apiBlogs.open(request.apiCaller, blog.id);
    const page = await deps.posts.list(blog, standing, { kind: 'post', orderBy: 'published', ascending: false, maxResults: maxPosts });
    return blogJson(
      blog,
      links,
      counts,
      page.items.map((item) => postJson(blog, item, links, { fetchBody: true, fetchImages: false })),
    );
  }
  const blogQuery = z.object({ maxPosts: maxResults(0, 500).optional(), view }).passthrough();

  api.get('/blogs/byurl', async (request, reply) => {
    const q = parseParams(z.object({ url: z.string().min(1).max(2048), view }).passthrough(), request.query);
    const blog = await deps.apiBlogs.byUrl(request.apiCaller, q.url);
    return sendApi(request, reply, await blogResource(request, blog, undefined));
  });

  api.get('/blogs/:blogId', async (request, reply) => {
    const q = parseParams(blogQuery, request.query);
    const { blog, standing } = await deps.apiBlogs.open(request.apiCaller, params(request).blogId);
    if (q.view && !canUseView(standing, q.view)) throw new ForbiddenError('Your role on this blog does not allow that view.');
    const maxPosts = (request.query as Record<string, unknown>).maxPosts === undefined ? undefined : q.maxPosts;
    return sendApi(request, reply, await blogResource(request, blog, maxPosts));
  });

  api.get('/users/:userId/blogs', async (request, reply) => {
    const mine = await deps.apiBlogs.ofUser(request.apiCaller, params(request).userId);
    const user = await deps.apiBlogs.self(request.apiCaller, params(request).userId);
    const fetchUserInfo = (request.query as Record<string, unknown>).fetchUserInfo === 'true';
    const items = await Promise.all(mine.map((m) => blogResource(request, m.blog, undefined)));
    return sendApi(request, reply, {
      ...listJson('blogger#blogList', items),
      ...(fetchUserInfo ? { blogUserInfos: mine.map((m, i) => blogUserInfoJson(items[i]!, m.blog.id, user.id, m.role)) } : {}),
    });
  });

  api.get('/users/:userId/blogs/:blogId', async (request, reply) => {
    const user = await deps.apiBlogs.self(request.apiCaller, params(request).userId);
    const { blog, standing } = await deps.apiBlogs.open(request.apiCaller, params(request).blogId);
    const q = parseParams(z.object({ maxPosts: maxResults(0, 500).optional() }).passthrough(), request.query);
    const maxPosts = (request.query as Record<string, unknown>).maxPosts === undefined ? undefined : q.maxPosts;
    return sendApi(request, reply, blogUserInfoJson(await blogResource(request, blog, maxPosts), blog.id, user.id, standing.actor.role));
  });

  api.get('/users/:userId', async (request, reply) => {
    const user = await deps.apiBlogs.self(request.apiCaller, params(request).userId);
    return sendApi(request, reply, userJson(user, apiLinks(request, deps.blogs)));
  });

  api.get('/blogs/:blogId/pageviews', async (request, reply) => {
    const { blog, standing } = await deps.apiBlogs.open(request.apiCaller, params(request).blogId);
    const raw = (request.query as Record<string, unknown>).range;
    const asked = raw === undefined ? ['all'] : [raw].flat().flatMap((r) => (typeof r === 'string' ? r.split(',') : ['?']));
    const ranges = asked.map((r) => RANGES.find((known) => known.toLowerCase() === r.trim().toLowerCase()));
    if (ranges.some((r) => r === undefined)) throw new InvalidInputError('range must be 7DAYS, 30DAYS or all.', 'range');
    const counts = await deps.apiBlogs.pageViews(blog, standing, ranges as PageViewRange[]);
    return sendApi(request, reply, pageViewsJson(blog.id, counts));
  });
}
