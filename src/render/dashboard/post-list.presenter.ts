/** Rows of the dashboard's post and page lists: what each shows, and which actions the viewer may take. */
import { canDelete, canEdit, canPublish } from '../../domain/policies/post.policy.js';
import type { Actor } from '../../domain/policies/actor.js';
import type { BlogRow, PostKind, PostRow } from '../../storage/schema.js';
import type { PostFigures } from '../../storage/repositories/post-figures.repository.js';
import type { AdminPostFilter } from '../../storage/repositories/post-admin.repository.js';
import type { PostListing } from '../../domain/posts/post-library.service.js';
import { canCreate } from '../../domain/policies/post.policy.js';
import { formatDateTime } from '../dates.js';
import type { Texts } from '../i18n/translate.js';
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
 * views and comments, when the list shows them; `texts`: the dashboard's language, for the date and an
 * untitled post's stand-in (English without).
 */
export function presentPostRow(
  blog: BlogRow,
  actor: Actor,
  post: PostRow,
  labels: string[],
  origin: string,
  figures?: PostFigures,
  texts?: Texts,
) {
  const base = `/admin/blogs/${blog.name}/${sectionOf(post.kind)}/${post.id}`;
  const when = post.published_at ?? post.updated_at;
  return {
    id: post.id,
    title: post.title || (texts ? texts.text('admin.revisions.untitled') : '(untitled)'),
    status: post.trashed_at !== null ? 'trash' : post.status,
    statusName: post.trashed_at !== null ? STATUS_NAMES.trash : STATUS_NAMES[post.status],
    author: post.author_name || '—',
    date: formatDateTime(when, texts?.locale ?? 'en', blog.time_zone),
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

/** What the list page is drawn from: the filtered page of posts, and what its filters offer. */
export interface PostListSource {
  blog: BlogRow;
  actor: Actor;
  filter: AdminPostFilter;
  /** The page shown (from 1) and how many rows a page holds. */
  page: number;
  pageSize: number;
  listing: PostListing;
  authors: { user_id: string; display_name: string }[];
  labelNames: string[];
  /** The blog's address without the trailing slash. */
  origin: string;
  /** The dashboard's language, which the rows' dates are written in. */
  texts: Texts;
}

/** The list page's model: the filters as chosen, the rows, and links to the pages beside, keeping the filters. */
export function presentPostList(source: PostListSource) {
  const { blog, actor, filter, page, pageSize, listing } = source;
  const section = sectionOf(filter.kind);
  const chosen = { status: filter.status ?? '', label: filter.labelName ?? '', author: filter.authorId ?? '', q: filter.text ?? '' };
  const keep = Object.entries(chosen).filter(([, v]) => v !== '');
  const link = (n: number) => `/admin/blogs/${blog.name}/${section}?${new URLSearchParams([...keep, ['page', String(n)]]).toString()}`;
  return {
    kind: filter.kind,
    section,
    canCreate: canCreate(actor, filter.kind),
    filter: chosen,
    statuses: ['draft', 'pending', 'scheduled', 'live'],
    authors: source.authors.map((m) => ({ id: m.user_id, name: m.display_name })),
    labelNames: source.labelNames,
    posts: listing.posts.map((p) =>
      presentPostRow(blog, actor, p, listing.labels.get(p.id) ?? [], source.origin, listing.figures.get(p.id), source.texts),
    ),
    total: listing.total,
    newer: page > 1 ? link(page - 1) : null,
    older: page * pageSize < listing.total ? link(page + 1) : null,
  };
}
