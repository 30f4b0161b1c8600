/**
 * The labels gadget's style per blog: a list (Blogger's default) or a cloud.
 * Frozen in time: a migration never imports application code.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('blogs')
    .addColumn('labels_style', 'text', (c) => c.notNull().defaultTo('list'))
    .execute();
}
