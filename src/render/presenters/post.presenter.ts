/** Posts and comments as templates show them. */
import { buildThreads, type CommentThread } from '../../domain/comments/comment.service.js';
import type { CommentFormView } from '../../domain/comments/comment-submission.service.js';
import type { ListedPost, PostView } from '../../domain/reader/blog-reader.js';
import { looksRightToLeft } from '../../domain/text/direction.js';
import { blogTexts } from '../i18n/blog-texts.js';
import { beforeJumpBreak, jsonForScript, storedHtml, type SafeHtml } from '../../domain/text/sanitize.js';
import { snippet } from '../../domain/text/plain-text.js';
import { cutText } from '../../domain/text/unicode.js';
import type { PostRow } from '../../storage/schema.js';
import { formatDate, formatDateTime, formatTime, isoTime } from '../dates.js';
import { labelPath, postPath } from '../../domain/blogs/urls.js';
import type { SiteContext } from './site.js';
import { CARD_WIDTHS, imageView, postImage, type ImageView } from './images.js';
import { presentShare, type ShareView } from './share.presenter.js';
import { escapeHtml } from '../theme.js';
import type { PostLinkRow } from '../../storage/repositories/post-navigation.repository.js';
import { withPictures } from './picture-html.js';

export interface LabelLink {
  name: string;
  url: string;
}

export interface PostSummaryView {
  id: string;
  title: string;
  url: string;
  date: string;
  dateIso: string;
  author: string;
  labels: LabelLink[];
  body: SafeHtml;
  /** Set when the body was cut at a jump break: the full post's address. */
  readMore: string | null;
  commentCount: number;
  commentsUrl: string;
  /** `rtl` when the post's text is mostly right-to-left while the blog's is not (or the other way). */
  dir: string | null;
  /** The card's picture: the cover, else the first image of the body. */
  image: ImageView | null;
  /** The start of the text, for cards that show no body. */
  excerpt: string;
}

export interface CommentView {
  id: string;
  anchor: string;
  author: string;
  authorUrl: string | null;
  date: string;
  dateIso: string;
  body: SafeHtml;
  /** Set on the reader's own comment while they may still change it (never on a shared, cached page). */
  own: OwnCommentControls | null;
  replies: CommentView[];
}

export interface OwnCommentControls {
  editUrl: string;
  deleteUrl: string;
  /** When the window to change it closes: ISO, and the time of day in the blog's time zone. */
  until: string;
  untilText: string;
  /** Seconds left when the page was made (the page's script counts from there, whatever the reader's clock says). */
  secondsLeft: number;
}

/** The reader's own comments they may still change: comment ID → when the window closes, as of `at`. */
export interface OwnComments {
  at: number;
  until: ReadonlyMap<string, number>;
}

export interface PostLink {
  title: string;
  url: string;
}

export interface PostDetailView extends PostSummaryView {
  isPage: boolean;
  /** The cover image shown above the post (the body's own images stay where they are). */
  cover: ImageView | null;
  newer: PostLink | null;
  older: PostLink | null;
  share: ShareView;
  /** The `share` and `post-nav` partials rendered (set by the page renderer). */
  shareHtml?: SafeHtml | null;
  navHtml?: SafeHtml | null;
  comments: {
    shown: boolean;
    closed: boolean;
    count: number;
    /** The comments as a tree (presented when a template reads them). */
    threads: CommentView[];
    /** The thread's list items rendered by the theme's `comment-thread` partial (set by the page renderer). */
    thread: SafeHtml | null;
    /** The "Post a Comment" form, when the post takes comments. */
    form: CommentFormModel | null;
  };
}

export interface CommentFormModel {
  postId: string;
  stamp: string;
  /** Anyone may comment: the form asks for a name, e-mail and website. */
  asksName: boolean;
  /** Signed-in users (or members) only: the form says so and links to the sign-in page. */
  signInNote: string | null;
  /** The sign-in page, returning to this post's comments afterwards. */
  signInUrl: string;
  /** Replying (without JavaScript: `?reply=ID`): the comment answered. */
  replyTo: { id: string; author: string } | null;
  cancelUrl: string;
}

function isoDate(ms: number | null): string {
  return isoTime(ms ?? 0);
}

