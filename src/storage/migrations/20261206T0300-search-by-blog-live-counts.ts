/**
 * Two costs that grew with the install and the blog (docs/performance.md, "Scale"):
 * - Search: the full-text index held every blog's posts with nothing to tell blogs apart, so a common word
 *   matched across the install before the blog filter. The blog is now part of the index: an indexed
 *   column of the FTS5 table on SQLite (rebuilt from the posts), and the first column of a composite GIN
 *   index on PostgreSQL (`btree_gin`, a contrib extension PostgreSQL trusts a database owner to create),
 *   beside an index of the blog's live posts newest first, which a search for a common word reads until
 *   it has enough matches.
 * - The sitemap counted a blog's live posts and pages on every request. The counts are now kept on the
 *   blog (`live_posts`, `live_pages`) by triggers on `posts`, so every writer keeps them right: the post
 *   service's transitions, trash and restore, importers, bulk loads and blog deletion alike.
 * Live: status `live` and not in the trash, as the sitemap lists them.
 * Frozen in time: a migration never imports application code.
 */
import { sql, type Kysely } from 'kysely';
import type { MigrationDialect } from './migration-dialect.js';

export async function up(db: Kysely<any>, dialect: MigrationDialect): Promise<void> {
  await db.schema
    .alterTable('blogs')
    .addColumn('live_posts', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('blogs')
    .addColumn('live_pages', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  const live = (kind: string) =>
    sql`(select count(*) from posts p where p.blog_id = blogs.id and p.kind = ${kind} and p.status = 'live' and p.trashed_at is null)`;
  await sql`update blogs set live_posts = ${live('post')}, live_pages = ${live('page')}`.execute(db);
  if (dialect === 'postgres') await upPostgres(db);
  else await upSqlite(db);
}

async function upSqlite(db: Kysely<any>): Promise<void> {
  await sql`drop trigger posts_fts_insert`.execute(db);
  await sql`drop trigger posts_fts_delete`.execute(db);
  await sql`drop trigger posts_fts_update`.execute(db);
  await sql`drop table posts_fts`.execute(db);
  // The row number is still the post's ID read as a 64-bit integer; the blog's ID is one token.
  await sql`create virtual table posts_fts using fts5(blog_id, title, body_text, tokenize = 'unicode61 remove_diacritics 2')`.execute(db);
  await sql`insert into posts_fts(rowid, blog_id, title, body_text) select cast(id as integer), blog_id, title, body_text from posts`.execute(
    db,
  );
  await sql`create trigger posts_fts_insert after insert on posts begin
    insert into posts_fts(rowid, blog_id, title, body_text) values (cast(new.id as integer), new.blog_id, new.title, new.body_text); end`.execute(
    db,
  );
  await sql`create trigger posts_fts_delete after delete on posts begin
    delete from posts_fts where rowid = cast(old.id as integer); end`.execute(db);
  await sql`create trigger posts_fts_update after update of blog_id, title, body_text on posts begin
    delete from posts_fts where rowid = cast(old.id as integer);
    insert into posts_fts(rowid, blog_id, title, body_text) values (cast(new.id as integer), new.blog_id, new.title, new.body_text); end`.execute(
    db,
  );

  // 1 when a row counts as a live post (or page), 0 otherwise: the counts move by the difference.
  const counted = (row: 'new' | 'old', kind: string) =>
    sql.raw(`(${row}.kind = '${kind}' and ${row}.status = 'live' and ${row}.trashed_at is null)`);
  const add = (row: 'new' | 'old', sign: '+' | '-') =>
    sql`update blogs set live_posts = live_posts ${sql.raw(sign)} ${counted(row, 'post')},
      live_pages = live_pages ${sql.raw(sign)} ${counted(row, 'page')} where id = ${sql.raw(`${row}.blog_id`)};`;
  const isCounted = (row: 'new' | 'old') =>
    sql.raw(`(${row}.kind in ('post', 'page') and ${row}.status = 'live' and ${row}.trashed_at is null)`);
  await sql`create trigger posts_live_count_insert after insert on posts when ${isCounted('new')} begin ${add('new', '+')} end`.execute(db);
  await sql`create trigger posts_live_count_delete after delete on posts when ${isCounted('old')} begin ${add('old', '-')} end`.execute(db);
  await sql`create trigger posts_live_count_update after update of blog_id, kind, status, trashed_at on posts
    when ${isCounted('old')} or ${isCounted('new')} begin ${add('old', '-')} ${add('new', '+')} end`.execute(db);
}

async function upPostgres(db: Kysely<any>): Promise<void> {
  // Extensions belong to the whole database: one migration at a time creates it (tests migrate many
  // schemas at once), in `public`, so that dropping one schema never drops it under the others.
  await sql`select pg_advisory_xact_lock(hashtext('dastan:create extension btree_gin'))`.execute(db);
  await sql`create extension if not exists btree_gin with schema public`.execute(db);
  await sql`create index posts_search_blog on posts using gin (blog_id, search_vector)`.execute(db);
  await sql`drop index posts_search`.execute(db);
  // A common word: the blog's live posts newest first, read until enough match (the search's limit).
  await sql`create index posts_search_newest on posts (blog_id, published_at, id) where status = 'live' and trashed_at is null`.execute(db);

  // Statement-level, over the rows the statement changed: one update of each blog touched, however many posts.
  await sql`create function posts_live_counts() returns trigger language plpgsql as $$
    begin
      if tg_op in ('UPDATE', 'DELETE') then
        update blogs b set live_posts = b.live_posts - d.posts, live_pages = b.live_pages - d.pages
        from (select blog_id, count(*) filter (where kind = 'post') as posts, count(*) filter (where kind = 'page') as pages
              from old_rows where status = 'live' and trashed_at is null group by blog_id) d
        where b.id = d.blog_id;
      end if;
      if tg_op in ('UPDATE', 'INSERT') then
        update blogs b set live_posts = b.live_posts + d.posts, live_pages = b.live_pages + d.pages
        from (select blog_id, count(*) filter (where kind = 'post') as posts, count(*) filter (where kind = 'page') as pages
              from new_rows where status = 'live' and trashed_at is null group by blog_id) d
        where b.id = d.blog_id;
      end if;
      return null;
    end $$`.execute(db);
  await sql`create trigger posts_live_count_insert after insert on posts
    referencing new table as new_rows for each statement execute function posts_live_counts()`.execute(db);
  await sql`create trigger posts_live_count_update after update on posts
    referencing old table as old_rows new table as new_rows for each statement execute function posts_live_counts()`.execute(db);
  await sql`create trigger posts_live_count_delete after delete on posts
    referencing old table as old_rows for each statement execute function posts_live_counts()`.execute(db);
}
