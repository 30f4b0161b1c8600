/**
 * The dashboard's view of posts and pages: every status, the trash, filters and search by words in
 * the title or body. Every query takes the blog's ID, so one blog's list never shows another's posts.
 */
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { Database, PostKind, PostRow, PostStatus } from '../schema.js';
import { containsPattern } from './like-pattern.js';

export interface AdminPostFilter {
  blogId: string;
  kind: PostKind;
  /** A status, or `trash` for the trashed posts (every other status shows untrashed ones only). */
  status?: PostStatus | 'trash';
  labelName?: string;
  authorId?: string;
  /** Words to find in the title or body (case-insensitive, as typed). */
  text?: string;
}

export interface AdminPostPage {
  posts: PostRow[];
  total: number;
}

export class PostAdminRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async list(filter: AdminPostFilter, limit: number, offset: number): Promise<AdminPostPage> {
    let query = this.db.selectFrom('posts').where('blog_id', '=', filter.blogId).where('kind', '=', filter.kind);
    if (filter.status === 'trash') query = query.where('trashed_at', 'is not', null);
    else {
      query = query.where('trashed_at', 'is', null);
      if (filter.status) query = query.where('status', '=', filter.status);
    }
    if (filter.authorId) query = query.where('author_id', '=', filter.authorId);
    if (filter.labelName) {
      const name = filter.labelName;
      query = query.where('id', 'in', (eb) =>
        eb
          .selectFrom('post_labels as pl')
          .innerJoin('labels as l', 'l.id', 'pl.label_id')
          .select('pl.post_id')
          .where('l.blog_id', '=', filter.blogId)
          .where('l.name', '=', name),
      );
    }
    if (filter.text) {
      const pattern = containsPattern(filter.text);
      query = query.where(sql<boolean>`(lower(title) like ${pattern} escape '\\' or lower(body_text) like ${pattern} escape '\\')`);
    }
    const total = filter.labelName || filter.authorId || filter.text ? await this.countRows(query) : await this.keptCount(filter);
    // A count alone (the overview's drafts) reads no rows.
    if (limit === 0) return { posts: [], total };
    const posts = await query
      .selectAll()
      .orderBy(sql`coalesce(published_at, updated_at)`, 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute();
    return { posts, total };
  }

  /** The total of a list filtered by status only, from the counts the triggers on `posts` keep: no rows read. */
  private async keptCount(filter: AdminPostFilter): Promise<number> {
    let query = this.db
      .selectFrom('post_counts')
      .select((eb) => eb.fn.sum<number>('n').as('n'))
      .where('blog_id', '=', filter.blogId)
      .where('kind', '=', filter.kind)
      .where('trashed', '=', filter.status === 'trash' ? 1 : 0);
    if (filter.status && filter.status !== 'trash') query = query.where('status', '=', filter.status);
    const row = await query.executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** The total of a list filtered by label, author or words: counted. */
  private async countRows(query: SelectQueryBuilder<Database, 'posts', object>): Promise<number> {
    const row = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  findByIds(blogId: string, ids: readonly string[]): Promise<PostRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db.selectFrom('posts').selectAll().where('blog_id', '=', blogId).where('id', 'in', ids).execute();
  }

  /** Every label name of the blog, for suggestions in the editor. */
  async labelNames(blogId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('labels').select('name').where('blog_id', '=', blogId).orderBy('name').limit(2000).execute();
    return rows.map((r) => r.name);
  }

  async setTrashed(blogId: string, ids: readonly string[], trashedAt: number | null, now: number): Promise<void> {
    if (ids.length === 0) return;
    await this.db
      .updateTable('posts')
      .set({ trashed_at: trashedAt, updated_at: now })
      .where('blog_id', '=', blogId)
      .where('id', 'in', ids)
      .execute();
  }

  /** Deletes trashed posts for good: these, or every trashed one of the blog. Returns how many. */
  async deleteTrashed(blogId: string, ids?: readonly string[]): Promise<number> {
    let query = this.db.deleteFrom('posts').where('blog_id', '=', blogId).where('trashed_at', 'is not', null);
    if (ids) {
      if (ids.length === 0) return 0;
      query = query.where('id', 'in', ids);
    }
    const result = await query.executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
