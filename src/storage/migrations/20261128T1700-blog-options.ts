/**
 * Per-blog options of the dashboard's settings: the embed providers the owner added to the built-in
 * ones, a custom robots.txt, custom robots header tags, and whether search descriptions are used.
 * Frozen in time: a migration never imports application code.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // One provider a line, normalized (`https://host/path-prefix`); '' when the owner added none.
  await db.schema
    .alterTable('blogs')
    .addColumn('embed_providers', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  // null: the generated robots.txt.
  await db.schema.alterTable('blogs').addColumn('robots_txt', 'text').execute();
  // null: no robots meta tags; otherwise JSON `{"home":[…],"archive":[…],"item":[…]}` of directives.
  await db.schema.alterTable('blogs').addColumn('robots_tags', 'text').execute();
  await db.schema
    .alterTable('blogs')
    .addColumn('search_description_enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
}
