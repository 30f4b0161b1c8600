/**
 * Sign-in for apps (OAuth 2.0 with PKCE, IndieAuth): `oauth_clients`, the apps members registered
 * (redirect addresses; the SHA-256 of the secret of a confidential app, none for a public one);
 * `oauth_codes`, authorization codes (by hash) until redeemed once; `oauth_tokens`, one row per access
 * token and its refresh token (both by hash), in families: a refresh makes a new row of the same family
 * and revokes the old one, and a refresh token used twice revokes the family.
 * Frozen in time: a migration never imports application code.
 */
import type { Kysely } from 'kysely';
import type { MigrationDialect } from './migration-dialect.js';

export async function up(db: Kysely<any>, dialect: MigrationDialect): Promise<void> {
  const time = dialect === 'postgres' ? 'bigint' : 'integer';

  await db.schema
    .createTable('oauth_clients')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('homepage', 'text')
    // JSON list of exact redirect addresses.
    .addColumn('redirect_uris', 'text', (c) => c.notNull())
    // SHA-256 (hex) of the client secret; null for a public client (PKCE only).
    .addColumn('secret_hash', 'text')
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('deleted_at', time)
    .execute();
  await db.schema.createIndex('oauth_clients_user').on('oauth_clients').columns(['user_id', 'created_at']).execute();

  await db.schema
    .createTable('oauth_codes')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    // A registered client's ID, or an IndieAuth client's URL.
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('redirect_uri', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    // JSON list of the blog IDs the user granted.
    .addColumn('blogs', 'text', (c) => c.notNull())
    // IndieAuth: the profile URL (a blog's home) the code speaks for.
    .addColumn('me', 'text')
    .addColumn('code_challenge', 'text', (c) => c.notNull())
    .addColumn('code_challenge_method', 'text', (c) => c.notNull())
    .addColumn('expires_at', time, (c) => c.notNull())
    .addColumn('used_at', time)
    .execute();

  await db.schema
    .createTable('oauth_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('family_id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('client_name', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('blogs', 'text', (c) => c.notNull())
    .addColumn('me', 'text')
    .addColumn('access_hash', 'text', (c) => c.notNull().unique())
    .addColumn('access_expires_at', time, (c) => c.notNull())
    .addColumn('refresh_hash', 'text', (c) => c.unique())
    .addColumn('refresh_expires_at', time)
    .addColumn('created_at', time, (c) => c.notNull())
    .addColumn('last_used_at', time)
    .addColumn('revoked_at', time)
    .execute();
  await db.schema.createIndex('oauth_tokens_family').on('oauth_tokens').columns(['family_id']).execute();
  await db.schema.createIndex('oauth_tokens_user').on('oauth_tokens').columns(['user_id', 'created_at']).execute();
}
