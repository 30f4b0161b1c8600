/**
 * PostgreSQL through `pg`: 64-bit integers read as numbers (times are milliseconds), and a
 * `tsvector` column with a GIN index for search.
 */
import { createRequire } from 'node:module';
import type pg from 'pg';
import { Kysely, PostgresDialect, sql, type LogConfig, type RawBuilder } from 'kysely';
import type { Database } from '../schema.js';
import { HIGHLIGHT_END, HIGHLIGHT_START, rankMatches, SEARCH_MATCH_LIMIT, searchWords, type SqlDialect } from './dialect.js';

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

/** The newest posts of the blog a search reads for its words before turning to the words' index. */
const NEWEST_WINDOW = 2000;

/**
 * The newest SEARCH_MATCH_LIMIT + 1 matches, each ranked. A word in many of the blog's posts is found by
 * reading the blog's live posts newest first (posts_search_newest) until the limit: within the newest
 * NEWEST_WINDOW. A word the window does not hold enough of is found through the GIN index of (blog, words),
 * the planner held to it: PostgreSQL's statistics are the install's, so a word common in other blogs but
 * rare in this one was read by its newest posts to the end (0.7 s at 100,000 posts).
 * Whether the window held every live post is read from the blog's kept counts in the same statement (a
 * row even when nothing matched), and the planner is held in one statement: a rare word in a big blog
 * costs five statements (the window, then begin, settings, the index, commit), not seven.
 */
async function newestMatches(db: Kysely<Database>, blogId: string, tsquery: RawBuilder<unknown>, live: RawBuilder<unknown>) {
  const ranked = (from: RawBuilder<unknown>, where = sql`true`) => sql`
    select p.id as rid, -ts_rank(p.search_vector, ${tsquery}) as score, p.published_at from ${from}
    where p.search_vector @@ ${tsquery} and ${where} order by p.published_at desc, p.id desc limit ${SEARCH_MATCH_LIMIT + 1}`;
  const window = sql`(select id, search_vector, published_at from posts p where ${live}
    order by p.published_at desc, p.id desc limit ${NEWEST_WINDOW}) p`;
  const newest = await sql<{ rid: string | null; score: number | null; kept: number | null }>`
    select m.rid, m.score, k.kept from (select b.live_posts + b.live_pages as kept from blogs b where b.id = ${blogId}) k
    left join lateral (${ranked(window)}) m on true order by m.published_at desc, m.rid desc`.execute(db);
  const matches = newest.rows.flatMap((r) => (r.rid === null ? [] : [{ rid: r.rid, score: Number(r.score) }]));
  // The window held every live post and page (or more than enough matches): nothing older to look for.
  if (matches.length > SEARCH_MATCH_LIMIT || Number(newest.rows[0]?.kept ?? 0) < NEWEST_WINDOW) return matches;
  return db.transaction().execute(async (trx) => {
    // Only for this statement's transaction: the (blog, words) index, its matches sorted.
    await sql`select set_config('enable_indexscan', 'off', true), set_config('enable_seqscan', 'off', true)`.execute(trx);
    const { rows } = await sql<{ rid: string; score: number }>`${ranked(sql`posts p`, live)}`.execute(trx);
    return rows;
  });
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
    const live = sql`p.blog_id = ${query.blogId} and p.status = 'live' and p.trashed_at is null and p.published_at <= ${now}`;
    const matches = await newestMatches(db, query.blogId, tsquery, live);
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
