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
import { SessionRepository } from './storage/repositories/session.repository.js';
import { TokenRepository } from './storage/repositories/token.repository.js';
import { ThrottleRepository } from './storage/repositories/throttle.repository.js';
import { PlatformRepository } from './storage/repositories/platform.repository.js';
import { SessionService } from './domain/accounts/session.service.js';
import { SignInThrottle } from './domain/accounts/sign-in-throttle.js';
import { AccountService } from './domain/accounts/account.service.js';
import { SetupService } from './domain/accounts/setup.service.js';
import { LogMailer, type Mailer } from './domain/accounts/mailer.js';
import { PostAdminRepository } from './storage/repositories/post-admin.repository.js';
import { RevisionRepository } from './storage/repositories/revision.repository.js';
import { PostEditor } from './domain/posts/post-editor.service.js';
import { MemberService } from './domain/members/member.service.js';
import { RedirectService } from './domain/redirects/redirect.service.js';
import { ImportService } from './importers/import.service.js';
import { ExportService } from './exporters/export.service.js';
import type { ImportWriteServices } from './importers/import.writer.js';
import type { Kysely } from 'kysely';
import type { Database } from './storage/schema.js';
import { ImageService } from './domain/media/image.service.js';
import { ImportJobRepository, ImportedMediaRepository } from './storage/repositories/import-job.repository.js';
import { ImportJobs } from './importers/jobs/import-jobs.js';
import { MediaLocalizer } from './importers/media/media-localizer.js';
import type { MediaFetchLimits } from './importers/media/fetch-image.js';
import { tmpdir } from 'node:os';
import path from 'node:path';

export type ServiceConfig = Pick<Config, 'baseDomain'> & Partial<Pick<Config, 'allowSignup' | 'dataDir'>>;

/** Parts made outside (they talk to the world): the mailer. Tests hand in fakes. */
export interface ServiceParts {
  mailer?: Mailer;
  /** Limits of the images an import downloads (tests allow 127.0.0.1). */
  mediaLimits?: MediaFetchLimits;
}

export interface Services {
  storage: Storage;
  repositories: {
    blogs: BlogRepository;
    posts: PostRepository;
    labels: LabelRepository;
    comments: CommentRepository;
    users: UserRepository;
    views: ViewRepository;
    sessions: SessionRepository;
    tokens: TokenRepository;
    throttle: ThrottleRepository;
    platform: PlatformRepository;
    postAdmin: PostAdminRepository;
    revisions: RevisionRepository;
    redirects: RedirectRepository;
    importJobs: ImportJobRepository;
  };
  blogs: BlogService;
  posts: PostService;
  comments: CommentService;
  users: UserService;
  reader: BlogReader;
  popular: PopularPosts;
  viewCounter: ViewCounter;
  scheduler: PostScheduler;
  mailer: Mailer;
  sessions: SessionService;
  accounts: AccountService;
  setup: SetupService;
  editor: PostEditor;
  members: MemberService;
  redirects: RedirectService;
  importer: ImportService;
  exporter: ExportService;
  images: ImageService;
  /** Where uploaded files are kept: DATA_DIR/uploads. */
  uploadsDir: string;
  /** Imports uploaded in the dashboard, run in the background. */
  importJobs: ImportJobs;
  /** Where uploaded exports wait for their import: DATA_DIR/imports. */
  importsDir: string;
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

export function createServices(storage: Storage, config: ServiceConfig, now: () => number = Date.now, parts: ServiceParts = {}): Services {
  const repositories = {
    blogs: new BlogRepository(storage.db),
    posts: new PostRepository(storage.db),
    labels: new LabelRepository(storage.db),
    comments: new CommentRepository(storage.db),
    users: new UserRepository(storage.db),
    views: new ViewRepository(storage.db),
    sessions: new SessionRepository(storage.db),
    tokens: new TokenRepository(storage.db),
    throttle: new ThrottleRepository(storage.db),
    platform: new PlatformRepository(storage.db),
    postAdmin: new PostAdminRepository(storage.db),
    revisions: new RevisionRepository(storage.db),
    redirects: new RedirectRepository(storage.db),
    importJobs: new ImportJobRepository(storage.db),
  };
  const blogs = new BlogService(repositories.blogs, config.baseDomain, now);
  const contentChanged = async (blogId: string) => {
    await repositories.blogs.touch(blogId, now());
    blogs.forgetHosts();
  };
  const popular = new PopularPosts(repositories.views, repositories.posts, 30_000, now);
  const users = new UserService(repositories.users, now);
  const mailer = parts.mailer ?? new LogMailer();
  const sessions = new SessionService(repositories.sessions, now);
  const throttle = new SignInThrottle(repositories.throttle, now);
  const accounts = new AccountService(
    repositories.users,
    users,
    repositories.tokens,
    sessions,
    throttle,
    mailer,
    { allowSignup: config.allowSignup ?? false },
    now,
  );
  const posts = new PostService(repositories.posts, repositories.blogs, contentChanged, now);
  const uploadsDir = path.join(config.dataDir ?? path.join(tmpdir(), `dastan-${process.pid}`), 'uploads');
  const images = new ImageService(uploadsDir);
  const importer = new ImportService({
    storage,
    bind: (db) => importWriteServices(db, now),
    blogs: repositories.blogs,
    blogService: blogs,
    posts: repositories.posts,
    comments: repositories.comments,
    contentChanged,
    now,
    media: new MediaLocalizer({ posts: repositories.posts, media: new ImportedMediaRepository(storage.db), images, now }),
    mediaLimits: parts.mediaLimits,
  });
  return {
    storage,
    repositories,
    blogs,
    posts,
    comments: new CommentService(repositories.comments, repositories.posts, contentChanged, now),
    users,
    reader: new BlogReader(storage, repositories.posts, repositories.labels, repositories.comments, popular, now),
    popular,
    viewCounter: new ViewCounter(repositories.views, now),
    scheduler: new PostScheduler(repositories.posts, contentChanged, now),
    mailer,
    sessions,
    accounts,
    setup: new SetupService(repositories.platform, repositories.users, repositories.blogs, users, blogs, now),
    editor: new PostEditor(repositories.posts, repositories.postAdmin, repositories.revisions, posts, contentChanged, now),
    members: new MemberService(repositories.users, users, repositories.tokens, mailer, now),
    redirects: new RedirectService(repositories.redirects),
    importer,
    exporter: new ExportService({ ...repositories, blogService: blogs, now }),
    images,
    uploadsDir,
    importJobs: new ImportJobs({ jobs: repositories.importJobs, importer, now }),
    importsDir: path.join(path.dirname(uploadsDir), 'imports'),
  };
}
