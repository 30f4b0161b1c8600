/**
 * The database's tables as Kysely sees them. Times are milliseconds since the epoch (bigint on
 * PostgreSQL, integer on SQLite); flags are 0/1 integers, so both dialects read the same values.
 * IDs are strings of digits, like Blogger's, so imported Blogger IDs can be kept.
 */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type {
  PostViewsDailyTable,
  PostViewsMonthlyTable,
  PostViewTotalsTable,
  BlogViewWindowsTable,
  BlogViewsPeriodTable,
  ViewFacetsTable,
  ViewFlushBatchesTable,
} from './schema/views.js';
import type { SpamTokensTable, SpamCorporaTable, SpamLearnedCommentsTable } from './schema/spam.js';
import type { ImportJobsTable, ImportedMediaTable, JobsTable, BlogListFeedsTable } from './schema/jobs.js';
import type { SubscribersTable, SubscriberMailsTable, SubscriberDigestsTable, MailClockTable } from './schema/subscriptions.js';
import type {
  OAuthClientsTable,
  OAuthCodesTable,
  OAuthTokensTable,
  WebhookAttemptsTable,
  WebhookDeliveriesTable,
  WebhooksTable,
} from './schema/apps.js';
import type { ContactMessagesTable, MediaTable } from './schema/contact.js';
import type { LabelCountsTable, PostCountsTable, PostDaysTable, PostKind, PostMonthsTable, PostStatus } from './schema/counts.js';
import type { BlogVisibility, ReaderFeedKeysTable } from './schema/readers.js';

export type * from './schema/views.js';
export type * from './schema/spam.js';
export type * from './schema/jobs.js';
export type * from './schema/subscriptions.js';
export type * from './schema/apps.js';
export type * from './schema/contact.js';
export type * from './schema/readers.js';

export type * from './schema/counts.js';
export type CommentsSetting = 'allow' | 'closed-show' | 'closed-hide';
export type CommentStatus = 'pending' | 'live' | 'spam' | 'deleted';
/** `reader`: may read a private blog, nothing more (no dashboard). */
export type Role = 'owner' | 'admin' | 'author' | 'contributor' | 'reader';
export type PopularWindow = '7d' | '30d' | 'all';
export type LabelsStyle = 'list' | 'cloud';

export interface UsersTable {
  id: string;
  email: string;
  display_name: string;
  password_hash: string | null;
  created_at: number;
  updated_at: number;
  /** Moves forward whenever the user's rights change; a session made before then is rotated. */
  rights_version: Generated<number>;
  /** The dashboard's language (a catalogue language such as `ur`); '' for English. */
  language: Generated<string>;
}

export interface BlogsTable {
  id: string;
  name: string;
  title: string;
  description: string;
  language: string;
  time_zone: string;
  custom_domain: string | null;
  is_primary: number;
  posts_per_page: Generated<number>;
  popular_window: Generated<PopularWindow>;
  popular_count: Generated<number>;
  snippet_length: Generated<number>;
  search_description: Generated<string>;
  labels_style: Generated<LabelsStyle>;
  /** The bundled theme the blog uses (`default`, `minimal`). */
  theme: Generated<string>;
  /** Colour and font settings as JSON, validated on save (domain/themes/theme-settings.ts). */
  theme_settings: Generated<string>;
  /** Moves forward on every theme change: compiled templates and the stylesheet URL are keyed by it. */
  theme_version: Generated<number>;
  /** The blog's own wording of theme messages: JSON of message key → ICU message; '' for none (render/i18n). */
  text_overrides: Generated<string>;
  /** Embed providers the owner added, one a line (`https://host/path-prefix`); see domain/text/embeds.ts. */
  embed_providers: Generated<string>;
  /** A custom robots.txt; null: the generated one. */
  robots_txt: Generated<string | null>;
  /** Custom robots meta tags per kind of page, as JSON (see domain/blogs/robots-settings.ts); null: none. */
  robots_tags: Generated<string | null>;
  /** 1: search descriptions (the blog's and each post's) are used as meta descriptions and edited. */
  search_description_enabled: Generated<number>;
  /** Live posts and pages (status live, not in the trash), kept by triggers on `posts` for the sitemap. */
  live_posts: Generated<number>;
  live_pages: Generated<number>;
  /** 1: pages carry a beacon that counts the view (for blogs served from a CDN cache); the server does not count. */
  view_beacon: Generated<number>;
  /** The blog's logo, header image and icon (favicon), as upload paths; '' for none. */
  logo_url: Generated<string>;
  header_image_url: Generated<string>;
  icon_url: Generated<string>;
  /** Characters of plain text a list shows of a post without a jump break; 0: the whole post. */
  excerpt_length: Generated<number>;
  /** The gadgets in the theme's areas, as JSON (domain/layout/layout-model.ts); '' for the default sidebar. */
  layout: Generated<string>;
  /** `private`: only the blog's signed-in readers and members see anything of it. */
  visibility: Generated<BlogVisibility>;
  created_at: number;
  updated_at: number;
}

