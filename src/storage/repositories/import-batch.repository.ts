/**
 * What an import's batch (a few hundred entries in one transaction) asks and stores in bulk: which
 * imported IDs and permalinks are taken, asked once for the whole batch, and its posts (with their
 * labels) and comments, stored in a few multi-row inserts instead of several round trips an entry.
 */
import type { Kysely } from 'kysely';
import { chunks } from '../chunks.js';
import { newId } from '../ids.js';
import type { Database, NewCommentRow, NewPostRow, PostKind, PostStatus } from '../schema.js';

/** Rows per multi-row insert: 20 columns a post, 18 a comment — well under either database's limit. */
const ROWS_PER_INSERT = 500;
/** Values per `in (…)` list. */
const VALUES_PER_LIST = 1000;

/** Where a post or page of a blog sits: what its permalink is unique by. */
export interface Permalink {
  id: string;
  kind: PostKind;
  path_year: number | null;
  path_month: number | null;
  slug: string;
  status: PostStatus;
  published_at: number | null;
  source_id: string | null;
}

/** A comment already in a blog, as an import recognises it. */
export interface KnownComment {
  id: string;
  post_id: string;
  author_name: string;
  created_at: number;
  source_id: string | null;
}

export class ImportBatchRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Those of `ids` that a post of any blog has. */
  async takenPostIds(ids: readonly string[]): Promise<Set<string>> {
    const taken = new Set<string>();
    for (const part of chunks([...new Set(ids)], VALUES_PER_LIST)) {
      for (const row of await this.db.selectFrom('posts').select('id').where('id', 'in', part).execute()) taken.add(row.id);
    }
    return taken;
  }

  /** The posts and pages of the blog with one of `ids` (an import of the blog's own export names them). */
  async postsOfBlog(blogId: string, ids: readonly string[]): Promise<Permalink[]> {
    const found: Permalink[] = [];
    for (const part of chunks([...new Set(ids)], VALUES_PER_LIST)) {
      found.push(
        ...(await this.db
          .selectFrom('posts')
          .select(['id', 'kind', 'path_year', 'path_month', 'slug', 'status', 'published_at', 'source_id'])
          .where('blog_id', '=', blogId)
          .where('id', 'in', part)
          .execute()),
      );
    }
    return found;
  }

  /** The comments of the blog with one of `ids`, or (with `postIds`) on one of those posts. */
  async commentsOfBlog(blogId: string, ids: readonly string[], column: 'id' | 'post_id' = 'id'): Promise<KnownComment[]> {
    const found: KnownComment[] = [];
    for (const part of chunks([...new Set(ids)], VALUES_PER_LIST)) {
      found.push(
        ...(await this.db
          .selectFrom('comments')
          .select(['id', 'post_id', 'author_name', 'created_at', 'source_id'])
          .where('blog_id', '=', blogId)
          .where(column, 'in', part)
          .execute()),
      );
    }
    return found.map((c) => ({ ...c, created_at: Number(c.created_at) }));
  }

  /** Those of `ids` that a comment of any blog has. */
  async takenCommentIds(ids: readonly string[]): Promise<Set<string>> {
    const taken = new Set<string>();
    for (const part of chunks([...new Set(ids)], VALUES_PER_LIST)) {
      for (const row of await this.db.selectFrom('comments').select('id').where('id', 'in', part).execute()) taken.add(row.id);
    }
    return taken;
  }

  /** The permalinks of the blog's posts and pages (any status) whose slug is one of `slugs`. */
  async permalinksWithSlugs(blogId: string, slugs: readonly string[]): Promise<Permalink[]> {
    const found: Permalink[] = [];
    for (const part of chunks([...new Set(slugs)], VALUES_PER_LIST)) {
      found.push(
        ...(await this.db
          .selectFrom('posts')
          .select(['id', 'kind', 'path_year', 'path_month', 'slug', 'status', 'published_at', 'source_id'])
          .where('blog_id', '=', blogId)
          .where('slug', 'in', part)
          .execute()),
      );
    }
    return found;
  }

  /** Inserts posts and their labels (names; the blog's missing labels are created), in the open transaction. */
  async insertPosts(posts: readonly { row: NewPostRow; labels: readonly string[] }[]): Promise<void> {
    for (const part of chunks(posts, ROWS_PER_INSERT)) {
      await this.db
        .insertInto('posts')
        .values(part.map((p) => p.row))
        .execute();
    }
    const namesByBlog = new Map<string, Set<string>>();
    for (const { row, labels } of posts) {
      if (labels.length === 0) continue;
      const names = namesByBlog.get(row.blog_id) ?? new Set<string>();
      for (const name of labels) names.add(name);
      namesByBlog.set(row.blog_id, names);
    }
    const links: { post_id: string; label_id: string }[] = [];
    for (const [blogId, names] of namesByBlog) {
      const ids = await this.ensureLabels(blogId, [...names]);
      for (const { row, labels } of posts) {
        if (row.blog_id !== blogId) continue;
        for (const name of labels) {
          const labelId = ids.get(name);
          if (labelId) links.push({ post_id: row.id, label_id: labelId });
        }
      }
    }
    for (const part of chunks(links, ROWS_PER_INSERT)) await this.db.insertInto('post_labels').values(part).execute();
  }

  /** The IDs of the blog's labels with these names, by name, creating those that are missing. */
  private async ensureLabels(blogId: string, names: readonly string[]): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    for (const part of chunks(names, ROWS_PER_INSERT)) {
      await this.db
        .insertInto('labels')
        .values(part.map((name) => ({ id: newId(), blog_id: blogId, name })))
        .onConflict((oc) => oc.columns(['blog_id', 'name']).doNothing())
        .execute();
      const rows = await this.db
        .selectFrom('labels')
        .select(['id', 'name'])
        .where('blog_id', '=', blogId)
        .where('name', 'in', part)
        .execute();
      for (const row of rows) ids.set(row.name, row.id);
    }
    return ids;
  }

  /** Inserts comments in order (a reply after the comment it answers), in the open transaction. */
  async insertComments(rows: readonly NewCommentRow[]): Promise<void> {
    for (const part of chunks(rows, ROWS_PER_INSERT)) await this.db.insertInto('comments').values(part).execute();
  }
}
