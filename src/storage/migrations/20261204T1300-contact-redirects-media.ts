/**
 * Issue 15's storage: `contact_messages` (what readers send a blog's owners through its contact form:
 * the inbox and its spam folder), the owner's side of `redirects` (301 or 302, who made it, how often it
 * was followed) and `media` (each upload of a blog with its size and alt text, for the media library).
 * Redirects kept by imports before this stay as they were: 301, made by an import, never counted.
 * Frozen in time: a migration never imports application code.
 */
import type { Kysely } from 'kysely';
import type { MigrationDialect } from './migration-dialect.js';

export async function up(db: Kysely<any>, dialect: MigrationDialect): Promise<void> {
  const time = dialect === 'postgres' ? 'bigint' : 'integer';

  await db.schema
    .createTable('contact_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('blog_id', 'text', (c) => c.notNull().references('blogs.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    // Shown to the blog's owners and admins in the inbox and the mail, never on the blog.
    .addColumn('email', 'text', (c) => c.notNull())
    // Sanitized like a comment's body.
    .addColumn('body_html', 'text', (c) => c.notNull())
    // inbox | spam
    .addColumn('folder', 'text', (c) => c.notNull())
    // What the content screens said, one reason a line.
    .addColumn('reasons', 'text', (c) => c.notNull().defaultTo(''))
    // Keyed hashes for the flood check (never the address itself).
    .addColumn('address_hash', 'text', (c) => c.notNull())
    .addColumn('email_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('read_at', time)
    // When the owners' mail went out: the mail job sends once.
    .addColumn('mailed_at', time)
    .execute();
  await db.schema.createIndex('contact_messages_blog').on('contact_messages').columns(['blog_id', 'folder', 'id']).execute();
  await db.schema.createIndex('contact_messages_address').on('contact_messages').columns(['address_hash', 'created_at']).execute();
  await db.schema.createIndex('contact_messages_email').on('contact_messages').columns(['email_hash', 'created_at']).execute();

  // 301 (moved for good) or 302 (for now).
  await db.schema
    .alterTable('redirects')
    .addColumn('status_code', 'integer', (c) => c.notNull().defaultTo(301))
    .execute();
  // import | owner
  await db.schema
    .alterTable('redirects')
    .addColumn('source', 'text', (c) => c.notNull().defaultTo('import'))
    .execute();
  await db.schema
    .alterTable('redirects')
    .addColumn('hits', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('redirects').addColumn('last_hit_at', time).execute();

  await db.schema
    .createTable('media')
    // The upload's folder name: /uploads/BLOG/ID/…
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('blog_id', 'text', (c) => c.notNull().references('blogs.id').onDelete('cascade'))
    // The largest JPEG/PNG copy: /uploads/BLOG/ID/WIDTH.jpg
    .addColumn('src', 'text', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    // Bytes of every copy on disk together.
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('alt', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('media_blog').on('media').columns(['blog_id', 'created_at']).execute();
}