function textDirection(ctx: SiteContext, post: PostRow): string | null {
  const rtl = looksRightToLeft(post.title + ' ' + post.body_text.slice(0, 400));
  const blogRtl = ['ar', 'fa', 'he', 'ur'].some((l) => ctx.blog.language.startsWith(l));
  return rtl === blogRtl ? null : rtl ? 'rtl' : 'ltr';
}

/**
 * What a list shows of a post: the part before its jump break, else (when the blog sets an excerpt
 * length and the post is longer) the start of its text, else the whole post.
 */
function listedBody(ctx: SiteContext, post: PostRow): { body: SafeHtml; cut: boolean } {
  const beforeBreak = beforeJumpBreak(post.body_html);
  if (beforeBreak) return { body: storedHtml(withPictures(beforeBreak.html)), cut: true };
  const length = ctx.blog.excerpt_length;
  if (length > 0 && post.body_text.length > length) {
    return { body: storedHtml(`<p>${escapeHtml(snippet(post.body_text, length))}</p>`), cut: true };
  }
  return { body: storedHtml(withPictures(post.body_html)), cut: false };
}

export function presentSummary(ctx: SiteContext, item: ListedPost, { full = false } = {}): PostSummaryView {
  const { post, labels, commentCount } = item;
  const url = postPath(post);
  const listed = full ? { body: storedHtml(withPictures(post.body_html)), cut: false } : listedBody(ctx, post);
  const image = full ? null : postImage(post);
  return {
    id: post.id,
    title: post.title || '(untitled)',
    url,
    date: formatDate(post.published_at ?? post.created_at, ctx.blog.language, ctx.blog.time_zone),
    dateIso: isoDate(post.published_at),
    author: post.author_name || ctx.blog.title,
    labels: labels.map((name) => ({ name, url: labelPath([name]) })),
    body: listed.body,
    readMore: listed.cut ? `${url}#more` : null,
    commentCount,
    commentsUrl: `${url}#comments`,
    dir: textDirection(ctx, post),
    image: image ? imageView(image.url, image.alt, CARD_WIDTHS) : null,
    excerpt: full ? '' : snippet(post.body_text, CARD_EXCERPT),
  };
}

/** Characters of text on a card that shows no body. */
const CARD_EXCERPT = 160;

function postLink(link: PostLinkRow | undefined): PostLink | null {
  return link ? { title: link.title || '(untitled)', url: postPath(link) } : null;
}

