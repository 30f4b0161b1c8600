/**
 * PostgreSQL through `pg`: 64-bit integers read as numbers (times are milliseconds), and a
 * `tsvector` column with a GIN index for search.
 */
import { createRequire } from 'node:module';
import type pg from 'pg';
import { Kysely, PostgresDialect, sql, type LogConfig } from 'kysely';
import type { Database } from '../schema.js';
import { HIGHLIGHT_END, HIGHLIGHT_START, rankMatches, searchWords, type SqlDialect } from './dialect.js';
import { newestMatches } from './postgres-search.js';

const INT8 = 20;
const NUMERIC = 1700;

/** Loaded on first use: a server on SQLite never needs `pg` and its dozens of modules. */
let pgModule: typeof pg | undefined;

/** Opens a pool to `url`; `searchPath` puts every table in that schema (the tests use one schema each). */
export function openPostgres(url: string, searchPath?: string, log?: LogConfig): Kysely<Database> {
  const pgLib = (pgModule ??= createRequire(import.meta.url)('pg') as typeof pg);
  const pool = new pgLib.Pool({
    connectionString: url,
    max: 10,
    ...(searchPath ? { options: `-c search_path=${searchPath}` } : {}),
    types: {
      getTypeParser: ((oid: number, format?: string) =>
        oid === INT8 || oid === NUMERIC
          ? (value: string) => Number(value)
          : pgLib.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client that loses its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log });
}

export const postgresDialect: SqlDialect = {
  name: 'postgres',
  rowLocks: true,
  writeTransaction: (db, work) => db.transaction().execute(work),
  async currentSchema(db) {
    const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
    return rows[0]?.schema ?? undefined;
  },
  async searchPosts(db, query, now) {
    const words = searchWords(query.text);
    if (words.length === 0) return { hits: [], total: 0, more: false };
    const tsquery = sql`plainto_tsquery('simple', ${words.join(' ')})`;
    const matches = await newestMatches(db, query, words, tsquery, now);
    const ranked = rankMatches(matches, query);
    if (ranked.hits.length === 0) return { hits: [], total: ranked.total, more: ranked.more };
    const options = `StartSel=${HIGHLIGHT_START}, StopSel=${HIGHLIGHT_END}, MaxWords=40, MinWords=20, MaxFragments=2, FragmentDelimiter=" … "`;
    const excerpts = await sql<{ id: string; excerpt: string }>`
      select p.id as id, ts_headline('simple', p.body_text, ${tsquery}, ${options}) as excerpt
      from posts p where p.blog_id = ${query.blogId} and p.id = any(${ranked.hits})`.execute(db);
    const byId = new Map(excerpts.rows.map((r) => [r.id, r.excerpt]));
    return { hits: ranked.hits.map((id) => ({ postId: id, excerpt: byId.get(id) ?? '' })), total: ranked.total, more: ranked.more };
  },
};
