/**
 * PostgreSQL: a search that finds a blog's matches through the GIN index of (blog, words) held the planner
 * to that index with two settings in a transaction of its own (begin, the settings, the search, commit:
 * four statements, docs/performance.md "Scale"). A function may carry settings for its own run, so the
 * search is one statement. The planner is held because PostgreSQL's statistics are the install's: for a
 * word common in other blogs but rare in this one, or a word it estimates too high, it read the blog's
 * posts newest first to the end. SQLite has no such search (its full-text table is already by blog).
 * Frozen in time: a migration never imports application code.
 */
import { sql, type Kysely } from 'kysely';
import type { MigrationDialect } from './migration-dialect.js';

export async function up(db: Kysely<any>, dialect: MigrationDialect): Promise<void> {
  if (dialect !== 'postgres') return;
  // The newest `matches` live posts of `blog` published by `upto` holding `words`, each with its rank (lower
  // is better). Run by EXECUTE, so that it is planned for these values: a plain SQL function's statement is
  // planned for any values, and that plan read a 100,000-post blog's posts whole for a word in three of them.
  await sql`create function posts_matching_by_index(blog text, words tsquery, upto bigint, matches integer)
    returns table (rid text, score real) language plpgsql stable
    set enable_indexscan = off set enable_seqscan = off
    as $$
    begin
      return query execute
        'select p.id, -ts_rank(p.search_vector, $2) from posts p
         where p.blog_id = $1 and p.status = ''live'' and p.trashed_at is null and p.published_at <= $3
           and p.search_vector @@ $2
         order by p.published_at desc, p.id desc limit $4'
        using blog, words, upto, matches;
    end $$`.execute(db);
}
