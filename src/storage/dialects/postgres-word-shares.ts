/**
 * How many of the install's posts hold a word, as PostgreSQL's own statistics of `posts.search_vector` say
 * (ANALYZE's sample: the most common words, up to a thousand, and the share of rows holding each). A word
 * not listed is in fewer rows than the least common word that is. Read on first use and again each minute,
 * per pool; the number of rows is the collector's live count, which follows inserts between ANALYZEs.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';

interface WordShares {
  rows: number;
  listed: Map<string, number>;
  /** The share of the least common listed word: more than any unlisted word's. */
  ceiling: number;
}

const REREAD_MS = 60_000;
const kept = new WeakMap<Kysely<Database>, { at: number; shares: Promise<WordShares | undefined> }>();

async function readShares(db: Kysely<Database>): Promise<WordShares | undefined> {
  const { rows } = await sql<{ rows: number; words: string[] | null; shares: number[] | null }>`
    select greatest(c.reltuples, coalesce(t.n_live_tup, 0)) as rows, s.most_common_elems::text::text[] as words,
      s.most_common_elem_freqs as shares
    from pg_class c
    left join pg_stat_user_tables t on t.relid = c.oid
    left join pg_stats s on s.schemaname = current_schema() and s.tablename = 'posts' and s.attname = 'search_vector'
    where c.oid = to_regclass('posts')`.execute(db);
  const row = rows[0];
  if (!row?.words?.length || !row.shares || !(Number(row.rows) > 0)) return undefined;
  const shares = row.shares.slice(0, row.words.length).map(Number);
  return { rows: Number(row.rows), listed: new Map(row.words.map((word, i) => [word, shares[i]!])), ceiling: Math.min(...shares) };
}

function wordShares(db: Kysely<Database>): Promise<WordShares | undefined> {
  const now = Date.now();
  let entry = kept.get(db);
  if (!entry || now - entry.at > REREAD_MS) {
    // A failed read (statistics not readable) counts as none until the next minute.
    entry = { at: now, shares: readShares(db).catch(() => undefined) };
    kept.set(db, entry);
  }
  return entry.shares;
}

/** Reads the statistics again at the next search, not within the minute (after an ANALYZE). */
export function forgetWordShares(db: Kysely<Database>): void {
  kept.delete(db);
}

/**
 * A word PostgreSQL's parser keeps whole and the `simple` dictionary only lower-cases, the same in any
 * locale: ASCII letters and digits. Other words (accented, other scripts, joined by marks) are not looked
 * up, since the statistics hold them as the database's locale lower-cases and splits them.
 */
const PLAIN_WORD = /^[a-z0-9]{1,64}$/;

/**
 * Whether the statistics say that at most `limit` of the install's posts hold all of `words` (a search
 * asks for every word: no more posts than hold the rarest). False when they cannot say: no statistics
 * yet, or no word they could be asked about.
 */
export async function fewPostsHold(db: Kysely<Database>, words: readonly string[], limit: number): Promise<boolean> {
  const plain = words.map((w) => w.toLowerCase()).filter((w) => PLAIN_WORD.test(w));
  if (plain.length === 0) return false;
  const shares = await wordShares(db);
  if (!shares) return false;
  const rarest = Math.min(...plain.map((w) => shares.listed.get(w) ?? shares.ceiling));
  return rarest * shares.rows <= limit;
}
