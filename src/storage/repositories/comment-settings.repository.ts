/** Each blog's comment settings: one row per blog, written on first save (until then, the defaults). */
import type { Kysely } from 'kysely';
import type { CommentSettingsRow, Database } from '../schema.js';

export class CommentSettingsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  find(blogId: string): Promise<CommentSettingsRow | undefined> {
    return this.db.selectFrom('comment_settings').selectAll().where('blog_id', '=', blogId).executeTakeFirst();
  }

  /** Inserts or replaces the blog's settings. */
  async save(row: CommentSettingsRow): Promise<void> {
    const { blog_id: _blogId, ...changes } = row;
    await this.db
      .insertInto('comment_settings')
      .values(row)
      .onConflict((oc) => oc.column('blog_id').doUpdateSet(changes))
      .execute();
  }
}
