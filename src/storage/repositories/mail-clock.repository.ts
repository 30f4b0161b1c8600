/**
 * The install's mail clock (`mail_clock`): the next free sending slot, shared by every app process. A
 * slot is taken with one atomic upsert, so two processes never get the same one.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';

export class MailClockRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Takes the clock's next slot (now, or later if earlier mail holds the slots up to then) and moves the
   * clock on by `intervalMs`; returns the slot taken, in milliseconds.
   */
  async take(name: string, now: number, intervalMs: number): Promise<number> {
    const row = await this.db
      .insertInto('mail_clock')
      .values({ name, next_at: now + intervalMs })
      .onConflict((oc) =>
        oc.column('name').doUpdateSet({
          next_at: sql<number>`(case when mail_clock.next_at > ${now} then mail_clock.next_at else ${now} end) + ${intervalMs}`,
        }),
      )
      .returning('next_at')
      .executeTakeFirstOrThrow();
    return Number(row.next_at) - intervalMs;
  }
}
