/**
 * The dashboard's moderation queue as the `comments` template shows it: the tabs with their counts, the
 * actions the current tab offers, and each comment with its post and why it was held.
 */
import type { ModerationAction } from '../../domain/comments/comment-moderation.service.js';
import { QUEUE_PAGE_SIZE } from '../../domain/comments/comment-moderation.service.js';
import { postPath } from '../../domain/blogs/urls.js';
import { storedHtml } from '../../domain/text/sanitize.js';
import type { QueuedComment } from '../../storage/repositories/comment-queue.repository.js';
import type { BlogRow, CommentStatus, PostKind } from '../../storage/schema.js';
import { formatDateTime } from '../dates.js';

const TABS: { value: CommentStatus; name: string }[] = [
  { value: 'pending', name: 'Pending' },
  { value: 'spam', name: 'Spam' },
  { value: 'live', name: 'Published' },
  { value: 'deleted', name: 'Deleted' },
];
const ACTIONS: Record<CommentStatus, { value: ModerationAction; name: string; style: string }[]> = {
  pending: [
    { value: 'approve', name: 'Approve', style: '' },
    { value: 'spam', name: 'Spam', style: 'secondary' },
    { value: 'delete', name: 'Delete', style: 'danger' },
  ],
  spam: [
    { value: 'not-spam', name: 'Not spam', style: '' },
    { value: 'delete', name: 'Delete', style: 'danger' },
  ],
  live: [
    { value: 'spam', name: 'Spam', style: 'secondary' },
    { value: 'delete', name: 'Delete', style: 'danger' },
  ],
  deleted: [{ value: 'approve', name: 'Restore', style: '' }],
};

/** One page of the queue: `origin` is the blog's address (for links to live posts), `page` counts from 1. */
export function presentCommentQueue(
  blog: BlogRow,
  status: CommentStatus,
  page: number,
  rows: QueuedComment[],
  counts: Record<CommentStatus, number>,
  origin: string,
) {
  return {
    status,
    tabs: TABS.map((t) => ({ ...t, count: counts[t.value], current: t.value === status })),
    actions: ACTIONS[status],
    comments: rows.map((c) => ({
      id: c.id,
      author: c.author_name,
      email: c.author_email,
      date: formatDateTime(c.created_at, blog.language, blog.time_zone),
      dateIso: new Date(c.created_at).toISOString(),
      body: storedHtml(c.body_html),
      postTitle: c.post_title || '(untitled)',
      postUrl:
        c.post_status === 'live'
          ? `${origin}${postPath({ kind: c.post_kind as PostKind, slug: c.post_slug, path_year: c.post_path_year, path_month: c.post_path_month })}`
          : null,
      reasons: c.reasons ? c.reasons.split('\n') : [],
    })),
    older: rows.length === QUEUE_PAGE_SIZE ? `/admin/blogs/${blog.name}/comments?status=${status}&page=${page + 1}` : null,
  };
}
