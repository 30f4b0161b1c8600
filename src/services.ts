/**
 * Builds the application's parts from storage, in one place: repositories, then the services that
 * use them. The server, the command line and the tests all start here.
 */
import type { ServiceConfig } from './config.js';
import type { Storage } from './storage/database.js';
import { createRepositories, type Repositories } from './storage/repositories/repositories.js';
import { BlogService } from './domain/blogs/blog.service.js';
import { PostService } from './domain/posts/post.service.js';
import { CommentService } from './domain/comments/comment.service.js';
import { PopularPosts } from './domain/stats/popular-posts.js';
import type { ViewCounter } from './domain/stats/view-counter.js';
import { createViewCounter, type ViewCounterOptions } from './domain/stats/create-view-counter.js';
import { BlogStatsService } from './domain/stats/blog-stats.js';
import { BlogOverviewService } from './domain/blogs/blog-overview.service.js';
import { ViewRollup } from './domain/stats/view-rollup.js';
import { PostScheduler } from './domain/posts/scheduler.js';
import { BlogReader } from './domain/reader/blog-reader.js';
import { UserService } from './domain/users/user.service.js';
import { SessionService } from './domain/accounts/session.service.js';
import { SignInThrottle } from './domain/accounts/sign-in-throttle.js';
import { AccountService } from './domain/accounts/account.service.js';
import { SetupService } from './domain/accounts/setup.service.js';
import { LogMailer, type Mailer } from './domain/accounts/mailer.js';
import { PostEditor } from './domain/posts/post-editor.service.js';
import { PostLibrary } from './domain/posts/post-library.service.js';
import { MemberService, createReaderService } from './domain/members/member.service.js';
import { RedirectService } from './domain/redirects/redirect.service.js';
import { ImportService } from './importers/import.service.js';
import { ExportService } from './exporters/export.service.js';
import { importWriteServices } from './importers/writer/write-services.js';
import type { PostRow } from './storage/schema.js';
import { ImageService } from './domain/media/image.service.js';
import { ThemeService } from './domain/themes/theme.service.js';
import { BundledThemes } from './render/themes/bundled-themes.js';
import { checkTemplates, memoryLiquid } from './render/themes/memory-templates.js';
import { textsFor } from './render/i18n/translate.js';
import { applyImportedSettings } from './importers/settings-applier.js';
import { BlogDeletionRepository } from './storage/repositories/blog-deletion.repository.js';
import { BlogOptionsService } from './domain/blogs/blog-options.service.js';
import { ActionThrottle } from './domain/accounts/action-throttle.js';
import { AccountCleanup } from './domain/accounts/account-cleanup.js';
import { ImportedMediaRepository } from './storage/repositories/import-job.repository.js';
import { ImportJobs } from './importers/jobs/import-jobs.js';
import { MediaLocalizer } from './importers/media/media-localizer.js';
import { DEFAULT_MEDIA_LIMITS, type MediaFetchLimits } from './importers/media/fetch-image.js';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { CommentSettingsService } from './domain/comments/comment-settings.js';
import { CommentSubmissionService } from './domain/comments/comment-submission.service.js';
import { CommentModerationService } from './domain/comments/comment-moderation.service.js';
import { OwnCommentService } from './domain/comments/own-comment.service.js';
import { CommentNotifier } from './domain/comments/comment-notifier.js';
import { ProofOfWork, type ProofOfWorkOptions } from './domain/comments/proof-of-work.js';
import { SignedTokens } from './domain/comments/signed-tokens.js';
import type { CommentScreen, SpamLearner } from './domain/comments/screening.js';
import { SpamClassifier } from './domain/comments/spam/classifier.js';
import { WordRulesScreen } from './domain/comments/spam/word-rules.screen.js';
import { LinkLimitScreen } from './domain/comments/spam/link-limit.screen.js';
import { BayesScreen } from './domain/comments/spam/bayes.screen.js';
import { createApiServices, type ApiServices } from './domain/api/api-services.js';
import { JobQueue, type JobQueueOptions } from './domain/jobs/job-queue.js';
import { JobRepository } from './storage/repositories/job.repository.js';
import type { OutboundPolicy } from './domain/net/url-fetch-guard.js';
import { SubscriberRepository } from './storage/repositories/subscriber.repository.js';
import { SubscriptionService } from './domain/subscriptions/subscription.service.js';
import type { Newsletter } from './domain/subscriptions/newsletter.js';
import type { WebhookService } from './domain/webhooks/webhook.service.js';
import { createWebhookServices } from './domain/webhooks/webhook-services.js';
import type { WeeklyDigest } from './domain/subscriptions/digest.js';
import type { BounceMailbox } from './domain/subscriptions/bounce-mailbox.js';
import { createMailServices } from './domain/subscriptions/mail-services.js';
import { SubscriberListService } from './domain/subscriptions/subscriber-list.service.js';
import { SubscriberListRepository } from './storage/repositories/subscriber-list.repository.js';
import { PostFeeds } from './feeds/post-feeds.js';
import { CommentFeeds } from './feeds/comment-feeds.js';
import { Sitemaps } from './feeds/sitemap.js';
import type { MailTransport } from './domain/subscriptions/mail-transport.js';
import { ContactRepository } from './storage/repositories/contact.repository.js';
import { ContactService } from './domain/contact/contact.service.js';
import { LayoutRepository } from './storage/repositories/layout.repository.js';
import { LayoutService } from './domain/layout/layout.service.js';
import { MediaRepository } from './storage/repositories/media.repository.js';
import { MediaService } from './domain/media/media.service.js';
import { BlogListFeeds } from './domain/layout/blog-list-feeds.js';

