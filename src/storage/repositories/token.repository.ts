/** One-use tokens sent by e-mail or link: password resets and invitations. Stored as hashes. */
import type { Kysely } from 'kysely';
import type { AuthTokenKind, AuthTokenRow, Database, NewAuthTokenRow } from '../schema.js';

export class TokenRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: NewAuthTokenRow): Promise<void> {
    await this.db.insertInto('auth_tokens').values(row).execute();
  }

  /** The token if it is unused and unexpired (to show its form); does not use it up. */
  findUsable(id: string, kind: AuthTokenKind, now: number): Promise<AuthTokenRow | undefined> {
    return this.db
      .selectFrom('auth_tokens')
      .selectAll()
      .where('id', '=', id)
      .where('kind', '=', kind)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
  }

  /**
   * Uses the token up and returns it, or undefined when it is unknown, expired or already used.
   * One UPDATE: of two requests racing with the same token, only one gets it.
   */
  consume(id: string, kind: AuthTokenKind, now: number): Promise<AuthTokenRow | undefined> {
    return this.db
      .updateTable('auth_tokens')
      .set({ used_at: now })
      .where('id', '=', id)
      .where('kind', '=', kind)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returningAll()
      .executeTakeFirst();
  }

  /** Open invitations of a blog, newest first. */
  listOpenInvites(blogId: string, now: number): Promise<AuthTokenRow[]> {
    return this.db
      .selectFrom('auth_tokens')
      .selectAll()
      .where('blog_id', '=', blogId)
      .where('kind', '=', 'invite')
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .orderBy('created_at', 'desc')
      .execute();
  }

  /** Withdraws an invitation of this blog; true when there was one. */
  async deleteInvite(blogId: string, id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('auth_tokens')
      .where('id', '=', id)
      .where('blog_id', '=', blogId)
      .where('kind', '=', 'invite')
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Voids a user's unused reset links (after any password change). */
  async voidResets(userId: string, now: number): Promise<void> {
    await this.db
      .updateTable('auth_tokens')
      .set({ used_at: now })
      .where('user_id', '=', userId)
      .where('kind', '=', 'reset')
      .where('used_at', 'is', null)
      .execute();
  }

  /** Deletes tokens that can no longer be used: expired, or used (a used one is never shown again). */
  async deleteSpent(now: number): Promise<number> {
    const result = await this.db
      .deleteFrom('auth_tokens')
      .where((eb) => eb.or([eb('expires_at', '<=', now), eb('used_at', 'is not', null)]))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
