/** Apps registered for OAuth sign-in, authorization codes and issued tokens (see migrations/20261204T1110-oauth.ts). */
import type { Kysely } from 'kysely';
import type { Database, OAuthClientRow, OAuthCodeRow, OAuthTokenRow } from '../schema.js';

export class OAuthRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insertClient(row: OAuthClientRow): Promise<void> {
    await this.db.insertInto('oauth_clients').values(row).execute();
  }

  findClient(id: string): Promise<OAuthClientRow | undefined> {
    return this.db.selectFrom('oauth_clients').selectAll().where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  }

  clientsOfUser(userId: string): Promise<OAuthClientRow[]> {
    return this.db
      .selectFrom('oauth_clients')
      .selectAll()
      .where('user_id', '=', userId)
      .where('deleted_at', 'is', null)
      .orderBy('created_at', 'desc')
      .execute();
  }

  /** Deletes one of the user's apps and revokes every token it was given; true when there was one. */
  async deleteClient(userId: string, id: string, now: number): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('oauth_clients')
        .set({ deleted_at: now })
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return false;
      await trx.updateTable('oauth_tokens').set({ revoked_at: now }).where('client_id', '=', id).where('revoked_at', 'is', null).execute();
      return true;
    });
  }

  async insertCode(row: OAuthCodeRow): Promise<void> {
    await this.db.insertInto('oauth_codes').values(row).execute();
  }

  findCode(codeHash: string): Promise<OAuthCodeRow | undefined> {
    return this.db.selectFrom('oauth_codes').selectAll().where('code_hash', '=', codeHash).executeTakeFirst();
  }

  /** Marks a code used; true only for the one request that used it first (a code works once). */
  async useCode(codeHash: string, now: number): Promise<boolean> {
    const result = await this.db
      .updateTable('oauth_codes')
      .set({ used_at: now })
      .where('code_hash', '=', codeHash)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async deleteCodesBefore(expiredBefore: number): Promise<void> {
    await this.db.deleteFrom('oauth_codes').where('expires_at', '<', expiredBefore).execute();
  }

  async insertToken(row: OAuthTokenRow): Promise<void> {
    await this.db.insertInto('oauth_tokens').values(row).execute();
  }

  findByAccessHash(hash: string): Promise<OAuthTokenRow | undefined> {
    return this.db.selectFrom('oauth_tokens').selectAll().where('access_hash', '=', hash).executeTakeFirst();
  }

  findByRefreshHash(hash: string): Promise<OAuthTokenRow | undefined> {
    return this.db.selectFrom('oauth_tokens').selectAll().where('refresh_hash', '=', hash).executeTakeFirst();
  }

  /** Revokes one token row; true when it was live. */
  async revokeToken(id: string, now: number): Promise<boolean> {
    const result = await this.db
      .updateTable('oauth_tokens')
      .set({ revoked_at: now })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Revokes every token of a grant (all refreshes of one sign-in). */
  async revokeFamily(familyId: string, now: number): Promise<void> {
    await this.db
      .updateTable('oauth_tokens')
      .set({ revoked_at: now })
      .where('family_id', '=', familyId)
      .where('revoked_at', 'is', null)
      .execute();
  }

  /** Revokes everything the user gave one app. */
  async revokeClientGrants(userId: string, clientId: string, now: number): Promise<number> {
    const result = await this.db
      .updateTable('oauth_tokens')
      .set({ revoked_at: now })
      .where('user_id', '=', userId)
      .where('client_id', '=', clientId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async markUsed(id: string, now: number): Promise<void> {
    await this.db.updateTable('oauth_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
  }

  /** The user's live grants (one row per token not revoked), newest first. */
  liveTokensOfUser(userId: string): Promise<OAuthTokenRow[]> {
    return this.db
      .selectFrom('oauth_tokens')
      .selectAll()
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .orderBy('created_at', 'desc')
      .execute();
  }
}