export type { ServiceConfig } from './config.js';

/** Parts made outside (they talk to the world): the mailer. Tests hand in fakes. */
export interface ServiceParts {
  mailer?: Mailer;
  /** The content screens of the comment pipeline (classifier, word lists, link limit). */
  commentScreens?: CommentScreen[];
  /** Learns from moderators' spam decisions. */
  spamLearner?: SpamLearner;
  /** The proof of work's difficulty (tests make it small). */
  proofOfWork?: ProofOfWorkOptions;
  /** Where counted views wait: Redis (REDIS_URL) or, without it, memory. */
  views?: ViewCounterOptions;
  /** Limits of the images an import downloads (tests allow 127.0.0.1). */
  mediaLimits?: MediaFetchLimits;
  /** The job queue's lease, poll interval, concurrency and backoff (tests make them short). */
  jobs?: JobQueueOptions;
  /** Where subscribers' mail goes (default: SMTP_URL's server, or the log). */
  transport?: MailTransport;
}

export interface Services {
  storage: Storage;
  repositories: Repositories;
  blogs: BlogService;
  posts: PostService;
  comments: CommentService;
  users: UserService;
  reader: BlogReader;
  popular: PopularPosts;
  viewCounter: ViewCounter;
  /** The stats dashboard's figures. */
  stats: BlogStatsService;
  /** A blog's overview page: latest posts, waiting comments, this week's views. */
  overview: BlogOverviewService;
  /** Rolls old daily view counts up into monthly ones. */
  viewRollup: ViewRollup;
  scheduler: PostScheduler;
  mailer: Mailer;
  sessions: SessionService;
  accounts: AccountService;
  setup: SetupService;
  editor: PostEditor;
  /** What the dashboard reads of posts: one post, the filtered list, labels, figures, revisions. */
  postLibrary: PostLibrary;
  members: MemberService;
  redirects: RedirectService;
  importer: ImportService;
  exporter: ExportService;
  images: ImageService;
  /** Each blog's media library: its uploads, their alt text and where they are used. */
  media: MediaService;
  /** Each blog's theme: its choice, colour and font settings, and its own copies of the theme's files. */
  themes: ThemeService;
  /** Where uploaded files are kept: DATA_DIR/uploads. */
  uploadsDir: string;
  /** Embeds, robots and search options, and deleting a blog. */
  blogOptions: BlogOptionsService;
  /** Deletes expired sessions and spent tokens; the server starts it. */
  cleanup: AccountCleanup;
  commentSettings: CommentSettingsService;
  commentSubmissions: CommentSubmissionService;
  commentModeration: CommentModerationService;
  /** Signed-in writers changing or deleting their own comment in its first 15 minutes. */
  ownComments: OwnCommentService;
  proofOfWork: ProofOfWork;
  /** Each blog's naive-Bayes spam classifier: learns from moderators and from imported comments. */
  spamClassifier: SpamClassifier;
  /** Imports uploaded in the dashboard, run in the background. */
  importJobs: ImportJobs;
  /** Where uploaded exports wait for their import: DATA_DIR/imports. */
  importsDir: string;
  /** The Blogger API v3: personal tokens and the API's views of posts, comments and blogs. */
  api: ApiServices;
  /** The durable background job queue; the server starts it, one-shot commands do not. */
  jobs: JobQueue;
  /** The install's exceptions to the URL-fetch guard (OUTBOUND_ALLOW), for every `fetchGuarded` call. */
  outbound: OutboundPolicy;
  /** Following blogs by e-mail: requests, confirm and unsubscribe links. */
  subscriptions: SubscriptionService;
  /** Mails each post to the blog's subscribers when it goes live. */
  newsletter: Newsletter;
  /** A blog's webhook endpoints and their deliveries. */
  webhooks: WebhookService;
  /** The contact form and the dashboard's inbox of its messages. */
  contact: ContactService;
  /** Each blog's gadgets in its theme's areas, and its pages' order. */
  layout: LayoutService;
  /** The weekly digest for subscribers who chose it (Mondays, 08:00 in the blog's time zone). */
  digest: WeeklyDigest;
  /** The bounce mailbox (BOUNCE_MAILDIR), when configured: hard bounces and complaints stop addresses. */
  bounces: BounceMailbox | undefined;
  /** The dashboard's list of a blog's subscribers: search, add, remove, CSV, mailings. */
  subscriberList: SubscriberListService;
  /** The blogs' Atom, RSS and JSON feeds of posts and of comments. */
  feeds: { posts: PostFeeds; comments: CommentFeeds };
  /** The blogs' sitemaps (an index past 1,000 URLs). */
  sitemaps: Sitemaps;
}

