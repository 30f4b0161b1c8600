/** One-time tokens (proofs of work, one-click moderation links): a token is spent by storing its hash. */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export class SpentTokenRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Spends the token with this hash: true the first time, false when it was spent before. One insert
   * that conflicts on the key, so two racing requests (even on two app nodes) cannot both spend it.
   */
  async spend(id: string, expiresAt: number, now: number): Promise<boolean> {
    // Spent tokens past their expiry can never be presented again (their signature has expired too).
    await this.db.deleteFrom('spent_tokens').where('expires_at', '<', now).execute();
    const inserted = await this.db
      .insertInto('spent_tokens')
      .values({ id, expires_at: expiresAt })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
  }
}
