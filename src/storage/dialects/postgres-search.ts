/**
 * Which of a blog's posts a PostgreSQL search ranks: the newest SEARCH_MATCH_LIMIT + 1 of those holding
 * every word, found by the cheapest of two reads, so that no search reads the whole blog.
 * - The blog's live posts newest first (`posts_search_newest`), each post's words checked, until enough
 *   match: cheap for a word in many posts, since they are found early.
 * - The GIN index of (blog, words), which fetches every post of the blog holding the words: cheap for a
 *   word in few posts, and the only bounded read for a word in none of the newest.
 * The newest NEWEST_WINDOW posts are read first; their share of matches says which read the rest needs:
 * a word in a post of every n is read newest first to about 2n × the limit posts when that is fewer than
 * the index would fetch (the blog's kept number of live posts ÷ n). A word the install's statistics call
 * rare (postgres-word-shares.ts) goes to the index at once, without the window.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../schema.js';
import { SEARCH_MATCH_LIMIT, type SearchQuery } from './dialect.js';
import { fewPostsHold } from './postgres-word-shares.js';

/**
 * The newest posts of the blog a search reads for its words before choosing how to read the rest: as many
 * as the search ranks, so that a word in every post needs no second read, and a blog no bigger is read once.
 */
export const NEWEST_WINDOW = SEARCH_MATCH_LIMIT + 1;

interface Match {
  rid: string;
  score: number;
}

/** `tsquery`: `words` as the search's full-text query (the caller writes excerpts with it too). */
export async function newestMatches(
  db: Kysely<Database>,
  query: SearchQuery,
  words: readonly string[],
  tsquery: RawBuilder<unknown>,
  now: number,
): Promise<Match[]> {
  const live = sql`p.blog_id = ${query.blogId} and p.status = 'live' and p.trashed_at is null and p.published_at <= ${now}`;
  const kept = sql`(select b.live_posts + b.live_pages from blogs b where b.id = ${query.blogId})`;

  /** The matches among the newest `posts` live posts, each with the blog's kept number of live posts and pages. */
  const newest = async (posts: number) => {
    const { rows } = await sql<Match & { kept: number }>`
      select p.id as rid, -ts_rank(p.search_vector, ${tsquery}) as score, ${kept} as kept
      from (select id, search_vector, published_at from posts p where ${live}
        order by p.published_at desc, p.id desc limit ${posts}) p
      where p.search_vector @@ ${tsquery} order by p.published_at desc, p.id desc limit ${SEARCH_MATCH_LIMIT + 1}`.execute(db);
    return rows;
  };
  /** The blog's kept number of live posts and pages, read with the matches when there are any. */
  const keptOf = async (matches: readonly { kept: number }[]) =>
    Number(matches[0]?.kept ?? (await sql<{ kept: number }>`select ${kept} as kept`.execute(db)).rows[0]?.kept ?? 0);

  // The index, in one statement: the function (migration 20261207T0400) holds the planner to it for its own
  // run, since PostgreSQL's statistics are the install's, and for a word common in other blogs but rare in
  // this one it would read the blog's posts newest first to the end.
  const byIndex = async () =>
    (
      await sql<Match>`select rid, score from posts_matching_by_index(${query.blogId}, ${tsquery}, ${now}, ${SEARCH_MATCH_LIMIT + 1})`.execute(
        db,
      )
    ).rows;

  // Rare in the whole install: the index at once. (Held there too: PostgreSQL's estimate for a word it has no
  // figure for is high, and it read a 100,000-post blog newest first to the end for a word in 3 posts, 627 ms
  // against 1.3 ms through the index.)
  if (await fewPostsHold(db, words, NEWEST_WINDOW)) return byIndex();
  // A blog of up to twice the window is read whole at once: one statement, where the window and then the
  // index would be two for a word in few of its posts.
  const read = query.postsHint !== undefined && query.postsHint <= 2 * NEWEST_WINDOW ? 2 * NEWEST_WINDOW : NEWEST_WINDOW;
  const first = await newest(read);
  if (first.length > SEARCH_MATCH_LIMIT) return first;
  const posts = await keptOf(first);
  if (posts <= read) return first;
  const share = first.length / read;
  const reach = Math.ceil((2 * (SEARCH_MATCH_LIMIT + 1)) / share);
  if (share === 0 || reach / 2 >= share * posts) return byIndex();
  const further = await newest(Math.min(reach, posts));
  if (further.length > SEARCH_MATCH_LIMIT || reach >= posts) return further;
  // Fewer than the share foretold (the word is rarer in older posts): the index finds the rest.
  return byIndex();
}
