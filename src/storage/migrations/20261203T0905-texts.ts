/**
 * Translated text: each blog's own wording of its theme's messages (a JSON object of message key →
 * ICU message, '' for none) and each user's dashboard language ('' for English).
 * Frozen in time: a migration never imports application code.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('blogs')
    .addColumn('text_overrides', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('users')
    .addColumn('language', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
}
