/**
 * Builds the application's parts from storage, in one place: repositories, then the services that
 * use them. The server, the command line and the tests all start here.
 */
import type { Config } from './config.js';
import type { Storage } from './storage/database.js';
import { BlogRepository } from './storage/repositories/blog.repository.js';
import { CommentRepository } from './storage/repositories/comment.repository.js';
import { LabelRepository } from './storage/repositories/label.repository.js';
import { PostRepository } from './storage/repositories/post.repository.js';
import { UserRepository } from './storage/repositories/user.repository.js';
import { ViewRepository } from './storage/repositories/view.repository.js';
import { RedirectRepository } from './storage/repositories/redirect.repository.js';
import { BlogService } from './domain/blogs/blog.service.js';
import { PostService } from './domain/posts/post.service.js';
import { CommentService } from './domain/comments/comment.service.js';
import { PopularPosts } from './domain/stats/popular-posts.js';
import { ViewCounter } from './domain/stats/view-counter.js';
import { PostScheduler } from './domain/posts/scheduler.js';
import { BlogReader } from './domain/reader/blog-reader.js';
import { UserService } from './domain/users/user.service.js';
import { RedirectService } from './domain/redirects/redirect.service.js';
import { ImportService } from './importers/import.service.js';
import { ExportService } from './exporters/export.service.js';
import type { ImportWriteServices } from './importers/import.writer.js';
import type { Kysely } from 'kysely';
import type { Database } from './storage/schema.js';

export type ServiceConfig = Pick<Config, 'baseDomain'>;

export interface Services {
  storage: Storage;
  repositories: {
    blogs: BlogRepository;
    posts: PostRepository;
    labels: LabelRepository;
    comments: CommentRepository;
    users: UserRepository;
    views: ViewRepository;
    redirects: RedirectRepository;
  };
  blogs: BlogService;
  posts: PostService;
  comments: CommentService;
  users: UserService;
  reader: BlogReader;
  popular: PopularPosts;
  viewCounter: ViewCounter;
  scheduler: PostScheduler;
  redirects: RedirectService;
  importer: ImportService;
  exporter: ExportService;
}

/**
 * The post and comment services over `db` — an import's transaction — with no per-write cache
 * invalidation (the import marks the blog changed once, at the end).
 */
export function importWriteServices(db: Kysely<Database>, now: () => number): ImportWriteServices {
  const posts = new PostRepository(db);
  const comments = new CommentRepository(db);
  const unchanged = async () => {};
  return {
    posts: new PostService(posts, new BlogRepository(db), unchanged, now),
    comments: new CommentService(comments, posts, unchanged, now),
    redirects: new RedirectRepository(db),
    users: new UserRepository(db),
    setCommentParent: (blogId, id, parentId) => comments.setParent(blogId, id, parentId),
  };
}

export function createServices(storage: Storage, config: ServiceConfig, now: () => number = Date.now): Services {
  const repositories = {
    blogs: new BlogRepository(storage.db),
    posts: new PostRepository(storage.db),
    labels: new LabelRepository(storage.db),
    comments: new CommentRepository(storage.db),
    users: new UserRepository(storage.db),
    views: new ViewRepository(storage.db),
    redirects: new RedirectRepository(storage.db),
  };
  const blogs = new BlogService(repositories.blogs, config.baseDomain, now);
  const contentChanged = async (blogId: string) => {
    await repositories.blogs.touch(blogId, now());
    blogs.forgetHosts();
  };
  const popular = new PopularPosts(repositories.views, repositories.posts, 30_000, now);
  return {
    storage,
    repositories,
    blogs,
    posts: new PostService(repositories.posts, repositories.blogs, contentChanged, now),
    comments: new CommentService(repositories.comments, repositories.posts, contentChanged, now),
    users: new UserService(repositories.users, now),
    reader: new BlogReader(storage, repositories.posts, repositories.labels, repositories.comments, popular, now),
    popular,
    viewCounter: new ViewCounter(repositories.views, now),
    scheduler: new PostScheduler(repositories.posts, contentChanged, now),
    redirects: new RedirectService(repositories.redirects),
    importer: new ImportService({
      storage,
      bind: (db) => importWriteServices(db, now),
      blogs: repositories.blogs,
      blogService: blogs,
      posts: repositories.posts,
      comments: repositories.comments,
      contentChanged,
      now,
    }),
    exporter: new ExportService({ ...repositories, blogService: blogs, now }),
  };
}
