/** Redirects: a blog's old addresses (from an import) and where each now leads. */
import type { Kysely } from 'kysely';
import { chunks } from '../chunks.js';
import type { Database, NewRedirectRow, PostKind, PostStatus, RedirectRow } from '../schema.js';

/** A redirect as the dashboard lists it: with the title of the post it leads to, if any. */
export type RedirectListRow = RedirectRow & {
  post_title: string | null;
  post_kind: PostKind | null;
  post_slug: string | null;
  post_year: number | null;
  post_month: number | null;
};

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
  /** 301 or 302 (imports make 301s). */
  status_code: number;
}

/** What serving a redirect needs: where it leads, and the post it follows (if any) with that post's address. */
const TARGET_COLUMNS = [
  'r.post_id',
  'r.target_path',
  'r.status_code',
  'p.kind',
  'p.status',
  'p.trashed_at',
  'p.slug',
  'p.path_year',
  'p.path_month',
] as const;

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
      .select(TARGET_COLUMNS)
      .where('r.blog_id', '=', blogId)
      .where('r.from_path', '=', fromPath)
      .executeTakeFirst();
  }

  /** A page of the blog's redirects with their posts, in address order after `afterPath` (for static copies). */
  listTargets(blogId: string, limit: number, afterPath = ''): Promise<(RedirectTarget & { from_path: string })[]> {
    return this.db
      .selectFrom('redirects as r')
      .leftJoin('posts as p', 'p.id', 'r.post_id')
      .select(['r.from_path', ...TARGET_COLUMNS])
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

  /** A page of the blog's redirects for the dashboard, in address order after `afterPath`. */
  listPage(blogId: string, limit: number, afterPath = '', exactly?: string): Promise<RedirectListRow[]> {
    return this.db
      .selectFrom('redirects as r')
      .leftJoin('posts as p', 'p.id', 'r.post_id')
      .selectAll('r')
      .select([
        'p.title as post_title',
        'p.kind as post_kind',
        'p.slug as post_slug',
        'p.path_year as post_year',
        'p.path_month as post_month',
      ])
      .where('r.blog_id', '=', blogId)
      .$if(exactly === undefined, (q) => q.where('r.from_path', '>', afterPath))
      .$if(exactly !== undefined, (q) => q.where('r.from_path', '=', exactly!))
      .orderBy('r.from_path')
      .limit(limit)
      .execute();
  }

  findRow(blogId: string, fromPath: string): Promise<RedirectRow | undefined> {
    return this.db.selectFrom('redirects').selectAll().where('blog_id', '=', blogId).where('from_path', '=', fromPath).executeTakeFirst();
  }

  /**
   * Stores an owner's redirect; with `replacing` (the old address of the one being edited) that one goes
   * in the same transaction, keeping its counts.
   */
  async save(row: NewRedirectRow, replacing?: string): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      const old = replacing
        ? await tx
            .selectFrom('redirects')
            .select(['hits', 'last_hit_at', 'created_at'])
            .where('blog_id', '=', row.blog_id)
            .where('from_path', '=', replacing)
            .executeTakeFirst()
        : undefined;
      if (replacing) await tx.deleteFrom('redirects').where('blog_id', '=', row.blog_id).where('from_path', '=', replacing).execute();
      await tx
        .insertInto('redirects')
        .values({ ...row, ...(old ? { hits: old.hits, last_hit_at: old.last_hit_at, created_at: old.created_at } : {}) })
        .execute();
    });
  }

  async remove(blogId: string, fromPath: string): Promise<boolean> {
    const result = await this.db.deleteFrom('redirects').where('blog_id', '=', blogId).where('from_path', '=', fromPath).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Adds counted uses, one statement a redirect, in one transaction (a flush of RedirectHits). */
  async addHits(hits: readonly { blogId: string; fromPath: string; count: number; lastAt: number }[]): Promise<void> {
    if (hits.length === 0) return;
    await this.db.transaction().execute(async (tx) => {
      for (const hit of hits)
        await tx
          .updateTable('redirects')
          .set((eb) => ({ hits: eb('hits', '+', hit.count), last_hit_at: hit.lastAt }))
          .where('blog_id', '=', hit.blogId)
          .where('from_path', '=', hit.fromPath)
          .execute();
    });
  }
}
