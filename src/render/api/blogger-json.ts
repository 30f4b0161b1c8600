/**
 * Blogger API v3 resources as JSON: the shapes, kinds and enums of Google's reference
 * (developers.google.com/blogger/docs/3.0/reference), built from Dastan's rows. IDs are strings, times
 * RFC 3339, counts of int64 fields strings, as Google sends them.
 */
import type { ApiPost } from '../../domain/api/api-posts.service.js';
import type { BlogRow, CommentRow, CommentStatus, PostRow, Role, UserRow } from '../../storage/schema.js';
import { postPath } from '../../domain/blogs/urls.js';

/** Where links point: the API's root (`https://host`) and a blog's home URL. */
export interface ApiLinks {
  apiRoot: string;
  home(blog: BlogRow): string;
}

const time = (ms: number | null | undefined) => (ms === null || ms === undefined ? undefined : new Date(Number(ms)).toISOString());

export function blogJson(blog: BlogRow, links: ApiLinks, counts: { posts: number; pages: number }, posts?: object[]) {
  const self = `${links.apiRoot}/v3/blogs/${blog.id}`;
  const [language, country = ''] = blog.language.split(/[-_]/);
  return {
    kind: 'blogger#blog',
    id: blog.id,
    name: blog.title,
    description: blog.description,
    published: time(blog.created_at),
    updated: time(blog.updated_at),
    url: links.home(blog).replace(/\/?$/, '/'),
    selfLink: self,
    posts: { totalItems: counts.posts, selfLink: `${self}/posts`, ...(posts ? { items: posts } : {}) },
    pages: { totalItems: counts.pages, selfLink: `${self}/pages` },
    locale: { language: language ?? 'en', country, variant: '' },
    status: 'LIVE',
  };
}

function postStatus(post: PostRow): string {
  if (post.trashed_at !== null) return 'SOFT_TRASHED';
  if (post.status === 'live') return 'LIVE';
  if (post.status === 'scheduled') return 'SCHEDULED';
  return 'DRAFT';
}

const READER_COMMENTS = { allow: 'ALLOW', 'closed-show': 'DONT_ALLOW_SHOW_EXISTING', 'closed-hide': 'DONT_ALLOW_HIDE_EXISTING' } as const;

/** The `src` of each image in the body, for `fetchImages`. */
function imagesOf(html: string): { url: string }[] {
  return [...html.matchAll(/<img\b[^>]*?\ssrc="([^"]+)"/gi)].map((m) => ({ url: m[1]!.replaceAll('&amp;', '&') }));
}

export interface PostJsonOptions {
  fetchBody: boolean;
  fetchImages: boolean;
}

/** A post (`blogger#post`) or page (`blogger#page`). */
export function postJson(blog: BlogRow, item: ApiPost, links: ApiLinks, options: PostJsonOptions) {
  const { post } = item;
  const isPage = post.kind === 'page';
  const self = `${links.apiRoot}/v3/blogs/${blog.id}/${isPage ? 'pages' : 'posts'}/${post.id}`;
  const live = post.status === 'live' && post.trashed_at === null;
  const hasPath = isPage || post.path_year !== null;
  return {
    kind: isPage ? 'blogger#page' : 'blogger#post',
    id: post.id,
    status: postStatus(post),
    blog: { id: blog.id },
    published: time(post.published_at),
    updated: time(post.updated_at),
    ...(post.trashed_at !== null ? { trashed: time(post.trashed_at) } : {}),
    ...(hasPath && (live || post.path_year !== null) ? { url: links.home(blog).replace(/\/$/, '') + postPath(post) } : {}),
    selfLink: self,
    title: post.title,
    ...(options.fetchBody ? { content: post.body_html } : {}),
    ...(options.fetchImages ? { images: imagesOf(post.body_html) } : {}),
    author: { id: post.author_id ?? '', displayName: post.author_name, url: links.home(blog), image: { url: '' } },
    ...(isPage
      ? {}
      : {
          replies: { totalItems: String(item.replies), selfLink: `${self}/comments` },
          ...(item.labels.length > 0 ? { labels: item.labels } : {}),
          readerComments: READER_COMMENTS[post.comments_setting],
        }),
    etag: `"${post.id}-${post.updated_at}"`,
  };
}

const COMMENT_STATUS: Record<CommentStatus, string> = { live: 'LIVE', pending: 'PENDING', spam: 'SPAM', deleted: 'EMPTIED' };

export function commentJson(blog: BlogRow, comment: CommentRow, links: ApiLinks, fetchBody = true) {
  return {
    kind: 'blogger#comment',
    id: comment.id,
    status: COMMENT_STATUS[comment.status],
    post: { id: comment.post_id },
    blog: { id: blog.id },
    published: time(comment.created_at),
    updated: time(comment.updated_at),
    selfLink: `${links.apiRoot}/v3/blogs/${blog.id}/posts/${comment.post_id}/comments/${comment.id}`,
    ...(fetchBody ? { content: comment.status === 'deleted' ? '' : comment.body_html } : {}),
    author: { id: comment.author_user_id ?? '', displayName: comment.author_name, url: comment.author_url, image: { url: '' } },
    ...(comment.parent_id ? { inReplyTo: { id: comment.parent_id } } : {}),
  };
}

export function userJson(user: UserRow, links: ApiLinks) {
  const self = `${links.apiRoot}/v3/users/${user.id}`;
  return {
    kind: 'blogger#user',
    id: user.id,
    created: time(user.created_at),
    selfLink: self,
    blogs: { selfLink: `${self}/blogs` },
    displayName: user.display_name,
    about: '',
    locale: { language: 'en', country: '', variant: '' },
  };
}

const BLOGGER_ROLE = (role: Role | null) => (role === 'owner' || role === 'admin' ? 'ADMIN' : role === null ? 'READER' : 'AUTHOR');

export function blogUserInfoJson(blog: object, blogId: string, userId: string, role: Role | null) {
  return {
    kind: 'blogger#blogUserInfo',
    blog,
    blog_user_info: {
      kind: 'blogger#blogPerUserInfo',
      userId,
      blogId,
      photosAlbumKey: '',
      hasAdminAccess: role === 'owner' || role === 'admin',
      role: BLOGGER_ROLE(role),
    },
  };
}

export function postUserInfoJson(post: object, ids: { userId: string; blogId: string; postId: string }, hasEditAccess: boolean) {
  return { kind: 'blogger#postUserInfo', post, post_user_info: { kind: 'blogger#postPerUserInfo', ...ids, hasEditAccess } };
}

const RANGE_NAMES = { '7DAYS': 'SEVEN_DAYS', '30DAYS': 'THIRTY_DAYS', all: 'ALL_TIME' } as const;

export function pageViewsJson(blogId: string, counts: { range: keyof typeof RANGE_NAMES; count: number }[]) {
  return { kind: 'blogger#page_views', blogId, counts: counts.map((c) => ({ timeRange: RANGE_NAMES[c.range], count: String(c.count) })) };
}

/** A list resource (`blogger#postList` …) with its page token. */
export function listJson(kind: string, items: object[], nextPageToken?: string) {
  return { kind, ...(nextPageToken ? { nextPageToken } : {}), items };
}
