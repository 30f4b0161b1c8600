/**
 * What a post is and where it stands, and the counts of posts kept by triggers so that no page counts a
 * blog's posts: see migrations/20261206T0400-post-counts.ts, 20261207T0100-gadget-counts.ts and
 * 20261207T0300-post-days.ts.
 */

export type PostKind = 'post' | 'page';
/** `pending`: a contributor's draft submitted for an admin to publish. */
export type PostStatus = 'draft' | 'pending' | 'scheduled' | 'live';

/** How many of a blog's posts (or pages) have a status, in or out of the trash: kept by triggers on `posts`. */
export interface PostCountsTable {
  blog_id: string;
  kind: PostKind;
  status: PostStatus;
  /** 1: in the trash. */
  trashed: number;
  n: number;
}

/** How many live posts carry a label: kept by triggers on `posts` and `post_labels`. */
export interface LabelCountsTable {
  blog_id: string;
  label_id: string;
  n: number;
}

/** How many live posts a blog has in a month (by the post's path): kept by triggers on `posts`. */
export interface PostMonthsTable {
  blog_id: string;
  year: number;
  month: number;
  n: number;
}

/** How many live posts a blog has on a day (whole days since 1970, UTC) of a path month: kept by triggers on `posts`. */
export interface PostDaysTable {
  blog_id: string;
  year: number;
  month: number;
  day: number;
  n: number;
}
