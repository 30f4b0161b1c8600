/**
 * SQLite through better-sqlite3: WAL journal (an acknowledged write survives a killed process),
 * foreign keys on, and FTS5 for search.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import type { Database } from '../schema.js';
import { HIGHLIGHT_END, HIGHLIGHT_START, searchWords, type SqlDialect } from './dialect.js';

/** Opens (creating if needed) the SQLite file at `file`; `:memory:` gives a private in-memory database. */
export function openSqlite(file: string): Kysely<Database> {
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const connection = new SQLite(file);
  connection.pragma('journal_mode = WAL');
  connection.pragma('synchronous = NORMAL');
  connection.pragma('foreign_keys = ON');
  connection.pragma('busy_timeout = 5000');
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: cachingStatements(connection) }) });
}

const STATEMENT_CACHE = 500;

/**
 * Kysely prepares every query anew; preparing costs as much as running a small one. Statements are
 * kept by their SQL (the most recently used few hundred) and reused: Kysely runs one query at a time
 * on the connection, so a statement is never used twice at once.
 */
function cachingStatements(connection: SQLite.Database): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  const prepare = connection.prepare.bind(connection);
  connection.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (statement) {
      cache.delete(source);
    } else {
      statement = prepare(source);
      if (cache.size >= STATEMENT_CACHE) cache.delete(cache.keys().next().value!);
    }
    cache.set(source, statement);
    return statement;
  }) as SQLite.Database['prepare'];
  return connection;
}

export const sqliteDialect: SqlDialect = {
  name: 'sqlite',
  currentSchema: () => Promise.resolve(undefined),
  async searchPosts(db, query, now) {
    const words = searchWords(query.text);
    if (words.length === 0) return { hits: [], total: 0 };
    // Each word quoted as an FTS5 string: the reader's text can never be read as query syntax.
    const match = words.map((w) => `"${w.replaceAll('"', '""')}"`).join(' ');
    const live = sql`p.blog_id = ${query.blogId} and p.status = 'live' and p.trashed_at is null and p.published_at <= ${now}`;
    const from = sql`posts_fts f join posts p on p.id = cast(f.rowid as text)`;
    const totalRow = await sql<{ n: number }>`select count(*) as n from ${from} where posts_fts match ${match} and ${live}`.execute(db);
    const rows = await sql<{ id: string; excerpt: string }>`
      select p.id as id, snippet(posts_fts, 1, ${HIGHLIGHT_START}, ${HIGHLIGHT_END}, '…', 32) as excerpt
      from ${from}
      where posts_fts match ${match} and ${live}
      order by bm25(posts_fts, 10.0, 1.0), p.published_at desc
      limit ${query.limit} offset ${query.offset}`.execute(db);
    return {
      total: Number(totalRow.rows[0]?.n ?? 0),
      hits: rows.rows.map((r) => ({ postId: r.id, excerpt: r.excerpt })),
    };
  },
};
