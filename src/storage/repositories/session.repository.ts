/** Server-side sessions: one row per signed-in browser, found by the hash of its cookie's token. */
import type { Kysely } from 'kysely';
import type { Database, SessionRow, UserRow } from '../schema.js';

export interface SessionWithUser {
  session: SessionRow;
  user: UserRow;
}

export class SessionRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: SessionRow): Promise<void> {
    await this.db.insertInto('sessions').values(row).execute();
  }

  /** The unexpired session with this ID, and its user. */
  async findValid(id: string, now: number): Promise<SessionWithUser | undefined> {
    const session = await this.db.selectFrom('sessions').selectAll().where('id', '=', id).where('expires_at', '>', now).executeTakeFirst();
    if (!session) return undefined;
    const user = await this.db.selectFrom('users').selectAll().where('id', '=', session.user_id).executeTakeFirst();
    return user ? { session, user } : undefined;
  }

  /** Replaces one session by another in one transaction: the old token stops working as the new one starts. */
  async replace(oldId: string, row: SessionRow): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('sessions').where('id', '=', oldId).execute();
      await trx.insertInto('sessions').values(row).execute();
    });
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id', '=', id).execute();
  }

  /** Ends every session of a user (sign out everywhere, a new password). */
  async deleteForUser(userId: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('user_id', '=', userId).execute();
  }

  async deleteExpired(now: number): Promise<number> {
    const result = await this.db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async countForUser(userId: string): Promise<number> {
    const row = await this.db
      .selectFrom('sessions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }
}
