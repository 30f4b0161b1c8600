/**
 * Blogs arrange their own gadgets: `blogs.layout` holds the layout as JSON ('' is the default, the fixed
 * sidebar every blog had before), and `blog_list_feeds` the latest posts of other sites a Blog list
 * gadget shows, fetched in the background (one row per blog and feed address).
 * Frozen in time: a migration never imports application code.
 */
import type { Kysely } from 'kysely';
import type { MigrationDialect } from './migration-dialect.js';

export async function up(db: Kysely<any>, dialect: MigrationDialect): Promise<void> {
  const time = dialect === 'postgres' ? 'bigint' : 'integer';
  await db.schema
    .alterTable('blogs')
    .addColumn('layout', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .createTable('blog_list_feeds')
    .addColumn('blog_id', 'text', (c) => c.notNull().references('blogs.id').onDelete('cascade'))
    .addColumn('url', 'text', (c) => c.notNull())
    // The other site's title and home page, as its feed names them.
    .addColumn('site_title', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('site_url', 'text', (c) => c.notNull().defaultTo(''))
    // JSON list of { title, url, published } (milliseconds or null), newest first.
    .addColumn('items', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('fetched_at', time)
    // Why the last fetch failed, in words; '' after a good one.
    .addColumn('error', 'text', (c) => c.notNull().defaultTo(''))
    .addPrimaryKeyConstraint('blog_list_feeds_pk', ['blog_id', 'url'])
    .execute();
}
