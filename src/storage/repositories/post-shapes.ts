/**
 * The shapes PostRepository's reader queries take and return: the list's cursor and filter, a page of
 * posts, the archive's month counts and titles, and the sitemap's entries.
 */
import type { PostKind, PostRow } from '../schema.js';

/** A position in the newest-first list of posts: the published time and ID of a post. */
export interface Cursor {
  publishedAt: number;
  id: string;
}

export interface PostListFilter {
  blogId: string;
  /** Only posts that carry every one of these labels. */
  labelIds?: string[];
  year?: number;
  month?: number;
}

export interface PostPage {
  posts: PostRow[];
  hasOlder: boolean;
  hasNewer: boolean;
}

export interface MonthCount {
  year: number;
  month: number;
  count: number;
}

export type PostTitle = Pick<PostRow, 'id' | 'title' | 'slug' | 'path_year' | 'path_month' | 'published_at'>;

export interface SitemapEntry {
  kind: PostKind;
  slug: string;
  path_year: number | null;
  path_month: number | null;
  updated_at: number;
}
