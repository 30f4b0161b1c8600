/**
 * Personal API tokens ("app passwords"): a member names one, gives it scopes per blog, and uses it as a
 * bearer token with the Blogger API v3. Only the SHA-256 of the token is stored; the token itself is
 * shown once, when it is made. Frozen in time: a migration never imports application code.
 */
import type { Kysely } from 'kysely';
import type { MigrationDialect } from './migration-dialect.js';

export async function up(db: Kysely<any>, dialect: MigrationDialect): Promise<void> {
  const time = dialect === 'postgres' ? 'bigint' : 'integer';
  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    // SHA-256 (hex) of the token; the token is never stored.
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    // JSON: [{ "blog": BLOG_ID or "*", "level": "read" | "write" | "admin" }]
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('expires_at', time)
    .addColumn('last_used_at', time)
    .addColumn('revoked_at', time)
    .execute();
  await db.schema.createIndex('api_tokens_user').on('api_tokens').columns(['user_id', 'created_at']).execute();
}
