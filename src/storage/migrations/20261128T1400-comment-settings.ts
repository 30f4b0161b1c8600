/**
 * Readers' comments: each blog's comment settings (who may comment, moderation, limits, mail), what the
 * pipeline keeps with a comment (why it was held, hashes of its writer's address and e-mail for the
 * flood check, whether its writer wants replies by mail), and spent one-time tokens (proofs of work,
 * one-click moderation links). Frozen in time: a migration never imports application code.
 */
import type { Kysely } from 'kysely';
import type { MigrationDialect } from './migration-dialect.js';

export async function up(db: Kysely<any>, dialect: MigrationDialect): Promise<void> {
  const time = dialect === 'postgres' ? 'bigint' : 'integer';

  await db.schema
    .createTable('comment_settings')
    .addColumn('blog_id', 'text', (c) => c.primaryKey().references('blogs.id').onDelete('cascade'))
    // 'anyone' | 'users' (signed in) | 'members' (of this blog)
    .addColumn('access', 'text', (c) => c.notNull().defaultTo('anyone'))
    // 'always' | 'older' (posts older than moderation_days) | 'never'
    .addColumn('moderation', 'text', (c) => c.notNull().defaultTo('never'))
    .addColumn('moderation_days', 'integer', (c) => c.notNull().defaultTo(14))
    .addColumn('close_days', 'integer')
    .addColumn('depth', 'integer', (c) => c.notNull().defaultTo(3))
    .addColumn('hold_words', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('reject_words', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('max_links', 'integer')
    .addColumn('notify_moderators', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('notify_authors', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('proof_of_work', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', time, (c) => c.notNull())
    .execute();

  await db.schema
    .alterTable('comments')
    .addColumn('reasons', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.alterTable('comments').addColumn('address_hash', 'text').execute();
  await db.schema.alterTable('comments').addColumn('email_hash', 'text').execute();
  await db.schema
    .alterTable('comments')
    .addColumn('notify_replies', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('comments_address_time').on('comments').columns(['address_hash', 'created_at']).execute();
  await db.schema.createIndex('comments_email_time').on('comments').columns(['email_hash', 'created_at']).execute();
  await db.schema.createIndex('comments_queue').on('comments').columns(['blog_id', 'status', 'created_at']).execute();

  await db.schema
    .createTable('spent_tokens')
    // SHA-256 (hex) of the token: a proof of work or a one-click link, each good once.
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('expires_at', time, (c) => c.notNull())
    .execute();
}
