/**
 * The dashboard's moderation queue as the `comments` template shows it: the tabs with their counts, the
 * actions the current tab offers, and each comment with its post and why it was held.
 */
import type { ModerationAction } from '../../domain/comments/comment-moderation.service.js';
import { QUEUE_PAGE_SIZE } from '../../domain/comments/comment-moderation.service.js';
import { postPath } from '../../domain/blogs/urls.js';
import { storedHtml } from '../../domain/text/sanitize.js';
import { htmlToText } from '../../domain/text/plain-text.js';
import { cutText } from '../../domain/text/unicode.js';
import type { QueuedComment } from '../../storage/repositories/comment-queue.repository.js';
import type { BlogRow, CommentStatus, PostKind } from '../../storage/schema.js';
import type { Texts } from '../i18n/translate.js';
import { formatDateTime } from '../dates.js';
import { reasonsOf } from '../../domain/comments/spam-reasons.js';

/** The tabs, in order; each is named by `admin.comments.tab.STATUS` (with its count). */
const TABS: CommentStatus[] = ['pending', 'spam', 'live', 'deleted'];
/** What each tab offers; `key` names the button's words in the catalogue. */
const ACTIONS: Record<CommentStatus, { value: ModerationAction; key: string; style: string }[]> = {
  pending: [
    { value: 'approve', key: 'admin.comments.action.approve', style: '' },
    { value: 'spam', key: 'admin.comments.action.spam', style: 'secondary' },
    { value: 'delete', key: 'admin.comments.action.delete', style: 'danger' },
  ],
  spam: [
    { value: 'not-spam', key: 'admin.comments.action.not-spam', style: '' },
    { value: 'delete', key: 'admin.comments.action.delete', style: 'danger' },
  ],
  live: [
    { value: 'spam', key: 'admin.comments.action.spam', style: 'secondary' },
    { value: 'delete', key: 'admin.comments.action.delete', style: 'danger' },
  ],
  deleted: [{ value: 'approve', key: 'admin.comments.action.restore', style: '' }],
};

/** How much of the answered comment a reply shows. */
const EXCERPT_CHARACTERS = 160;

/** The start of a comment as one line of text, with "…" when it goes on. */
function excerptOf(html: string): string {
  const text = htmlToText(html).replace(/\s+/g, ' ').trim();
  return text.length > EXCERPT_CHARACTERS ? `${cutText(text, EXCERPT_CHARACTERS).trimEnd()}…` : text;
}

/**
 * One page of the queue: `origin` is the blog's address (for links to live posts), `page` counts from 1;
 * `texts` writes why each comment was held in the reader's language.
 */
export function presentCommentQueue(
  blog: BlogRow,
  status: CommentStatus,
  page: number,
  rows: QueuedComment[],
  counts: Record<CommentStatus, number>,
  origin: string,
  texts: Texts,
) {
  return {
    status,
    tabs: TABS.map((t) => ({ value: t, key: `admin.comments.tab.${t}`, count: counts[t], current: t === status })),
    actions: ACTIONS[status],
    comments: rows.map((c) => ({
      id: c.id,
      author: c.author_name,
      email: c.author_email,
      date: formatDateTime(c.created_at, blog.language, blog.time_zone),
      dateIso: new Date(c.created_at).toISOString(),
      body: storedHtml(c.body_html),
      postTitle: c.post_title || '(untitled)',
      // A live post links to its page (the comment's place when it is live), any other to its editor.
      postUrl:
        c.post_status === 'live'
          ? `${origin}${postPath({ kind: c.post_kind as PostKind, slug: c.post_slug, path_year: c.post_path_year, path_month: c.post_path_month })}${c.status === 'live' ? `#c${c.id}` : ''}`
          : `/admin/blogs/${blog.name}/${c.post_kind === 'page' ? 'pages' : 'posts'}/${c.post_id}`,
      parent:
        c.parent_id && c.parent_body_html !== null ? { author: c.parent_author_name ?? '', excerpt: excerptOf(c.parent_body_html) } : null,
      canReply: status === 'pending' || status === 'live',
      reasons: reasonsOf(texts, c.reasons),
    })),
    older: rows.length === QUEUE_PAGE_SIZE ? `/admin/blogs/${blog.name}/comments?status=${status}&page=${page + 1}` : null,
  };
}
