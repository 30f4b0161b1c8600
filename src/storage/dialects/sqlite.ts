/**
 * SQLite through better-sqlite3: WAL journal (an acknowledged write survives a killed process),
 * foreign keys on, and FTS5 for search.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql, type LogConfig, type SqliteDatabase } from 'kysely';
import type { Database } from '../schema.js';
import { HIGHLIGHT_END, HIGHLIGHT_START, rankMatches, SEARCH_MATCH_LIMIT, searchWords, type SqlDialect } from './dialect.js';

/** Opens (creating if needed) the SQLite file at `file`; `:memory:` gives a private in-memory database. */
export function openSqlite(file: string, log?: LogConfig): Kysely<Database> {
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const connection = new SQLite(file);
  connection.pragma('journal_mode = WAL');
  connection.pragma('synchronous = NORMAL');
  connection.pragma('foreign_keys = ON');
  connection.pragma('busy_timeout = 5000');
  // Table statistics for the query planner (SQLite's advice for long-lived connections). Without them it
  // read a post's comments through the blog's index of all its comments instead of the post's own.
  // Cheap when the statistics are recent; the limit bounds the first ANALYZE of a large database.
  connection.pragma('analysis_limit = 400');
  connection.pragma('optimize = 0x10002');
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(connection) }), log });
}

const STATEMENT_CACHE_SIZE = 500;

/** Stands in for ROLLBACK when SQLite has already rolled the transaction back itself. */
const NOTHING_TO_ROLL_BACK = { reader: false, busy: false, run: () => ({ changes: 0, lastInsertRowid: 0 }) } as unknown as SQLite.Statement;

/**
 * Keeps prepared statements by their SQL text. Kysely's SQLite driver prepares every query afresh,
 * and preparing (parsing and planning the SQL) cost more than running the small indexed queries a
 * page makes. The least recently used statement is dropped past STATEMENT_CACHE_SIZE; a statement
 * still being iterated (a streamed query) is never handed out twice: a fresh one is prepared instead.
 */
export function withStatementCache(connection: SQLite.Database, size = STATEMENT_CACHE_SIZE): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => {
      // Refreshes the statistics if the tables changed a lot (an import, the benchmark's blog).
      if (connection.open && !connection.readonly) connection.pragma('optimize');
      connection.close();
    },
    prepare(text) {
      // On a full disk (SQLITE_FULL), an I/O error or out of memory SQLite rolls the transaction back by
      // itself; the ROLLBACK that follows would fail with "no transaction is active" and hide the error
      // that matters (a full disk answers 503, that one 500).
      if (!connection.inTransaction && /^\s*rollback\s*;?\s*$/i.test(text)) return NOTHING_TO_ROLL_BACK;
      const cached = statements.get(text);
      if (cached && !cached.busy) {
        statements.delete(text);
        statements.set(text, cached);
        return cached;
      }
      const statement = connection.prepare(text);
      if (cached) return statement;
      statements.set(text, statement);
      if (statements.size > size) statements.delete(statements.keys().next().value!);
      return statement;
    },
  };
}

/** Typical lengths in characters of a title and a body: where a word's weight is neither raised nor lowered. */
const TITLE_CHARS = 40;
const BODY_CHARS = 2000;

/**
 * A column's share of a match's score: the marked occurrences of the words in `marked`, saturating
 * (k1 = 1.2) and lowered for a text longer than `typical` (b = 0.75), times `weight`.
 */
function termWeight(marked: string, length: string, typical: number, weight: number) {
  const n = `(length(${marked}) - length(replace(${marked}, char(1), '')))`;
  return sql.raw(`(${weight}.0 * ${n} * 2.2 / (${n} + 1.2 * (0.25 + 0.75 * ${length} / ${typical}.0)))`);
}

export const sqliteDialect: SqlDialect = {
  name: 'sqlite',
  currentSchema: () => Promise.resolve(undefined),
  rowLocks: false,
  writeTransaction: (db, work) =>
    db.connection().execute(async (connection) => {
      await sql`begin immediate`.execute(connection);
      try {
        const result = await work(connection);
        await sql`commit`.execute(connection);
        return result;
      } catch (error) {
        await sql`rollback`.execute(connection);
        throw error;
      }
    }),
  async searchPosts(db, query, now) {
    const words = searchWords(query.text);
    if (words.length === 0) return { hits: [], total: 0, more: false };
    // The blog's own posts inside the index, then each of the reader's words as an FTS5 string (so the
    // text can never be read as query syntax) in the title or the body.
    const quote = (text: string) => `"${text.replaceAll('"', '""')}"`;
    const match = `blog_id : ${quote(query.blogId)} AND {title body_text} : (${words.map(quote).join(' ')})`;
    const live = sql`p.blog_id = ${query.blogId} and p.status = 'live' and p.trashed_at is null and p.published_at <= ${now}`;
    // The newest matches in the index's order (row number = ID), each ranked by how often the words occur
    // (`highlight` marks each with \x01, counted), a title's weighing ten times a body's, a body's relative to
    // its length: bm25's shape without its weight for how rare a word is across the index, as PostgreSQL's
    // ts_rank ranks. FTS5's bm25() finds that weight by reading every row that holds each phrase, the blog's
    // own token included: every post of the blog on every search (12 ms at 100,000 posts for a word in three).
    const matches = await sql<{ rid: string; score: number }>`
      with m as materialized (
        select p.id as rid, highlight(posts_fts, 1, char(1), '') as t, highlight(posts_fts, 2, char(1), '') as b,
          length(f.body_text) as len
        from posts_fts f join posts p on p.id = cast(f.rowid as text)
        where posts_fts match ${match} and ${live}
        order by f.rowid desc limit ${SEARCH_MATCH_LIMIT + 1})
      select rid, -(${termWeight('t', 'length(t)', TITLE_CHARS, 10)} + ${termWeight('b', 'len', BODY_CHARS, 1)}) as score from m`.execute(
      db,
    );
    const ranked = rankMatches(matches.rows, query);
    const hits = await Promise.all(
      ranked.hits.map(async (rid) => {
        const row = await sql<{ excerpt: string }>`
          select snippet(posts_fts, 2, ${HIGHLIGHT_START}, ${HIGHLIGHT_END}, '…', 32) as excerpt
          from posts_fts where posts_fts match ${match} and rowid = cast(${rid} as integer)`.execute(db);
        return { postId: rid, excerpt: row.rows[0]?.excerpt ?? '' };
      }),
    );
    return { hits, total: ranked.total, more: ranked.more };
  },
};
