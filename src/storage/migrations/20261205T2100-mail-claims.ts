/**
 * Mail sent exactly once, and bounces: `subscriber_mails.claim` names the job run that is sending a
 * post to a subscriber while the row says `sending` (taken before the SMTP transaction, turned to `sent`
 * after it), so a second process never sends the same mail and a restarted run knows what was in flight;
 * `subscribers.stopped_at` dates a hard bounce or a complaint read from the bounce mailbox.
 * Frozen in time: a migration never imports application code.
 */
import type { Kysely } from 'kysely';
import type { MigrationDialect } from './migration-dialect.js';

export async function up(db: Kysely<any>, dialect: MigrationDialect): Promise<void> {
  const time = dialect === 'postgres' ? 'bigint' : 'integer';
  await db.schema.alterTable('subscriber_mails').addColumn('claim', 'text').execute();
  await db.schema.alterTable('subscribers').addColumn('stopped_at', time).execute();
}
