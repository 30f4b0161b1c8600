/**
 * What the themes show beside a post's text: its cover image (an address and the words that describe
 * it, both '' for none; the editor sets them, importers may fill them) and, for pages, where the page
 * stands in the blog's pages menu (lowest first, then by title). And the blog's own pictures (a logo,
 * a header image, an icon; upload paths, '' for none) and how long the excerpts on its lists are.
 * Frozen in time: a migration never imports application code.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('posts')
    .addColumn('cover_image_url', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('posts')
    .addColumn('cover_image_alt', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('posts')
    .addColumn('menu_order', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  for (const column of ['logo_url', 'header_image_url', 'icon_url']) {
    await db.schema
      .alterTable('blogs')
      .addColumn(column, 'text', (c) => c.notNull().defaultTo(''))
      .execute();
  }
  // Characters of plain text a list shows of a post without a jump break; 0: the whole post.
  await db.schema
    .alterTable('blogs')
    .addColumn('excerpt_length', 'integer', (c) => c.notNull().defaultTo(300))
    .execute();
}
