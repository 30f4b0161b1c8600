/**
 * A sitemap page deep in a big blog started in the month holding its first post and stepped over that
 * month's earlier posts (up to 43,000 index entries in the scale bench's million-post blog: the last page
 * cost 2.5× the small blog's, docs/performance.md "Scale"). `post_days` keeps, per blog, path month and
 * day of publication (whole days since 1970, UTC), how many live posts there are, so a page finds the day
 * holding its first post and steps over that day's earlier posts only. Kept by triggers on `posts` like
 * `post_months`. A live post is a post (not a page), live and out of the trash.
 * Frozen in time: a migration never imports application code.
 */
import { sql, type Kysely } from 'kysely';
import type { MigrationDialect } from './migration-dialect.js';

const LIVE = (row: string) =>
  `(${row}.kind = 'post' and ${row}.status = 'live' and ${row}.trashed_at is null and ${row}.path_year is not null and ${row}.path_month is not null and ${row}.published_at is not null)`;
/** Whole days since 1970, rounded down also before it (integer division rounds towards zero). */
const DAY = (row: string) => `((${row}.published_at - ((${row}.published_at % 86400000) + 86400000) % 86400000) / 86400000)`;

export async function up(db: Kysely<any>, dialect: MigrationDialect): Promise<void> {
  await db.schema
    .createTable('post_days')
    .addColumn('blog_id', 'text', (c) => c.notNull().references('blogs.id').onDelete('cascade'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('month', 'integer', (c) => c.notNull())
    .addColumn('day', 'integer', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('post_days_pk', ['blog_id', 'year', 'month', 'day'])
    .execute();
  await sql`insert into post_days (blog_id, year, month, day, n)
    select p.blog_id, p.path_year, p.path_month, ${sql.raw(DAY('p'))}, count(*) from posts p
    where ${sql.raw(LIVE('p'))} group by 1, 2, 3, 4`.execute(db);
  if (dialect === 'postgres') await upPostgres(db);
  else await upSqlite(db);
}

async function upSqlite(db: Kysely<any>): Promise<void> {
  // A day's count moves by one; its row is made when its first live post arrives. Posts deleted with
  // their blog (`on delete cascade`) count nothing: the blog's rows go with it.
  const moves = (row: 'new' | 'old', sign: '+' | '-') =>
    sql.raw(`insert into post_days (blog_id, year, month, day, n)
      select ${row}.blog_id, ${row}.path_year, ${row}.path_month, ${DAY(row)}, ${sign === '+' ? 1 : -1}
      where ${LIVE(row)} and exists (select 1 from blogs where id = ${row}.blog_id)
      on conflict (blog_id, year, month, day) do update set n = n ${sign} 1;`);
  await sql`create trigger posts_day_count_insert after insert on posts begin ${moves('new', '+')} end`.execute(db);
  await sql`create trigger posts_day_count_delete after delete on posts begin ${moves('old', '-')} end`.execute(db);
  await sql`create trigger posts_day_count_update
    after update of blog_id, kind, status, trashed_at, path_year, path_month, published_at on posts
    begin ${moves('old', '-')} ${moves('new', '+')} end`.execute(db);
}

async function upPostgres(db: Kysely<any>): Promise<void> {
  // Statement-level, over the rows the statement changed: one upsert a day however many posts.
  const moves = (rows: 'old_rows' | 'new_rows', sign: string) => `
        insert into post_days (blog_id, year, month, day, n)
          select blog_id, path_year, path_month, ${DAY(rows)}, ${sign}count(*) from ${rows}
          where ${LIVE(rows)} and exists (select 1 from blogs b where b.id = ${rows}.blog_id)
          group by 1, 2, 3, 4
        on conflict (blog_id, year, month, day) do update set n = post_days.n + excluded.n;`;
  await sql`create function posts_day_counts() returns trigger language plpgsql as $$
    begin
      if tg_op in ('UPDATE', 'DELETE') then ${sql.raw(moves('old_rows', '-'))}
      end if;
      if tg_op in ('UPDATE', 'INSERT') then ${sql.raw(moves('new_rows', ''))}
      end if;
      return null;
    end $$`.execute(db);
  await sql`create trigger posts_day_count_insert after insert on posts
    referencing new table as new_rows for each statement execute function posts_day_counts()`.execute(db);
  await sql`create trigger posts_day_count_update after update on posts
    referencing old table as old_rows new table as new_rows for each statement execute function posts_day_counts()`.execute(db);
  await sql`create trigger posts_day_count_delete after delete on posts
    referencing old table as old_rows for each statement execute function posts_day_counts()`.execute(db);
}
