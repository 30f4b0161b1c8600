/**
 * Private blogs (Blogger's "Readers: private"): `blogs.visibility` (public | private), and each reader's
 * secret feed key for a private blog (stored as a hash; a new key replaces the old, which stops working).
 * Readers themselves are memberships with the role `reader`.
 * Frozen in time: a migration never imports application code.
 */
import type { Kysely } from 'kysely';
import type { MigrationDialect } from './migration-dialect.js';

export async function up(db: Kysely<any>, dialect: MigrationDialect): Promise<void> {
  const time = dialect === 'postgres' ? 'bigint' : 'integer';
  await db.schema
    .alterTable('blogs')
    .addColumn('visibility', 'text', (c) => c.notNull().defaultTo('public'))
    .execute();
  await db.schema
    .createTable('reader_feed_keys')
    .addColumn('blog_id', 'text', (c) => c.notNull().references('blogs.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('key_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    .addPrimaryKeyConstraint('reader_feed_keys_pk', ['blog_id', 'user_id'])
    .execute();
  await db.schema.createIndex('reader_feed_keys_hash').on('reader_feed_keys').column('key_hash').unique().execute();
}