/** The threads again with the blog's reply depth (the reader query nests to the default depth). */
function withDepth(threads: CommentThread[], depth: number): CommentThread[] {
  if (depth === 3) return threads;
  const all: CommentThread['comment'][] = [];
  const walk = (list: CommentThread[]) => list.forEach((t) => (all.push(t.comment), walk(t.replies)));
  walk(threads);
  all.sort((a, b) => a.created_at - b.created_at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return buildThreads(all, depth);
}

function findComment(threads: CommentThread[], id: string): CommentThread['comment'] | undefined {
  for (const t of threads) {
    if (t.comment.id === id) return t.comment;
    const found = findComment(t.replies, id);
    if (found) return found;
  }
  return undefined;
}

function presentForm(ctx: SiteContext, view: PostView, form: CommentFormView, replyTo: string | null): CommentFormModel {
  const answered = replyTo ? findComment(view.threads, replyTo) : undefined;
  return {
    postId: view.post.id,
    stamp: form.stamp,
    asksName: form.access === 'anyone',
    signInNote:
      form.access === 'anyone'
        ? null
        : form.access === 'users'
          ? blogTexts(ctx.blog).text('commentForm.signInToComment')
          : blogTexts(ctx.blog).text('commentForm.membersOnly'),
    signInUrl: `/admin/sign-in?next=${encodeURIComponent(`${postPath(view.post)}#comments`)}`,
    replyTo: answered ? { id: answered.id, author: answered.author_name } : null,
    cancelUrl: `${postPath(view.post)}#comment-form`,
  };
}

function ownControls(ctx: SiteContext, id: string, own: OwnComments): OwnCommentControls | null {
  const until = own.until.get(id);
  if (until === undefined) return null;
  return {
    editUrl: `/comments/${id}/edit`,
    deleteUrl: `/comments/${id}/delete`,
    until: isoDate(until),
    untilText: formatTime(until, ctx.blog.language, ctx.blog.time_zone),
    secondsLeft: Math.max(0, Math.floor((until - own.at) / 1000)),
  };
}

function presentComments(ctx: SiteContext, threads: CommentThread[], own: OwnComments): CommentView[] {
  return threads.map(({ comment, replies }) => ({
    id: comment.id,
    anchor: `c${comment.id}`,
    author: comment.author_name,
    authorUrl: /^https?:\/\//i.test(comment.author_url) ? comment.author_url : null,
    date: formatDateTime(comment.created_at, ctx.blog.language, ctx.blog.time_zone),
    dateIso: isoDate(comment.created_at),
    body: storedHtml(comment.body_html),
    own: own.until.size > 0 ? ownControls(ctx, comment.id, own) : null,
    replies: presentComments(ctx, replies, own),
  }));
}

/** A cover above the post spans the text column (up to ~960 px, twice that on a dense screen). */
const COVER_WIDTHS = [640, 960, 1600] as const;

const NONE: OwnComments = { at: 0, until: new Map() };

export function presentPost(
  ctx: SiteContext,
  view: PostView,
  form?: CommentFormView,
  replyTo: string | null = null,
  own: OwnComments = NONE,
): PostDetailView {
  const summary = presentSummary(ctx, { post: view.post, labels: view.labels, commentCount: view.commentCount }, { full: true });
  const setting = view.post.comments_setting;
  const { post } = view;
  let threads: CommentView[] | undefined;
  let share: ShareView | undefined;
  // The thread and the share links are presented on first read: a page that takes them already
  // rendered (kept-fragments.ts) never reads them.
  const comments: PostDetailView['comments'] = {
    shown: setting !== 'closed-hide',
    closed: setting !== 'allow' || (form !== undefined && !form.open),
    count: view.commentCount,
    get threads() {
      return (threads ??= presentComments(ctx, form ? withDepth(view.threads, form.depth) : view.threads, own));
    },
    thread: null,
    form: form?.open && setting === 'allow' ? presentForm(ctx, view, form, replyTo) : null,
  };
  return {
    ...summary,
    isPage: post.kind === 'page',
    cover: post.cover_image_url ? imageView(post.cover_image_url, post.cover_image_alt, COVER_WIDTHS) : null,
    newer: postLink(view.newer),
    older: postLink(view.older),
    get share() {
      return (share ??= presentShare(`${ctx.origin}${summary.url}`, post.title || ctx.blog.title));
    },
    comments,
  };
}

/** A post's meta description: its search description (when the blog uses them), or the start of its text. */
export function postDescription(post: PostRow, useSearchDescription = true): string {
  return (useSearchDescription && post.search_description) || snippet(post.body_text, 155);
}

/**
 * Post pages' JSON-LD by blog and post version: the same post on the same version of the blog (its
 * title, language, settings and labels move `blog.updated_at`) gives the same script. Cleared when it
 * grows past a bound.
 */
const jsonLdKept = new Map<string, SafeHtml>();
const JSON_LD_KEPT = 2_000;

/** schema.org BlogPosting for a post page. */
export function postJsonLd(ctx: SiteContext, post: PostRow, labels: string[]): SafeHtml {
  const key = `${ctx.blog.id}|${ctx.blog.updated_at}|${ctx.origin}|${post.id}|${post.updated_at}|${post.author_name}|${labels.join('\n')}`;
  let kept = jsonLdKept.get(key);
  if (kept === undefined) {
    kept = buildJsonLd(ctx, post, labels);
    if (jsonLdKept.size >= JSON_LD_KEPT) jsonLdKept.clear();
    jsonLdKept.set(key, kept);
  }
  return kept;
}

function buildJsonLd(ctx: SiteContext, post: PostRow, labels: string[]): SafeHtml {
  return jsonForScript({
    '@context': 'https://schema.org',
    '@type': post.kind === 'page' ? 'WebPage' : 'BlogPosting',
    headline: cutText(post.title, 110),
    description: postDescription(post, ctx.blog.search_description_enabled === 1),
    datePublished: isoDate(post.published_at),
    dateModified: isoDate(post.updated_at),
    author: { '@type': 'Person', name: post.author_name || ctx.blog.title },
    publisher: { '@type': 'Organization', name: ctx.blog.title, url: `${ctx.origin}/` },
    mainEntityOfPage: `${ctx.origin}${postPath(post)}`,
    url: `${ctx.origin}${postPath(post)}`,
    inLanguage: ctx.blog.language,
    ...(labels.length > 0 ? { keywords: labels.join(', ') } : {}),
  });
}