export interface MembershipsTable {
  blog_id: string;
  user_id: string;
  role: Role;
  created_at: number;
}

export interface PostsTable {
  id: string;
  blog_id: string;
  kind: PostKind;
  status: PostStatus;
  title: string;
  /** The last part of the permalink, without `.html`. */
  slug: string;
  /** Year and month of the permalink `/YYYY/MM/slug.html`, fixed when the post is first published. */
  path_year: number | null;
  path_month: number | null;
  body_html: string;
  /** The body as plain text: for snippets, search and feeds' summaries. */
  body_text: string;
  search_description: string;
  comments_setting: CommentsSetting;
  author_id: string | null;
  author_name: string;
  published_at: number | null;
  created_at: number;
  updated_at: number;
  trashed_at: number | null;
  source_id: string | null;
  /** The post's cover image (a path under /uploads or an absolute http(s) URL); '' for none. */
  cover_image_url: Generated<string>;
  /** The cover image's text alternative; '' when the image is decorative or there is none. */
  cover_image_alt: Generated<string>;
  /** A page's place in the pages menu: lowest first, then by title. */
  menu_order: Generated<number>;
  /** How the post reaches readers: on the blog and mailed to subscribers, on the blog only, or mailed only. */
  mail_mode: Generated<PostMailMode>;
}

export type PostMailMode = 'blog-and-mail' | 'blog-only' | 'mail-only';

export interface LabelsTable {
  id: string;
  blog_id: string;
  name: string;
}

export interface PostLabelsTable {
  post_id: string;
  label_id: string;
}

export interface CommentsTable {
  id: string;
  blog_id: string;
  post_id: string;
  parent_id: string | null;
  status: CommentStatus;
  author_name: string;
  author_url: string;
  author_email: string;
  author_user_id: string | null;
  body_html: string;
  created_at: number;
  updated_at: number;
  source_id: string | null;
  /** Why the pipeline held it or marked it spam, one reason a line (shown to moderators). */
  reasons: Generated<string>;
  /** Keyed hashes of the writer's address and e-mail (the flood check); never the values themselves. */
  address_hash: Generated<string | null>;
  email_hash: Generated<string | null>;
  /** 1: its writer asked to be mailed about replies. */
  notify_replies: Generated<number>;
}

export type CommentAccess = 'anyone' | 'users' | 'members';
export type CommentModeration = 'always' | 'older' | 'never';

export interface CommentSettingsTable {
  blog_id: string;
  access: CommentAccess;
  moderation: CommentModeration;
  moderation_days: number;
  close_days: number | null;
  depth: number;
  /** One word or phrase a line. */
  hold_words: string;
  reject_words: string;
  max_links: number | null;
  notify_moderators: number;
  notify_authors: number;
  proof_of_work: number;
  updated_at: number;
}

export interface SpentTokensTable {
  /** SHA-256 (hex) of a one-time token (a proof of work, a one-click link). */
  id: string;
  expires_at: number;
}

export interface RedirectsTable {
  blog_id: string;
  /** The old address, normalized by `redirectKey` (domain/redirects/redirect-key.ts). */
  from_path: string;
  /** The post the old address leads to (its current permalink), or null for a fixed path. */
  post_id: string | null;
  /** A fixed path on the blog (a label page, a feed); with post_id, a path belonging to that post. */
  target_path: string | null;
  created_at: number;
  /** 301 (moved for good) or 302 (for now). */
  status_code: Generated<number>;
  /** Who made it: an import, or the blog's owners in the dashboard. */
  source: Generated<RedirectSource>;
  /** How often it was followed. */
  hits: Generated<number>;
  last_hit_at: number | null;
}

export type RedirectSource = 'import' | 'owner';

export interface SessionsTable {
  /** SHA-256 (hex) of the token in the session cookie. */
  id: string;
  user_id: string;
  rights_version: number;
  created_at: number;
  expires_at: number;
}

export type AuthTokenKind = 'reset' | 'invite';

