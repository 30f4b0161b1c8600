/**
 * Imports: a `redirects` table (old WordPress/Ghost/Blogger addresses of a blog that answer 301 to
 * their new place), and an index to find imported comments by their source ID (imports are idempotent).
 * Frozen in time: a migration never imports application code.
 */
import type { Kysely } from 'kysely';
import type { MigrationDialect } from './migration-dialect.js';

export async function up(db: Kysely<any>, dialect: MigrationDialect): Promise<void> {
  const time = dialect === 'postgres' ? 'bigint' : 'integer';

  await db.schema
    .createTable('redirects')
    .addColumn('blog_id', 'text', (c) => c.notNull().references('blogs.id').onDelete('cascade'))
    // The old address, normalized: decoded, lower case, no trailing slash; `/?p=123` for WordPress's query links.
    .addColumn('from_path', 'text', (c) => c.notNull())
    // The post it leads to (its current permalink is looked up at request time), or …
    .addColumn('post_id', 'text', (c) => c.references('posts.id').onDelete('cascade'))
    // … a fixed path on the blog (a label page, a feed); with post_id too, a path that belongs to that post.
    .addColumn('target_path', 'text')
    .addColumn('created_at', time, (c) => c.notNull())
    .addPrimaryKeyConstraint('redirects_pk', ['blog_id', 'from_path'])
    .execute();
  await db.schema.createIndex('redirects_post').on('redirects').column('post_id').execute();

  await db.schema.createIndex('comments_source').on('comments').columns(['blog_id', 'source_id']).execute();
}
