/**
 * The Blogger API's domain services, built from the parts services.ts already has: personal tokens,
 * and the posts, comments and blogs the API reads and writes through the dashboard's own services.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../storage/schema.js';
import { ApiTokenRepository } from '../../storage/repositories/api-token.repository.js';
import { ApiQueryRepository } from '../../storage/repositories/api-query.repository.js';
import type { BlogRepository } from '../../storage/repositories/blog.repository.js';
import type { CommentRepository } from '../../storage/repositories/comment.repository.js';
import type { PostRepository } from '../../storage/repositories/post.repository.js';
import type { UserRepository } from '../../storage/repositories/user.repository.js';
import type { BlogService } from '../blogs/blog.service.js';
import type { CommentModerationService } from '../comments/comment-moderation.service.js';
import type { PostEditor } from '../posts/post-editor.service.js';
import { ApiTokenService } from './api-token.service.js';
import { ApiPostsService } from './api-posts.service.js';
import { ApiCommentsService } from './api-comments.service.js';
import { ApiBlogsService } from './api-blogs.service.js';
import { OAuthService } from '../oauth/oauth.service.js';
import { OAuthRepository } from '../../storage/repositories/oauth.repository.js';
import type { ApiGrant } from './api-token.service.js';

export interface ApiServices {
  tokens: ApiTokenService;
  posts: ApiPostsService;
  comments: ApiCommentsService;
  blogs: ApiBlogsService;
  /** Sign-in for apps: OAuth 2.0 with PKCE, also IndieAuth. */
  oauth: OAuthService;
  /** The grant of a bearer token of either kind (personal `dst_…`, OAuth `dso_…`), or undefined. */
  verifyBearer: (token: string) => Promise<ApiGrant | undefined>;
}

export interface ApiServiceParts {
  db: Kysely<Database>;
  blogs: BlogRepository;
  posts: PostRepository;
  comments: CommentRepository;
  users: UserRepository;
  blogService: BlogService;
  editor: PostEditor;
  moderation: CommentModerationService;
  now: () => number;
}

export function createApiServices(parts: ApiServiceParts): ApiServices {
  const queries = new ApiQueryRepository(parts.db);
  const tokens = new ApiTokenService(new ApiTokenRepository(parts.db), parts.now);
  const oauth = new OAuthService(new OAuthRepository(parts.db), parts.now);
  return {
    tokens,
    oauth,
    verifyBearer: async (token) => (await tokens.verify(token)) ?? (await oauth.verifyAccessToken(token)),
    posts: new ApiPostsService(queries, parts.posts, parts.users, parts.editor, parts.now),
    comments: new ApiCommentsService(queries, parts.comments, parts.posts, parts.moderation),
    blogs: new ApiBlogsService(parts.blogs, parts.blogService, parts.users, queries),
  };
}