export function createServices(storage: Storage, config: ServiceConfig, now: () => number = Date.now, parts: ServiceParts = {}): Services {
  const repositories = createRepositories(storage);
  const blogs = new BlogService(repositories.blogs, config.baseDomain, now);
  const outbound: OutboundPolicy = { allow: config.outboundAllow ?? [] };
  const jobs = new JobQueue(new JobRepository(storage.db, storage.dialect), { now, ...parts.jobs });
  const contentChanged = async (blogId: string) => {
    await repositories.blogs.touch(blogId, now());
    blogs.forgetHosts();
  };
  const popular = new PopularPosts(repositories.views, repositories.posts, 30_000, now);
  const users = new UserService(repositories.users, now);
  const mailer = parts.mailer ?? new LogMailer();
  const wording = (language: string, overrides?: string | null) => textsFor(language, overrides ?? '');
  const sessions = new SessionService(repositories.sessions, now);
  const readers = createReaderService(storage.db, repositories.users, config, now);
  const throttle = new SignInThrottle(repositories.throttle, now);
  const accounts = new AccountService(
    repositories.users,
    users,
    repositories.tokens,
    sessions,
    throttle,
    mailer,
    { allowSignup: config.allowSignup ?? false, wording },
    now,
    new ActionThrottle(repositories.throttle, now),
  );
  accounts.useJobs(jobs);
  const posts = new PostService(repositories.posts, repositories.blogs, contentChanged, now);
  const comments = new CommentService(repositories.comments, repositories.posts, contentChanged, now);
  const commentTokens = new SignedTokens(config.secretKey ?? randomBytes(32).toString('hex'));
  const subscriberRows = new SubscriberRepository(storage.db);
  const proofOfWork = new ProofOfWork(commentTokens.derivedKey('altcha'), repositories.spentTokens, parts.proofOfWork);
  const subscriptions = new SubscriptionService(subscriberRows, commentTokens, jobs, now, { proofOfWork, throttle: repositories.throttle });
  const { transport, fromAddress, newsletter, digest, bounces } = createMailServices({
    ...{ db: storage.db, blogs: repositories.blogs, posts: repositories.posts, subscribers: subscriberRows, subscriptions, jobs, now },
    ...{ transport: parts.transport, smtpUrl: config.smtpUrl, mailFrom: config.mailFrom, baseDomain: config.baseDomain },
    ...{ mailRate: config.mailRate, bounceMaildir: config.bounceMaildir, onError: (error: unknown) => parts.jobs?.onError?.(error) },
    origin: (blog) => blogs.homeUrl(blog, { protocol: config.publicScheme ?? 'https', port: config.publicPort ?? '' }),
    wording,
  });
  // A post going live (or mailed again) by a save, the API included: its subscribers are mailed.
  const published = (post: Pick<PostRow, 'id' | 'blog_id' | 'kind' | 'mail_mode'>) => newsletter.postPublished(post);
  const { webhooks, events, postChanged, scheduledLive } = createWebhookServices({
    ...{ db: storage.db, jobs, outbound, blogs: repositories.blogs, posts: repositories.posts, users, mailed: published, now },
    homeUrl: (blog) => blogs.homeUrl(blog, { protocol: config.publicScheme ?? 'https', port: config.publicPort ?? '' }),
    onError: (error) => parts.jobs?.onError?.(error),
  });
  const { posts: postRows, postAdmin, revisions } = repositories;
  const editor = new PostEditor(postRows, postAdmin, revisions, posts, contentChanged, now, published, postChanged);
  const commentSettings = new CommentSettingsService(repositories.commentSettings, contentChanged, now);
  const layoutRows = new LayoutRepository(storage.db);
  const layout = new LayoutService({
    rows: layoutRows,
    posts: repositories.posts,
    users: repositories.users,
    feeds: new BlogListFeeds({ rows: layoutRows, jobs, outbound, contentChanged, now }),
    contentChanged,
  });
  const themes = new ThemeService(repositories.themes, new BundledThemes(), contentChanged, now);
  const commentNotifier = new CommentNotifier(mailer, repositories.users, repositories.comments, commentTokens, wording, now);
  const spamClassifier = new SpamClassifier(repositories.spam, now);
  const commentScreens = parts.commentScreens ?? [new WordRulesScreen(), new LinkLimitScreen(), new BayesScreen(spamClassifier)];
  const contact = new ContactService({
    messages: new ContactRepository(storage.db),
    users: repositories.users,
    blogs: repositories.blogs,
    settings: commentSettings,
    screens: commentScreens,
    proofOfWork,
    tokens: commentTokens,
    jobs,
    transport,
    origin: (blog) => blogs.homeUrl(blog, { protocol: config.publicScheme ?? 'https', port: config.publicPort ?? '' }),
    fromAddress,
    now,
  });
  const uploadsDir = path.join(config.dataDir ?? path.join(tmpdir(), `dastan-${process.pid}`), 'uploads');
  const images = new ImageService(uploadsDir);
  const stats = new BlogStatsService(repositories.viewStats, repositories.views, repositories.posts, now, () => blogs.forgetHosts());
  const blogOptions = new BlogOptionsService(repositories.blogs, new BlogDeletionRepository(storage.db), blogs, uploadsDir, now);
  const subscriberList = new SubscriberListService(subscriberRows, new SubscriberListRepository(storage.db), now);
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
    mediaLimits: parts.mediaLimits ?? { ...DEFAULT_MEDIA_LIMITS, allowAddresses: outbound.allow },
    afterWrite: (blogId) => spamClassifier.trainBlog(blogId),
    addSubscribers: (blog, rows) => subscriberList.importAddresses(blog, rows),
    applyOtherSettings: (blogId, settings, userId, warn) =>
      applyImportedSettings(
        {
          blogs: repositories.blogs,
          blogService: blogs,
          blogOptions,
          commentSettings,
          themes,
          setBeacon: async (id, on) => stats.setBeacon((await repositories.blogs.findById(id))!, on),
          checkTemplates: (files) => checkTemplates(memoryLiquid(new Map()), files),
        },
        blogId,
        settings,
        userId,
        warn,
      ),
  });
  const built: Omit<Services, 'api'> = {
    storage,
    repositories,
    blogs,
    posts,
    comments,
    users,
    reader: new BlogReader(
      repositories.searches,
      repositories.posts,
      repositories.labels,
      repositories.comments,
      popular,
      repositories.postNavigation,
      now,
      (blog) => layout.gadgetData(blog),
    ),
    popular,
    viewCounter: createViewCounter(repositories.views, now, parts.views),
    stats,
    overview: new BlogOverviewService({ postAdmin, commentQueue: repositories.commentQueue, viewStats: repositories.viewStats, now }),
    viewRollup: new ViewRollup(repositories.viewRollups, now, parts.views?.onError),
    scheduler: new PostScheduler(repositories.posts, contentChanged, now, undefined, scheduledLive),
    mailer,
    sessions,
    accounts,
    setup: new SetupService(repositories.platform, repositories.users, repositories.blogs, users, blogs, now),
    editor,
    postLibrary: new PostLibrary(repositories),
    members: new MemberService(repositories.users, users, repositories.tokens, mailer, now, readers, wording),
    redirects: new RedirectService(repositories.redirects, repositories.posts, now),
    importer,
    exporter: new ExportService({ ...repositories, blogService: blogs, commentSettings, themeFiles: themes, now }),
    images,
    media: new MediaService({ media: new MediaRepository(storage.db), images, uploadsDir, now }),
    themes,
    uploadsDir,
    blogOptions,
    cleanup: new AccountCleanup(repositories.sessions, repositories.tokens, repositories.throttle, now),
    commentSettings,
    proofOfWork,
    spamClassifier,
    commentSubmissions: new CommentSubmissionService({
      comments,
      commentRows: repositories.comments,
      queue: repositories.commentQueue,
      posts: repositories.posts,
      settings: commentSettings,
      screens: commentScreens,
      proofOfWork,
      tokens: commentTokens,
      notifier: commentNotifier,
      now,
      created: (blog, comment) => events.comments('created', blog, [comment]),
    }),
    commentModeration: new CommentModerationService({
      queue: repositories.commentQueue,
      comments,
      posts: repositories.posts,
      blogs: repositories.blogs,
      spent: repositories.spentTokens,
      settings: commentSettings,
      notifier: commentNotifier,
      tokens: commentTokens,
      learner: parts.spamLearner ?? spamClassifier,
      contentChanged,
      now,
      changed: (change, blog, comments) => events.comments(change, blog, comments),
    }),
    ownComments: new OwnCommentService({
      queue: repositories.commentQueue,
      posts: repositories.posts,
      settings: commentSettings,
      screens: commentScreens,
      notifier: commentNotifier,
      contentChanged,
      now,
    }),
    importJobs: new ImportJobs({ jobs: repositories.importJobs, importer, countPosts: (id) => repositories.posts.countAll(id), now }),
    importsDir: path.join(path.dirname(uploadsDir), 'imports'),
    jobs,
    outbound,
    subscriptions,
    newsletter,
    webhooks,
    contact,
    ...{ digest, bounces },
    layout,
    subscriberList,
    feeds: {
      posts: new PostFeeds(repositories.posts, repositories.labels),
      comments: new CommentFeeds(repositories.comments, repositories.posts),
    },
    sitemaps: new Sitemaps(repositories.posts),
  };
  const api = createApiServices({
    ...{ db: storage.db, blogs: repositories.blogs, posts: repositories.posts, comments: repositories.comments },
    ...{ users: repositories.users, blogService: blogs, editor: built.editor, moderation: built.commentModeration, now },
  });
  return { ...built, api };
}
