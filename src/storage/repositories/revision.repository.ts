/** Saved versions of posts and pages, newest first, at most a fixed number kept per post. */
import type { Kysely } from 'kysely';
import type { Database, PostRevisionRow } from '../schema.js';

export class RevisionRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Adds a revision and drops the post's oldest ones beyond `keep`. */
  async add(row: PostRevisionRow, keep: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('post_revisions').values(row).execute();
      const old = await trx
        .selectFrom('post_revisions')
        .select('id')
        .where('post_id', '=', row.post_id)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .offset(keep)
        .limit(1000)
        .execute();
      if (old.length > 0)
        await trx
          .deleteFrom('post_revisions')
          .where(
            'id',
            'in',
            old.map((r) => r.id),
          )
          .execute();
    });
  }

  listForPost(blogId: string, postId: string): Promise<PostRevisionRow[]> {
    return this.db
      .selectFrom('post_revisions')
      .selectAll()
      .where('blog_id', '=', blogId)
      .where('post_id', '=', postId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
  }

  find(blogId: string, postId: string, id: string): Promise<PostRevisionRow | undefined> {
    return this.db
      .selectFrom('post_revisions')
      .selectAll()
      .where('blog_id', '=', blogId)
      .where('post_id', '=', postId)
      .where('id', '=', id)
      .executeTakeFirst();
  }
}
