/** Counts of failed sign-ins per account and per address, and until when each is locked. */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export interface FailureRecord {
  key: string;
  failures: number;
  lockedUntil: number;
  /** When the last failure (or request) was counted. */
  updatedAt: number;
}

export class ThrottleRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async find(keys: readonly string[]): Promise<FailureRecord[]> {
    if (keys.length === 0) return [];
    const rows = await this.db.selectFrom('sign_in_failures').selectAll().where('key', 'in', keys).execute();
    return rows.map((r) => ({
      key: r.key,
      failures: Number(r.failures),
      lockedUntil: Number(r.locked_until),
      updatedAt: Number(r.updated_at),
    }));
  }

  /** Adds one failure to `key` (one statement, so racing failures all count) and returns the new count. */
  async addFailure(key: string, now: number): Promise<number> {
    const row = await this.db
      .insertInto('sign_in_failures')
      .values({ key, failures: 1, locked_until: 0, updated_at: now })
      .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ failures: eb('sign_in_failures.failures', '+', 1), updated_at: now })))
      .returning('failures')
      .executeTakeFirstOrThrow();
    return Number(row.failures);
  }

  async lock(key: string, until: number): Promise<void> {
    await this.db.updateTable('sign_in_failures').set({ locked_until: until }).where('key', '=', key).execute();
  }

  /**
   * Locks `key` until `until` unless it is locked now, in one statement: of attempts racing for the same
   * lock, exactly one gets it. True when this call took it.
   */
  async lockIfFree(key: string, now: number, until: number): Promise<boolean> {
    const result = await this.db
      .updateTable('sign_in_failures')
      .set({ locked_until: until })
      .where('key', '=', key)
      .where('locked_until', '<=', now)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Takes one back from `key`'s count (an attempt that turned out not to be a failure). */
  async forgiveOne(key: string): Promise<void> {
    await this.db
      .updateTable('sign_in_failures')
      .set((eb) => ({ failures: eb('failures', '-', 1) }))
      .where('key', '=', key)
      .where('failures', '>', 0)
      .execute();
  }

  async clear(key: string): Promise<void> {
    await this.db.deleteFrom('sign_in_failures').where('key', '=', key).execute();
  }

  /** Forgets counts that are unlocked and untouched since `before`; returns how many. */
  async deleteStale(now: number, before: number): Promise<number> {
    const result = await this.db
      .deleteFrom('sign_in_failures')
      .where('locked_until', '<=', now)
      .where('updated_at', '<', before)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
