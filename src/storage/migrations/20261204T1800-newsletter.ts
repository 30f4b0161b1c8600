/**
 * Newsletter, round two: how each post reaches readers (`posts.mail_mode`: on the blog and by mail, on the
 * blog only, or by mail only), the ledger of weekly digests (one row per blog, week and subscriber, so no
 * one gets a week twice), and the install's mail clock (the next free sending slot, which spaces mail to
 * the configured rate across every app process).
 * Frozen in time: a migration never imports application code.
 */
import type { Kysely } from 'kysely';
import type { MigrationDialect } from './migration-dialect.js';

export async function up(db: Kysely<any>, dialect: MigrationDialect): Promise<void> {
  const time = dialect === 'postgres' ? 'bigint' : 'integer';

  // blog-and-mail | blog-only | mail-only
  await db.schema
    .alterTable('posts')
    .addColumn('mail_mode', 'text', (c) => c.notNull().defaultTo('blog-and-mail'))
    .execute();

  await db.schema
    .createTable('subscriber_digests')
    .addColumn('blog_id', 'text', (c) => c.notNull().references('blogs.id').onDelete('cascade'))
    // The week's first day, YYYY-MM-DD in the blog's time zone.
    .addColumn('week', 'text', (c) => c.notNull())
    .addColumn('subscriber_id', 'text', (c) => c.notNull().references('subscribers.id').onDelete('cascade'))
    // sent | bounced
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('created_at', time, (c) => c.notNull())
    .addPrimaryKeyConstraint('subscriber_digests_pk', ['blog_id', 'week', 'subscriber_id'])
    .execute();

  await db.schema
    .createTable('mail_clock')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('next_at', time, (c) => c.notNull())
    .execute();
}
