/** Tables of private blogs' readers; see migrations/20261205T1300-private-blogs.ts. */
import type { Selectable } from 'kysely';

/** Who may read a blog: everyone, or only its signed-in readers and members. */
export type BlogVisibility = 'public' | 'private';

/** A reader's (or member's) secret key for a private blog's feeds: `?key=…` on any feed URL. */
export interface ReaderFeedKeysTable {
  blog_id: string;
  user_id: string;
  /** SHA-256 (hex) of the key; the key itself is shown to its reader only. */
  key_hash: string;
  created_at: number;
}

export type ReaderFeedKeyRow = Selectable<ReaderFeedKeysTable>;
