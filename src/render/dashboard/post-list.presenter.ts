/** Rows of the dashboard's post and page lists: what each shows, and which actions the viewer may take. */
import { canDelete, canEdit, canPublish } from '../../domain/policies/post.policy.js';
import type { Actor } from '../../domain/policies/actor.js';
import type { BlogRow, PostKind, PostRow } from '../../storage/schema.js';
import type { PostFigures } from '../../storage/repositories/post-figures.repository.js';
import { formatDateTime } from '../dates.js';
import { postPath } from '../../domain/blogs/urls.js';

export const STATUS_NAMES: Record<string, string> = {
  draft: 'Draft',
  pending: 'Submitted for review',
  scheduled: 'Scheduled',
  live: 'Published',
  trash: 'Trash',
};

export function sectionOf(kind: PostKind): 'posts' | 'pages' {
  return kind === 'page' ? 'pages' : 'posts';
}

/**
 * `origin`: the blog's address without the trailing slash, for links to the live post; `figures`: its
 * views and comments, when the list shows them.
 */
export function presentPostRow(blog: BlogRow, actor: Actor, post: PostRow, labels: string[], origin: string, figures?: PostFigures) {
  const base = `/admin/blogs/${blog.name}/${sectionOf(post.kind)}/${post.id}`;
  const when = post.published_at ?? post.updated_at;
  return {
    id: post.id,
    title: post.title || '(untitled)',
    status: post.trashed_at !== null ? 'trash' : post.status,
    statusName: post.trashed_at !== null ? STATUS_NAMES.trash : STATUS_NAMES[post.status],
    author: post.author_name || '—',
    date: formatDateTime(when, 'en', blog.time_zone),
    dateIso: new Date(when).toISOString(),
    labels,
    editUrl: base,
    viewUrl: post.status === 'live' && post.trashed_at === null ? `${origin}${postPath(post)}` : null,
    canEdit: canEdit(actor, post),
    canPublish: post.status === 'pending' && canPublish(actor, post),
    canDelete: canDelete(actor, post),
    figures: figures ?? null,
  };
}
