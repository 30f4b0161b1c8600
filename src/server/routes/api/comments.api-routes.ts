/** Blogger API v3: comments (list, listByBlog, get, approve, markAsSpam, removeContent, delete). */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as z from 'zod';
import type { ApiCommentsService } from '../../../domain/api/api-comments.service.js';
import type { ApiBlogsService } from '../../../domain/api/api-blogs.service.js';
import type { BlogService } from '../../../domain/blogs/blog.service.js';
import type { ModerationAction } from '../../../domain/comments/comment-moderation.service.js';
import { commentJson, listJson } from '../../../render/api/blogger-json.js';
import { apiLinks, sendApi } from './api-plugin.js';
import { bool, dateTime, list, maxResults, parseParams, view } from './api-params.js';

export interface CommentApiDeps {
  comments: ApiCommentsService;
  apiBlogs: ApiBlogsService;
  blogs: BlogService;
}

const listQuery = z
  .object({
    status: list(['live', 'emptied', 'pending', 'spam'] as const),
    startDate: dateTime,
    endDate: dateTime,
    fetchBodies: bool(true),
    maxResults: maxResults(20, 500),
    pageToken: z.string().max(500).optional(),
    view,
  })
  .passthrough();
const ids = (request: FastifyRequest) => request.params as { blogId: string; postId: string; commentId: string };

export function registerCommentApiRoutes(api: FastifyInstance, deps: CommentApiDeps): void {
  const open = (request: FastifyRequest) => deps.apiBlogs.open(request.apiCaller, ids(request).blogId);

  const listRoute = (byPost: boolean) => async (request: FastifyRequest, reply: import('fastify').FastifyReply) => {
    const { blog, standing } = await open(request);
    const q = parseParams(listQuery, request.query);
    const page = await deps.comments.list(blog, standing, {
      postId: byPost ? ids(request).postId : undefined,
      statuses: q.status,
      startDate: q.startDate,
      endDate: q.endDate,
      view: q.view,
      maxResults: q.maxResults,
      pageToken: q.pageToken,
    });
    const links = apiLinks(request, deps.blogs);
    return sendApi(
      request,
      reply,
      listJson(
        'blogger#commentList',
        page.items.map((c) => commentJson(blog, c, links, q.fetchBodies)),
        page.nextPageToken,
      ),
    );
  };
  api.get('/blogs/:blogId/comments', listRoute(false));
  api.get('/blogs/:blogId/posts/:postId/comments', listRoute(true));

  api.get('/blogs/:blogId/posts/:postId/comments/:commentId', async (request, reply) => {
    const { blog, standing } = await open(request);
    const comment = await deps.comments.get(blog, standing, ids(request).postId, ids(request).commentId);
    return sendApi(request, reply, commentJson(blog, comment, apiLinks(request, deps.blogs)));
  });

  const actions: [string, ModerationAction][] = [
    ['approve', 'approve'],
    ['spam', 'spam'],
    ['removecontent', 'delete'],
  ];
  for (const [path, action] of actions) {
    api.post(`/blogs/:blogId/posts/:postId/comments/:commentId/${path}`, async (request, reply) => {
      const { blog, standing } = await open(request);
      const links = apiLinks(request, deps.blogs);
      const comment = await deps.comments.moderate(
        blog,
        standing,
        ids(request).postId,
        ids(request).commentId,
        action,
        links.home(blog).replace(/\/$/, ''),
      );
      return sendApi(request, reply, commentJson(blog, comment, links));
    });
  }

  api.delete('/blogs/:blogId/posts/:postId/comments/:commentId', async (request, reply) => {
    const { blog, standing } = await open(request);
    const origin = apiLinks(request, deps.blogs).home(blog).replace(/\/$/, '');
    await deps.comments.moderate(blog, standing, ids(request).postId, ids(request).commentId, 'delete', origin);
    return reply.code(204).send();
  });
}
