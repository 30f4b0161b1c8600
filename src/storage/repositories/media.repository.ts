/**
 * The media library's rows (one a blog's upload: `media`) and the posts and pages that name an upload
 * in their body or as their cover. Every query is bounded by the blog: one blog never reads or deletes
 * another's uploads.
 */
import type { Kysely } from 'kysely';
import { chunks } from '../chunks.js';
import type { Database, MediaRow, NewMediaRow, PostKind, PostStatus } from '../schema.js';

/** A post or page that shows uploads: what the library needs to say where an upload is used. */
export interface MediaUseRow {
  id: string;
  title: string;
  kind: PostKind;
  status: PostStatus;
  slug: string;
  path_year: number | null;
  path_month: number | null;
  trashed_at: number | null;
  body_html: string;
  cover_image_url: string | null;
}

export class MediaRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: NewMediaRow): Promise<void> {
    await this.db.insertInto('media').values(row).execute();
  }

  /** Records uploads found on disk without a row (made before the library kept them); known ones stay. */
  async insertMissing(rows: readonly NewMediaRow[]): Promise<void> {
    for (const part of chunks(rows, 200)) {
      await this.db
        .insertInto('media')
        .values([...part])
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    }
  }

  /** The blog's uploads, newest first. */
  async page(blogId: string, offset: number, limit: number): Promise<MediaRow[]> {
    return this.db
      .selectFrom('media')
      .selectAll()
      .where('blog_id', '=', blogId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .offset(offset)
      .limit(limit)
      .execute();
  }

  async count(blogId: string): Promise<number> {
    const row = await this.db
      .selectFrom('media')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('blog_id', '=', blogId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** The IDs of every upload the blog has a row for. */
  async ids(blogId: string): Promise<Set<string>> {
    const rows = await this.db.selectFrom('media').select('id').where('blog_id', '=', blogId).execute();
    return new Set(rows.map((r) => r.id));
  }

  async find(blogId: string, id: string): Promise<MediaRow | undefined> {
    return this.db.selectFrom('media').selectAll().where('blog_id', '=', blogId).where('id', '=', id).executeTakeFirst();
  }

  async setAlt(blogId: string, id: string, alt: string): Promise<void> {
    await this.db.updateTable('media').set({ alt }).where('blog_id', '=', blogId).where('id', '=', id).execute();
  }

  async remove(blogId: string, id: string): Promise<void> {
    await this.db.deleteFrom('media').where('blog_id', '=', blogId).where('id', '=', id).execute();
  }

  /**
   * The blog's posts and pages (drafts and trashed ones too: their pictures come back with them) whose
   * body or cover names `fragment`, an upload folder's path (`/uploads/BLOG/` or `/uploads/BLOG/ID/`,
   * digits and slashes only, so nothing in it needs escaping for LIKE).
   */
  async postsNaming(blogId: string, fragment: string): Promise<MediaUseRow[]> {
    const pattern = `%${fragment}%`;
    return this.db
      .selectFrom('posts')
      .select(['id', 'title', 'kind', 'status', 'slug', 'path_year', 'path_month', 'trashed_at', 'body_html', 'cover_image_url'])
      .where('blog_id', '=', blogId)
      .where((eb) => eb.or([eb('body_html', 'like', pattern), eb('cover_image_url', 'like', pattern)]))
      .orderBy('id', 'desc')
      .execute();
  }
}
