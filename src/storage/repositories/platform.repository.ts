/** Platform-wide flags, such as "the set-up is done". A flag is claimed once, by one process. */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export class PlatformRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Sets the flag if no one has; true when this call set it. */
  async claim(name: string, value: string, now: number): Promise<boolean> {
    const result = await this.db
      .insertInto('platform_flags')
      .values({ name, value, created_at: now })
      .onConflict((oc) => oc.column('name').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async has(name: string): Promise<boolean> {
    return (await this.db.selectFrom('platform_flags').select('name').where('name', '=', name).executeTakeFirst()) !== undefined;
  }

  async release(name: string): Promise<void> {
    await this.db.deleteFrom('platform_flags').where('name', '=', name).execute();
  }
}
