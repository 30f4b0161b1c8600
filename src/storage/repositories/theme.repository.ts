/**
 * A blog's theme: which bundled theme it uses, its settings and version (columns of `blogs`), and its
 * own copies of the theme's files (`theme_files`). Every query is scoped to one blog.
 */
import { sql, type Kysely } from 'kysely';
import type { Database, ThemeFileRow } from '../schema.js';

export class ThemeRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** The blog's own copies of `theme`'s files (none: it uses the bundled files). */
  files(blogId: string, theme: string): Promise<ThemeFileRow[]> {
    return this.db.selectFrom('theme_files').selectAll().where('blog_id', '=', blogId).where('theme', '=', theme).orderBy('file').execute();
  }

  findFile(blogId: string, theme: string, file: string): Promise<ThemeFileRow | undefined> {
    return this.db
      .selectFrom('theme_files')
      .selectAll()
      .where('blog_id', '=', blogId)
      .where('theme', '=', theme)
      .where('file', '=', file)
      .executeTakeFirst();
  }

  /** Stores the blog's copy of a file (replacing an earlier one) and moves the theme's version on, together. */
  async saveFile(row: ThemeFileRow): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('theme_files')
        .values(row)
        .onConflict((oc) =>
          oc
            .columns(['blog_id', 'theme', 'file'])
            .doUpdateSet({ content: row.content, updated_by: row.updated_by, updated_at: row.updated_at }),
        )
        .execute();
      await bumpVersion(trx, row.blog_id);
    });
  }

  /** Drops the blog's copy of a file (back to the bundled one); false when there was none. */
  async deleteFile(blogId: string, theme: string, file: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const result = await trx
        .deleteFrom('theme_files')
        .where('blog_id', '=', blogId)
        .where('theme', '=', theme)
        .where('file', '=', file)
        .executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) return false;
      await bumpVersion(trx, blogId);
      return true;
    });
  }

  /** The blog's own wording of theme messages (JSON, '' for none). */
  async setTextOverrides(blogId: string, overridesJson: string): Promise<void> {
    await this.db.updateTable('blogs').set({ text_overrides: overridesJson }).where('id', '=', blogId).execute();
  }

  /** Sets the blog's theme and settings (JSON, already validated) and moves the version on. */
  async setTheme(blogId: string, theme: string, settingsJson: string): Promise<void> {
    await this.db
      .updateTable('blogs')
      .set((eb) => ({ theme, theme_settings: settingsJson, theme_version: sql<number>`${eb.ref('theme_version')} + 1` }))
      .where('id', '=', blogId)
      .execute();
  }

  /** Sets one of the blog's theme pictures (an upload path, '' for none). */
  async setImage(blogId: string, column: ThemeImageColumn, path: string): Promise<void> {
    await this.db
      .updateTable('blogs')
      .set({ [column]: path })
      .where('id', '=', blogId)
      .execute();
  }
}

/** The `blogs` columns holding the theme's pictures. */
export type ThemeImageColumn = 'logo_url' | 'header_image_url' | 'icon_url';

async function bumpVersion(db: Kysely<Database>, blogId: string): Promise<void> {
  await db
    .updateTable('blogs')
    .set((eb) => ({ theme_version: sql<number>`${eb.ref('theme_version')} + 1` }))
    .where('id', '=', blogId)
    .execute();
}
