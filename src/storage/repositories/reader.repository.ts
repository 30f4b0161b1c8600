/** Private blogs' readers: how many a blog has (and has invited), and their secret feed keys. */
import type { Kysely } from 'kysely';
import type { BlogRow, Database, ReaderFeedKeyRow } from '../schema.js';

export class ReaderRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Readers of the blog plus open invitations to be one: what the install's cap counts. */
  async countReaders(blogId: string, now: number): Promise<number> {
    const [readers, invites] = await Promise.all([
      this.db
        .selectFrom('memberships')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('blog_id', '=', blogId)
        .where('role', '=', 'reader')
        .executeTakeFirstOrThrow(),
      this.db
        .selectFrom('auth_tokens')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('blog_id', '=', blogId)
        .where('kind', '=', 'invite')
        .where('role', '=', 'reader')
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirstOrThrow(),
    ]);
    return Number(readers.n) + Number(invites.n);
  }

  /** The private blogs the user may read (as a reader or a member), oldest first. */
  privateBlogsOf(userId: string): Promise<BlogRow[]> {
    return this.db
      .selectFrom('memberships as m')
      .innerJoin('blogs as b', 'b.id', 'm.blog_id')
      .selectAll('b')
      .where('m.user_id', '=', userId)
      .where('b.visibility', '=', 'private')
      .orderBy('b.created_at')
      .execute();
  }

  findKey(blogId: string, userId: string): Promise<ReaderFeedKeyRow | undefined> {
    return this.db
      .selectFrom('reader_feed_keys')
      .selectAll()
      .where('blog_id', '=', blogId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
  }

  /** The key holder of a feed key's hash on the blog, while they are still a reader or member of it. */
  async holderOf(blogId: string, keyHash: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('reader_feed_keys as k')
      .innerJoin('memberships as m', (join) => join.onRef('m.blog_id', '=', 'k.blog_id').onRef('m.user_id', '=', 'k.user_id'))
      .select('k.user_id')
      .where('k.blog_id', '=', blogId)
      .where('k.key_hash', '=', keyHash)
      .executeTakeFirst();
    return row?.user_id;
  }

  /** Sets (or replaces: the old key stops working) the user's feed key of the blog. */
  async putKey(row: ReaderFeedKeyRow): Promise<void> {
    await this.db
      .insertInto('reader_feed_keys')
      .values(row)
      .onConflict((oc) => oc.columns(['blog_id', 'user_id']).doUpdateSet({ key_hash: row.key_hash, created_at: row.created_at }))
      .execute();
  }
}
