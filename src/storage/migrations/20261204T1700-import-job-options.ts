/**
 * What a dashboard import was asked to do besides importing: take the blog's settings from the file
 * (1) or keep the blog's own (0), and update the entries the blog already holds (1) or leave them (0).
 * Frozen in time: a migration never imports application code.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('import_jobs')
    .addColumn('apply_settings', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .alterTable('import_jobs')
    .addColumn('update_entries', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}
