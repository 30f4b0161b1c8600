/**
 * Follow by e-mail: `subscribers`, one row per address per blog (pending until the confirm link is
 * opened, then active; unsubscribed or stopped after a hard bounce), with the dates that record
 * consent; and `subscriber_mails`, one row per post mailed to a subscriber, which is what keeps a
 * post from reaching anyone twice and what the dashboard counts.
 * Frozen in time: a migration never imports application code.
 */
import type { Kysely } from 'kysely';
import type { MigrationDialect } from './migration-dialect.js';

export async function up(db: Kysely<any>, dialect: MigrationDialect): Promise<void> {
  const time = dialect === 'postgres' ? 'bigint' : 'integer';

  await db.schema
    .createTable('subscribers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('blog_id', 'text', (c) => c.notNull().references('blogs.id').onDelete('cascade'))
    // Lower-cased.
    .addColumn('email', 'text', (c) => c.notNull())
    // pending | active | unsubscribed | stopped
    .addColumn('status', 'text', (c) => c.notNull())
    // each (every post) | weekly (a digest)
    .addColumn('frequency', 'text', (c) => c.notNull())
    // The SHA-256 of the one confirm link still valid, if any: a link works once.
    .addColumn('confirm_hash', 'text')
    // form | dashboard | import
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    // When the subscriber confirmed (or, added by the blog, the consent date it gave): the consent record.
    .addColumn('confirmed_at', time)
    .addColumn('unsubscribed_at', time)
    // Why mail stopped: the receiving server's answer to a hard bounce.
    .addColumn('stopped_reason', 'text')
    .addColumn('updated_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('subscribers_blog_email').on('subscribers').columns(['blog_id', 'email']).unique().execute();
  await db.schema.createIndex('subscribers_blog_status').on('subscribers').columns(['blog_id', 'status', 'id']).execute();

  await db.schema
    .createTable('subscriber_mails')
    .addColumn('blog_id', 'text', (c) => c.notNull().references('blogs.id').onDelete('cascade'))
    .addColumn('post_id', 'text', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('subscriber_id', 'text', (c) => c.notNull().references('subscribers.id').onDelete('cascade'))
    // sent | bounced
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('created_at', time, (c) => c.notNull())
    .addPrimaryKeyConstraint('subscriber_mails_pk', ['post_id', 'subscriber_id'])
    .execute();
  await db.schema.createIndex('subscriber_mails_blog').on('subscriber_mails').columns(['blog_id', 'post_id']).execute();
}
