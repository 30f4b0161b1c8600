/**
 * The spam classifier's memory, per blog: how many spam and ham comments held each token, how many of
 * each were learned, and which comments were learned as what (with their tokens, so a reversed decision
 * is unlearned exactly). Frozen in time: a migration never imports application code.
 */
import type { Kysely } from 'kysely';
import type { MigrationDialect } from './migration-dialect.js';

export async function up(db: Kysely<any>, dialect: MigrationDialect): Promise<void> {
  const time = dialect === 'postgres' ? 'bigint' : 'integer';

  await db.schema
    .createTable('spam_tokens')
    .addColumn('blog_id', 'text', (c) => c.notNull().references('blogs.id').onDelete('cascade'))
    .addColumn('token', 'text', (c) => c.notNull())
    .addColumn('spam_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('ham_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', time, (c) => c.notNull())
    .addPrimaryKeyConstraint('spam_tokens_pk', ['blog_id', 'token'])
    .execute();

  await db.schema
    .createTable('spam_corpora')
    .addColumn('blog_id', 'text', (c) => c.primaryKey().references('blogs.id').onDelete('cascade'))
    .addColumn('spam_docs', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('ham_docs', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', time, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('spam_learned_comments')
    .addColumn('comment_id', 'text', (c) => c.primaryKey().references('comments.id').onDelete('cascade'))
    .addColumn('blog_id', 'text', (c) => c.notNull().references('blogs.id').onDelete('cascade'))
    .addColumn('is_spam', 'integer', (c) => c.notNull())
    .addColumn('tokens', 'text', (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('spam_learned_comments_blog').on('spam_learned_comments').column('blog_id').execute();
}
