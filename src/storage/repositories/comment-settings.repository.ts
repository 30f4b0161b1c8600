/** Each blog's comment settings: one row per blog, written on first save (until then, the defaults). */
import type { Kysely } from 'kysely';
import { preparedQuery } from '../prepared-query.js';
import type { CommentSettingsRow, Database } from '../schema.js';

export class CommentSettingsRepository {
  /** Read for every post page's comment form: compiled once. */
  private readonly byBlog;

  constructor(private readonly db: Kysely<Database>) {
    this.byBlog = preparedQuery(db, (a: { blogId: string }) =>
      db.selectFrom('comment_settings').selectAll().where('blog_id', '=', a.blogId),
    );
  }

  async find(blogId: string): Promise<CommentSettingsRow | undefined> {
    return (await this.byBlog({ blogId }))[0];
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
