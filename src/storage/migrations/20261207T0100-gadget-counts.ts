/**
 * The labels and archive gadgets counted a blog's live posts label by label and month by month whenever
 * the blog changed (about a second at 1,000,000 posts, on every new post or comment that changed the
 * blog: docs/performance.md "Scale"). The counts are now kept by triggers, as `post_counts` is:
 * `label_counts` (live posts carrying each label; a table of its own, so the labels every post page
 * joins are never rewritten) and `post_months` (live posts of each month), so
 * every writer keeps them right (the post service, trash and restore, the scheduler, importers, bulk
 * loads, blog deletion). A live post is a post (not a page), live and out of the trash.
 * Frozen in time: a migration never imports application code.
 */
import { sql, type Kysely } from 'kysely';
import type { MigrationDialect } from './migration-dialect.js';

const LIVE = (row: string) => `(${row}.kind = 'post' and ${row}.status = 'live' and ${row}.trashed_at is null)`;

export async function up(db: Kysely<any>, dialect: MigrationDialect): Promise<void> {
  await db.schema
    .createTable('label_counts')
    .addColumn('blog_id', 'text', (c) => c.notNull().references('blogs.id').onDelete('cascade'))
    .addColumn('label_id', 'text', (c) => c.notNull().references('labels.id').onDelete('cascade'))
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('label_counts_pk', ['blog_id', 'label_id'])
    .execute();
  await sql`insert into label_counts (blog_id, label_id, n)
    select l.blog_id, l.id, count(*) from post_labels pl join posts p on p.id = pl.post_id join labels l on l.id = pl.label_id
    where ${sql.raw(LIVE('p'))} group by l.blog_id, l.id`.execute(db);
  await db.schema
    .createTable('post_months')
    .addColumn('blog_id', 'text', (c) => c.notNull().references('blogs.id').onDelete('cascade'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('month', 'integer', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('post_months_pk', ['blog_id', 'year', 'month'])
    .execute();
  await sql`insert into post_months (blog_id, year, month, n)
    select p.blog_id, p.path_year, p.path_month, count(*) from posts p
    where ${sql.raw(LIVE('p'))} and p.path_year is not null and p.path_month is not null
    group by p.blog_id, p.path_year, p.path_month`.execute(db);
  if (dialect === 'postgres') await upPostgres(db);
  else await upSqlite(db);
}

async function upSqlite(db: Kysely<any>): Promise<void> {
  // A label's count moves when a live post gains or loses it, and when a post carrying it goes live or
  // stops being live. A deleted post is counted out before its rows go (its label links are deleted by
  // the cascade after it, when the post is no longer there to be found live).
  const upsert = (select: string, add: string) =>
    `insert into label_counts (blog_id, label_id, n) ${select}
      on conflict (blog_id, label_id) do update set n = n + ${add};`;
  const linkMoves = (row: 'new' | 'old', sign: '+' | '-') =>
    sql.raw(
      upsert(
        `select l.blog_id, l.id, ${sign}1 from labels l where l.id = ${row}.label_id
          and exists (select 1 from posts p where p.id = ${row}.post_id and ${LIVE('p')})`,
        `${sign}1`,
      ),
    );
  const postMoves = (delta: string) =>
    sql.raw(
      upsert(
        `select l.blog_id, l.id, ${delta} from post_labels pl join labels l on l.id = pl.label_id where pl.post_id = old.id`,
        'excluded.n',
      ),
    );
  await sql`create trigger post_labels_count_insert after insert on post_labels begin ${linkMoves('new', '+')} end`.execute(db);
  await sql`create trigger post_labels_count_delete after delete on post_labels begin ${linkMoves('old', '-')} end`.execute(db);
  await sql`create trigger posts_label_count_delete before delete on posts
    when ${sql.raw(LIVE('old'))} and exists (select 1 from blogs where id = old.blog_id)
    begin ${postMoves('-1')} end`.execute(db);
  await sql`create trigger posts_label_count_update after update of kind, status, trashed_at on posts
    when ${sql.raw(LIVE('old'))} <> ${sql.raw(LIVE('new'))}
    begin ${postMoves(`case when ${LIVE('new')} then 1 else -1 end`)} end`.execute(db);

  // A month's count moves by one; its row is made when its first live post arrives. Posts deleted with
  // their blog (`on delete cascade`) count nothing: the blog's rows go with it.
  const monthMoves = (row: 'new' | 'old', sign: '+' | '-') =>
    sql.raw(`insert into post_months (blog_id, year, month, n)
      select ${row}.blog_id, ${row}.path_year, ${row}.path_month, ${sign === '+' ? 1 : -1}
      where ${LIVE(row)} and ${row}.path_year is not null and ${row}.path_month is not null
        and exists (select 1 from blogs where id = ${row}.blog_id)
      on conflict (blog_id, year, month) do update set n = n ${sign} 1;`);
  await sql`create trigger posts_month_count_insert after insert on posts begin ${monthMoves('new', '+')} end`.execute(db);
  await sql`create trigger posts_month_count_delete after delete on posts begin ${monthMoves('old', '-')} end`.execute(db);
  await sql`create trigger posts_month_count_update after update of blog_id, kind, status, trashed_at, path_year, path_month on posts
    begin ${monthMoves('old', '-')} ${monthMoves('new', '+')} end`.execute(db);
}

async function upPostgres(db: Kysely<any>): Promise<void> {
  // Label links: statement-level, one upsert a label however many links a statement (an import) adds.
  const upsert = (select: string) =>
    `insert into label_counts (blog_id, label_id, n) ${select}
      on conflict (blog_id, label_id) do update set n = label_counts.n + excluded.n;`;
  const links = (rows: string, sign: string) =>
    upsert(`select l.blog_id, l.id, ${sign}count(*) from ${rows} x join posts p on p.id = x.post_id
      join labels l on l.id = x.label_id where ${LIVE('p')} group by l.blog_id, l.id`);
  await sql`create function post_labels_counts() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then ${sql.raw(links('new_rows', ''))}
      else ${sql.raw(links('old_rows', '-'))}
      end if;
      return null;
    end $$`.execute(db);
  await sql`create trigger post_labels_count_insert after insert on post_labels
    referencing new table as new_rows for each statement execute function post_labels_counts()`.execute(db);
  await sql`create trigger post_labels_count_delete after delete on post_labels
    referencing old table as old_rows for each statement execute function post_labels_counts()`.execute(db);
  // Posts going live or not: statement-level over the changed rows.
  await sql`create function posts_label_counts() returns trigger language plpgsql as $$
    begin
      ${sql.raw(
        upsert(`select l.blog_id, l.id, sum(c.d) from
          (select n.id, (case when ${LIVE('n')} then 1 else 0 end) - (case when ${LIVE('o')} then 1 else 0 end) as d
             from new_rows n join old_rows o on o.id = n.id) c
          join post_labels pl on pl.post_id = c.id join labels l on l.id = pl.label_id
          where c.d <> 0 group by l.blog_id, l.id`),
      )}
      return null;
    end $$`.execute(db);
  await sql`create trigger posts_label_count_update after update on posts
    referencing old table as old_rows new table as new_rows for each statement execute function posts_label_counts()`.execute(db);
  // A deleted post is counted out before it goes: the cascade deletes its label links after it, when
  // it is no longer there to be found live. Row-level (a transition table comes only after the fact).
  await sql`create function posts_label_count_delete() returns trigger language plpgsql as $$
    begin
      -- Not when the post goes with its blog (the cascade): the counts go too.
      if ${sql.raw(LIVE('old'))} and exists (select 1 from blogs where id = old.blog_id) then
        ${sql.raw(upsert('select l.blog_id, l.id, -1 from post_labels pl join labels l on l.id = pl.label_id where pl.post_id = old.id'))}
      end if;
      return old;
    end $$`.execute(db);
  await sql`create trigger posts_label_count_delete before delete on posts
    for each row execute function posts_label_count_delete()`.execute(db);

  // Months: statement-level, one upsert a month however many posts.
  await sql`create function posts_month_counts() returns trigger language plpgsql as $$
    begin
      if tg_op in ('UPDATE', 'DELETE') then
        insert into post_months (blog_id, year, month, n)
          select blog_id, path_year, path_month, -count(*) from old_rows
          where ${sql.raw(LIVE('old_rows'))} and path_year is not null and path_month is not null
            and exists (select 1 from blogs b where b.id = old_rows.blog_id)
          group by 1, 2, 3
        on conflict (blog_id, year, month) do update set n = post_months.n + excluded.n;
      end if;
      if tg_op in ('UPDATE', 'INSERT') then
        insert into post_months (blog_id, year, month, n)
          select blog_id, path_year, path_month, count(*) from new_rows
          where ${sql.raw(LIVE('new_rows'))} and path_year is not null and path_month is not null
            and exists (select 1 from blogs b where b.id = new_rows.blog_id)
          group by 1, 2, 3
        on conflict (blog_id, year, month) do update set n = post_months.n + excluded.n;
      end if;
      return null;
    end $$`.execute(db);
  await sql`create trigger posts_month_count_insert after insert on posts
    referencing new table as new_rows for each statement execute function posts_month_counts()`.execute(db);
  await sql`create trigger posts_month_count_update after update on posts
    referencing old table as old_rows new table as new_rows for each statement execute function posts_month_counts()`.execute(db);
  await sql`create trigger posts_month_count_delete after delete on posts
    referencing old table as old_rows for each statement execute function posts_month_counts()`.execute(db);
}
