/**
 * The dashboard's posts list and overview counted a blog's posts on every request (`count(*)` over the
 * blog's rows: 0.5 s at 100,000 posts on SQLite, docs/performance.md "Scale"). The counts are now kept in
 * `post_counts`, one row per blog, kind, status and trash state, by triggers on `posts`, so every writer
 * keeps them right (the post service, trash and restore, importers, bulk loads, blog deletion), as
 * `blogs.live_posts` is kept for the sitemap.
 * Frozen in time: a migration never imports application code.
 */
import { sql, type Kysely } from 'kysely';
import type { MigrationDialect } from './migration-dialect.js';

export async function up(db: Kysely<any>, dialect: MigrationDialect): Promise<void> {
  await db.schema
    .createTable('post_counts')
    .addColumn('blog_id', 'text', (c) => c.notNull().references('blogs.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    // 1: in the trash.
    .addColumn('trashed', 'integer', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('post_counts_pk', ['blog_id', 'kind', 'status', 'trashed'])
    .execute();
  await sql`insert into post_counts (blog_id, kind, status, trashed, n)
    select blog_id, kind, status, case when trashed_at is null then 0 else 1 end, count(*) from posts
    group by blog_id, kind, status, case when trashed_at is null then 0 else 1 end`.execute(db);
  if (dialect === 'postgres') await upPostgres(db);
  else await upSqlite(db);
}

async function upSqlite(db: Kysely<any>): Promise<void> {
  // A row's count moves by one; the row of its group is made when the group's first post arrives. Posts
  // deleted with their blog (`on delete cascade`) count nothing: the blog's counts go with it.
  const move = (row: 'new' | 'old', sign: '+' | '-') =>
    sql.raw(`insert into post_counts (blog_id, kind, status, trashed, n)
      select ${row}.blog_id, ${row}.kind, ${row}.status, ${row}.trashed_at is not null, ${sign === '+' ? 1 : -1}
      where exists (select 1 from blogs where id = ${row}.blog_id)
      on conflict (blog_id, kind, status, trashed) do update set n = n ${sign} 1;`);
  await sql`create trigger posts_count_insert after insert on posts begin ${move('new', '+')} end`.execute(db);
  await sql`create trigger posts_count_delete after delete on posts begin ${move('old', '-')} end`.execute(db);
  await sql`create trigger posts_count_update after update of blog_id, kind, status, trashed_at on posts
    when old.blog_id is not new.blog_id or old.kind is not new.kind or old.status is not new.status
      or (old.trashed_at is null) <> (new.trashed_at is null)
    begin ${move('old', '-')} ${move('new', '+')} end`.execute(db);
}

async function upPostgres(db: Kysely<any>): Promise<void> {
  // Statement-level, over the rows the statement changed: one upsert a group, however many posts. Posts
  // deleted with their blog (`on delete cascade`) count nothing: the blog's counts go with it.
  await sql`create function posts_counts() returns trigger language plpgsql as $$
    begin
      if tg_op in ('UPDATE', 'DELETE') then
        insert into post_counts (blog_id, kind, status, trashed, n)
          select blog_id, kind, status, case when trashed_at is null then 0 else 1 end, -count(*) from old_rows
          where exists (select 1 from blogs b where b.id = old_rows.blog_id)
          group by 1, 2, 3, 4
        on conflict (blog_id, kind, status, trashed) do update set n = post_counts.n + excluded.n;
      end if;
      if tg_op in ('UPDATE', 'INSERT') then
        insert into post_counts (blog_id, kind, status, trashed, n)
          select blog_id, kind, status, case when trashed_at is null then 0 else 1 end, count(*) from new_rows
          where exists (select 1 from blogs b where b.id = new_rows.blog_id)
          group by 1, 2, 3, 4
        on conflict (blog_id, kind, status, trashed) do update set n = post_counts.n + excluded.n;
      end if;
      return null;
    end $$`.execute(db);
  await sql`create trigger posts_count_insert after insert on posts
    referencing new table as new_rows for each statement execute function posts_counts()`.execute(db);
  await sql`create trigger posts_count_update after update on posts
    referencing old table as old_rows new table as new_rows for each statement execute function posts_counts()`.execute(db);
  await sql`create trigger posts_count_delete after delete on posts
    referencing old table as old_rows for each statement execute function posts_counts()`.execute(db);
}
