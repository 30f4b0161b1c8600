/**
 * Keyset paging over posts in (published_at, id) order, written as one row-value comparison:
 * `(published_at, id) < (?, ?)`. Both databases seek an index on (…, published_at, id) straight to that
 * point and read the next few rows; the equivalent `published_at < ? or (published_at = ? and id < ?)`
 * made SQLite read and sort every row on the far side (every newer post, for an old post's links).
 */
import type { ExpressionBuilder } from 'kysely';
import type { Database } from './schema.js';

/** Posts beyond (`>`: newer, `<`: older) the post published at `publishedAt` with ID `id`. */
export function beyondPost(eb: ExpressionBuilder<Database, 'posts'>, direction: '<' | '>', publishedAt: number, id: string) {
  return eb(eb.refTuple('posts.published_at', 'posts.id'), direction, eb.tuple(publishedAt, id));
}
