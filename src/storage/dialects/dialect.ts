/**
 * What differs between the SQL databases Dastan runs on, reduced to one small interface.
 * Everything else is written once, in Kysely, for both.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export type DialectName = 'sqlite' | 'postgres';

export interface SearchQuery {
  blogId: string;
  /** The reader's words, as typed. */
  text: string;
  limit: number;
  offset: number;
  /** The blog's live posts and pages as last known (its row may be a moment old): how far a search may read at once. */
  postsHint?: number;
}

export interface SearchHit {
  postId: string;
  /** An excerpt of the body around the match; matched words are wrapped in HIGHLIGHT_START / HIGHLIGHT_END. */
  excerpt: string;
}

export interface SearchResult {
  hits: SearchHit[];
  /** Matches, counted up to SEARCH_MATCH_LIMIT; `more` when there were more than that. */
  total: number;
  more: boolean;
}

/**
 * A search ranks at most this many matches: the newest (by ID, the index's own order), so a word in every
 * post of a blog of 1,000,000 costs what it costs in a blog of 1,000. The reader's pages reach 500 results.
 */
export const SEARCH_MATCH_LIMIT = 1000;

/** Marks around matched words in excerpts: control characters, which plain body text never holds. */
export const HIGHLIGHT_START = '\u0002';
export const HIGHLIGHT_END = '\u0003';

export interface SqlDialect {
  readonly name: DialectName;
  /**
   * Full-text search over the live posts and pages of one blog: the newest SEARCH_MATCH_LIMIT matches,
   * found inside the index (which holds the blog), best match first.
   */
  searchPosts(db: Kysely<Database>, query: SearchQuery, now: number): Promise<SearchResult>;
  /** The schema that unqualified table names resolve to, or undefined where a database has no schemas. */
  currentSchema(db: Kysely<Database>): Promise<string | undefined>;
  /**
   * True where `SELECT … FOR UPDATE SKIP LOCKED` exists (PostgreSQL), so workers claiming jobs pass over
   * each other's rows. SQLite has a single writer: there an UPDATE is atomic without row locks.
   */
  readonly rowLocks: boolean;
  /**
   * Runs `work` in a transaction that holds the write lock from its first statement. SQLite's plain
   * BEGIN takes it only at the first write, and a second process that wrote in between makes that
   * upgrade fail at once (SQLITE_BUSY_SNAPSHOT, which the busy timeout does not wait out); BEGIN
   * IMMEDIATE waits for the lock instead. PostgreSQL's ordinary transaction is enough.
   */
  writeTransaction<T>(db: Kysely<Database>, work: (trx: Kysely<Database>) => Promise<T>): Promise<T>;
}

/** Splits a reader's query into plain words (letters, digits, marks), at most 12 of them. */
export function searchWords(text: string): string[] {
  return (text.normalize('NFKC').match(/[\p{L}\p{N}\p{M}_]+/gu) ?? []).slice(0, 12);
}

/**
 * The page `query` asks for out of the newest matches (at most SEARCH_MATCH_LIMIT + 1 of them, newest
 * first, each with a score where lower is better): best score first, the newer of equals first.
 */
export function rankMatches<Id>(
  newestFirst: readonly { rid: Id; score: number }[],
  query: Pick<SearchQuery, 'limit' | 'offset'>,
): { hits: Id[]; total: number; more: boolean } {
  const counted = newestFirst.slice(0, SEARCH_MATCH_LIMIT);
  // A stable sort keeps the newer first among equal scores.
  const best = counted.map((m, i) => ({ ...m, i })).sort((a, b) => a.score - b.score || a.i - b.i);
  return {
    hits: best.slice(query.offset, query.offset + query.limit).map((m) => m.rid),
    total: counted.length,
    more: newestFirst.length > SEARCH_MATCH_LIMIT,
  };
}
