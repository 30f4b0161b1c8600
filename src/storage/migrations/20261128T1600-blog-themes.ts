/**
 * A theme per blog: which bundled theme it uses, its colour and font settings (validated JSON), a
 * version that moves on every theme change (compiled templates and the stylesheet URL are keyed by
 * it), and the blog's own copies of the theme's files — the bundled files are the defaults.
 * Frozen in time: a migration never imports application code.
 */
import type { Kysely } from 'kysely';
import type { MigrationDialect } from './migration-dialect.js';

export async function up(db: Kysely<any>, dialect: MigrationDialect): Promise<void> {
  const time = dialect === 'postgres' ? 'bigint' : 'integer';
  await db.schema
    .alterTable('blogs')
    .addColumn('theme', 'text', (c) => c.notNull().defaultTo('default'))
    .execute();
  await db.schema
    .alterTable('blogs')
    .addColumn('theme_settings', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema
    .alterTable('blogs')
    .addColumn('theme_version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('theme_files')
    .addColumn('blog_id', 'text', (c) => c.notNull().references('blogs.id').onDelete('cascade'))
    .addColumn('theme', 'text', (c) => c.notNull())
    .addColumn('file', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('updated_at', time, (c) => c.notNull())
    .addPrimaryKeyConstraint('theme_files_pk', ['blog_id', 'theme', 'file'])
    .execute();
}