export interface AuthTokensTable {
  /** SHA-256 (hex) of the token in the emailed link. */
  id: string;
  kind: AuthTokenKind;
  email: string;
  user_id: string | null;
  blog_id: string | null;
  role: Role | null;
  created_by: string | null;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface SignInFailuresTable {
  /** `account:EMAIL` or `address:IP`. */
  key: string;
  failures: number;
  locked_until: number;
  updated_at: number;
}

export interface PlatformFlagsTable {
  name: string;
  value: string;
  created_at: number;
}

export interface PostRevisionsTable {
  id: string;
  blog_id: string;
  post_id: string;
  title: string;
  body_html: string;
  saved_by: string | null;
  created_at: number;
}

/** A blog's own copy of one file of a theme; the bundled file is the default. */
export interface ThemeFilesTable {
  blog_id: string;
  theme: string;
  /** `home.liquid`, `theme.css`, … */
  file: string;
  content: string;
  updated_by: string | null;
  updated_at: number;
}

/** A personal API token; see migrations/20261203T0750-api-tokens.ts. */
export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  /** SHA-256 (hex) of the token. */
  token_hash: string;
  /** JSON list of `{ blog, level }`; `blog` is a blog ID or `*` (every blog the user is a member of). */
  scopes: string;
  created_at: number;
  expires_at: number | null;
  last_used_at: number | null;
  revoked_at: number | null;
}

export type ApiTokenRow = Selectable<ApiTokensTable>;

export interface Database {
  users: UsersTable;
  blogs: BlogsTable;
  memberships: MembershipsTable;
  reader_feed_keys: ReaderFeedKeysTable;
  posts: PostsTable;
  labels: LabelsTable;
  post_labels: PostLabelsTable;
  post_counts: PostCountsTable;
  post_months: PostMonthsTable;
  post_days: PostDaysTable;
  label_counts: LabelCountsTable;
  comments: CommentsTable;
  post_views_daily: PostViewsDailyTable;
  post_views_monthly: PostViewsMonthlyTable;
  blog_views_hourly: BlogViewsPeriodTable;
  blog_views_minutely: BlogViewsPeriodTable;
  view_facets_daily: ViewFacetsTable;
  view_facets_monthly: ViewFacetsTable;
  view_flush_batches: ViewFlushBatchesTable;
  post_view_totals: PostViewTotalsTable;
  blog_view_windows: BlogViewWindowsTable;
  sessions: SessionsTable;
  auth_tokens: AuthTokensTable;
  sign_in_failures: SignInFailuresTable;
  platform_flags: PlatformFlagsTable;
  post_revisions: PostRevisionsTable;
  redirects: RedirectsTable;
  spam_tokens: SpamTokensTable;
  spam_corpora: SpamCorporaTable;
  spam_learned_comments: SpamLearnedCommentsTable;
  theme_files: ThemeFilesTable;
  comment_settings: CommentSettingsTable;
  spent_tokens: SpentTokensTable;
  import_jobs: ImportJobsTable;
  imported_media: ImportedMediaTable;
  api_tokens: ApiTokensTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  oauth_clients: OAuthClientsTable;
  oauth_codes: OAuthCodesTable;
  oauth_tokens: OAuthTokensTable;
  jobs: JobsTable;
  subscribers: SubscribersTable;
  subscriber_mails: SubscriberMailsTable;
  contact_messages: ContactMessagesTable;
  media: MediaTable;
  blog_list_feeds: BlogListFeedsTable;
  subscriber_digests: SubscriberDigestsTable;
  mail_clock: MailClockTable;
}

export type UserRow = Selectable<UsersTable>;
export type BlogRow = Selectable<BlogsTable>;
export type NewBlogRow = Insertable<BlogsTable>;
export type BlogUpdate = Updateable<BlogsTable>;
export type PostRow = Selectable<PostsTable>;
export type NewPostRow = Insertable<PostsTable>;
export type PostUpdate = Updateable<PostsTable>;
export type CommentRow = Selectable<CommentsTable>;
export type NewCommentRow = Insertable<CommentsTable>;
export type LabelRow = Selectable<LabelsTable>;
export type MembershipRow = Selectable<MembershipsTable>;
export type SessionRow = Selectable<SessionsTable>;
export type AuthTokenRow = Selectable<AuthTokensTable>;
export type NewAuthTokenRow = Insertable<AuthTokensTable>;
export type PostRevisionRow = Selectable<PostRevisionsTable>;
export type RedirectRow = Selectable<RedirectsTable>;
export type NewRedirectRow = Insertable<RedirectsTable>;
export type ThemeFileRow = Selectable<ThemeFilesTable>;
export type CommentSettingsRow = Selectable<CommentSettingsTable>;
export type ImportJobRow = Selectable<ImportJobsTable>;
export type JobRow = Selectable<JobsTable>;
export type SubscriberRow = Selectable<SubscribersTable>;

export type BlogListFeedRow = Selectable<BlogListFeedsTable>;
