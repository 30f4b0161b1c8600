/** Mounts the Blogger API v3 under `/v3` as one encapsulated plugin with its own errors and limits. */
import type { FastifyInstance } from 'fastify';
import type { ApiServices } from '../../../domain/api/api-services.js';
import type { BlogService } from '../../../domain/blogs/blog.service.js';
import type { BlogReader } from '../../../domain/reader/blog-reader.js';
import { registerApiBase } from './api-plugin.js';
import { registerBlogApiRoutes } from './blogs.api-routes.js';
import { registerPostApiRoutes } from './posts.api-routes.js';
import { registerPageApiRoutes } from './pages.api-routes.js';
import { registerCommentApiRoutes } from './comments.api-routes.js';

export interface ApiDeps {
  api: ApiServices;
  blogs: BlogService;
  reader: BlogReader;
  /** Requests a minute per token (default 600). */
  rateLimit?: number;
}

export async function registerBloggerApi(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  await app.register(
    async (api) => {
      await registerApiBase(api, { verifyBearer: deps.api.verifyBearer, blogs: deps.blogs, rateLimit: deps.rateLimit ?? 600 });
      const shared = { apiBlogs: deps.api.blogs, posts: deps.api.posts, blogs: deps.blogs };
      registerBlogApiRoutes(api, shared);
      registerPostApiRoutes(api, { ...shared, reader: deps.reader });
      registerPageApiRoutes(api, shared);
      registerCommentApiRoutes(api, { comments: deps.api.comments, apiBlogs: deps.api.blogs, blogs: deps.blogs });
    },
    { prefix: '/v3' },
  );
}
