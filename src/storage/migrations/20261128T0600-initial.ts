/**
 * The first schema: users, blogs, memberships, posts and pages, labels, comments, daily views,
 * and full-text search (FTS5 on SQLite, tsvector + GIN on PostgreSQL).
 * Frozen in time: a migration never imports application code.
 */
import { sql, type Kysely } from 'kysely';
import type { MigrationDialect } from './migration-dialect.js';

export async function up(db: Kysely<any>, dialect: MigrationDialect): Promise<void> {
  const time = dialect === 'postgres' ? 'bigint' : 'integer';

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('blogs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('language', 'text', (c) => c.notNull().defaultTo('en'))
    .addColumn('time_zone', 'text', (c) => c.notNull().defaultTo('UTC'))
    .addColumn('custom_domain', 'text', (c) => c.unique())
    .addColumn('is_primary', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('posts_per_page', 'integer', (c) => c.notNull().defaultTo(7))
    .addColumn('popular_window', 'text', (c) => c.notNull().defaultTo('30d'))
    .addColumn('popular_count', 'integer', (c) => c.notNull().defaultTo(5))
    .addColumn('snippet_length', 'integer', (c) => c.notNull().defaultTo(150))
    .addColumn('search_description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('memberships')
    .addColumn('blog_id', 'text', (c) => c.notNull().references('blogs.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    .addPrimaryKeyConstraint('memberships_pk', ['blog_id', 'user_id'])
    .execute();
  await db.schema.createIndex('memberships_user').on('memberships').column('user_id').execute();

  await db.schema
    .createTable('posts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('blog_id', 'text', (c) => c.notNull().references('blogs.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('path_year', 'integer')
    .addColumn('path_month', 'integer')
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('body_text', 'text', (c) => c.notNull())
    .addColumn('search_description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('comments_setting', 'text', (c) => c.notNull().defaultTo('allow'))
    .addColumn('author_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('author_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('published_at', time)
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .addColumn('trashed_at', time)
    .addColumn('source_id', 'text')
    .execute();
  // A post's permalink is unique per blog and month; a page's per blog. NULL months (drafts) never clash.
  await db.schema
    .createIndex('posts_permalink')
    .on('posts')
    .columns(['blog_id', 'kind', 'path_year', 'path_month', 'slug'])
    .unique()
    .execute();
  await db.schema.createIndex('posts_feed').on('posts').columns(['blog_id', 'kind', 'status', 'published_at']).execute();
  await db.schema.createIndex('posts_source').on('posts').columns(['blog_id', 'source_id']).execute();

  await db.schema
    .createTable('labels')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('blog_id', 'text', (c) => c.notNull().references('blogs.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addUniqueConstraint('labels_blog_name', ['blog_id', 'name'])
    .execute();

  await db.schema
    .createTable('post_labels')
    .addColumn('post_id', 'text', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('label_id', 'text', (c) => c.notNull().references('labels.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('post_labels_pk', ['post_id', 'label_id'])
    .execute();
  await db.schema.createIndex('post_labels_label').on('post_labels').column('label_id').execute();

  await db.schema
    .createTable('comments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('blog_id', 'text', (c) => c.notNull().references('blogs.id').onDelete('cascade'))
    .addColumn('post_id', 'text', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('parent_id', 'text', (c) => c.references('comments.id').onDelete('set null'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('author_url', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('author_email', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('author_user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('updated_at', time, (c) => c.notNull())
    .addColumn('source_id', 'text')
    .execute();
  await db.schema.createIndex('comments_post').on('comments').columns(['post_id', 'status', 'created_at']).execute();
  await db.schema.createIndex('comments_blog').on('comments').columns(['blog_id', 'status', 'created_at']).execute();

  await db.schema
    .createTable('post_views_daily')
    .addColumn('blog_id', 'text', (c) => c.notNull().references('blogs.id').onDelete('cascade'))
    .addColumn('post_id', 'text', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('views', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('post_views_daily_pk', ['post_id', 'day'])
    .execute();
  await db.schema.createIndex('post_views_daily_blog_day').on('post_views_daily').columns(['blog_id', 'day']).execute();

  if (dialect === 'postgres') {
    await sql`alter table posts add column search_vector tsvector
      generated always as (to_tsvector('simple', title || ' ' || body_text)) stored`.execute(db);
    await sql`create index posts_search on posts using gin (search_vector)`.execute(db);
  } else {
    // The FTS row number is the post's ID read as a 64-bit integer (IDs are digit strings that fit one).
    await sql`create virtual table posts_fts using fts5(title, body_text, tokenize = 'unicode61 remove_diacritics 2')`.execute(db);
    await sql`create trigger posts_fts_insert after insert on posts begin
      insert into posts_fts(rowid, title, body_text) values (cast(new.id as integer), new.title, new.body_text); end`.execute(db);
    await sql`create trigger posts_fts_delete after delete on posts begin
      delete from posts_fts where rowid = cast(old.id as integer); end`.execute(db);
    await sql`create trigger posts_fts_update after update of title, body_text on posts begin
      delete from posts_fts where rowid = cast(old.id as integer);
      insert into posts_fts(rowid, title, body_text) values (cast(new.id as integer), new.title, new.body_text); end`.execute(db);
  }
}
