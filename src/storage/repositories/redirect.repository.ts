/** Redirects: a blog's old addresses (from an import) and where each now leads. */
import type { Kysely } from 'kysely';
import { chunks } from '../chunks.js';
import type { Database, NewRedirectRow, PostKind, PostStatus, RedirectRow } from '../schema.js';

/** A redirect with what the request handler needs of its post, if it leads to one. */
export interface RedirectTarget {
  post_id: string | null;
  target_path: string | null;
  kind: PostKind | null;
  status: PostStatus | null;
  trashed_at: number | null;
  slug: string | null;
  path_year: number | null;
  path_month: number | null;
}

export class RedirectRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Adds redirects; an old address the blog already has keeps its first target. Returns the addresses added. */
  async insertMany(rows: readonly NewRedirectRow[]): Promise<string[]> {
    const added: string[] = [];
    for (const part of chunks(rows, 1000)) {
      const inserted = await this.db
        .insertInto('redirects')
        .values(part)
        .onConflict((oc) => oc.columns(['blog_id', 'from_path']).doNothing())
        .returning('from_path')
        .execute();
      for (const row of inserted) added.push(row.from_path);
    }
    return added;
  }

  /** The redirect stored for this old address of the blog, with its post. */
  find(blogId: string, fromPath: string): Promise<RedirectTarget | undefined> {
    return this.db
      .selectFrom('redirects as r')
      .leftJoin('posts as p', 'p.id', 'r.post_id')
      .select(['r.post_id', 'r.target_path', 'p.kind', 'p.status', 'p.trashed_at', 'p.slug', 'p.path_year', 'p.path_month'])
      .where('r.blog_id', '=', blogId)
      .where('r.from_path', '=', fromPath)
      .executeTakeFirst();
  }

  /** A page of the blog's redirects with their posts, in address order after `afterPath` (for static copies). */
  listTargets(blogId: string, limit: number, afterPath = ''): Promise<(RedirectTarget & { from_path: string })[]> {
    return this.db
      .selectFrom('redirects as r')
      .leftJoin('posts as p', 'p.id', 'r.post_id')
      .select(['r.from_path', 'r.post_id', 'r.target_path', 'p.kind', 'p.status', 'p.trashed_at', 'p.slug', 'p.path_year', 'p.path_month'])
      .where('r.blog_id', '=', blogId)
      .where('r.from_path', '>', afterPath)
      .orderBy('r.from_path')
      .limit(limit)
      .execute();
  }

  /** A page of the blog's redirects in address order, after `afterPath` (for exports). */
  listForBlog(blogId: string, limit: number, afterPath = ''): Promise<RedirectRow[]> {
    return this.db
      .selectFrom('redirects')
      .selectAll()
      .where('blog_id', '=', blogId)
      .where('from_path', '>', afterPath)
      .orderBy('from_path')
      .limit(limit)
      .execute();
  }

  async countForBlog(blogId: string): Promise<number> {
    const row = await this.db
      .selectFrom('redirects')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('blog_id', '=', blogId)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }
}
