/**
 * Posts and pages. Reader queries see only live, untrashed rows of one blog; every query takes the
 * blog's ID, so one blog's content can never answer for another's.
 */
import { sql, type ExpressionBuilder, type Kysely, type Transaction } from 'kysely';
import type { Database, NewPostRow, PostKind, PostRow, PostUpdate } from '../schema.js';
import { LabelRepository } from './label.repository.js';
import { preparedQuery } from '../prepared-query.js';
import type { Cursor, MonthCount, PostListFilter, PostPage, PostTitle } from './post-shapes.js';
import { beyondPost } from '../keyset.js';
import { SitemapQueries } from './sitemap-queries.js';

export type { Cursor, MonthCount, PostListFilter, PostPage, PostTitle, SitemapEntry } from './post-shapes.js';

type PostsEb = ExpressionBuilder<Database, 'posts'>;

const isLive = (eb: PostsEb) => eb.and([eb('posts.status', '=', 'live'), eb('posts.trashed_at', 'is', null)]);

/**
 * The post carries every one of these labels: one `exists` a label, each a lookup of the post's own
 * label rows. Read newest first through the posts' index, a page stops after its few posts; counting the
 * labels' posts (group by, having count) read every post carrying any of them, a third of a big blog.
 */
const carriesAll = (eb: PostsEb, labelIds: readonly string[]) =>
  eb.and(
    labelIds.map((labelId) =>
      eb.exists(
        eb
          .selectFrom('post_labels')
          .select('post_labels.post_id')
          .whereRef('post_labels.post_id', '=', 'posts.id')
          .where('post_labels.label_id', '=', labelId),
      ),
    ),
  );

type LiveListArgs = { filter: PostListFilter; limitPlusOne: number; older?: Cursor; newer?: Cursor };

export class PostRepository {
  private readonly labels: LabelRepository;
  // The reads behind every public page, compiled once (see prepared-query.ts).
  private readonly livePost;
  private readonly livePage;
  private readonly labelRows;
  private readonly liveList;
  private readonly byId;
  // What storing a post runs (an import stores thousands).
  private readonly idTaken;
  private readonly insertRow;
  private readonly insertLabels;

  /** The sitemap's reads. */
  readonly sitemap: SitemapQueries;

  constructor(private readonly db: Kysely<Database>) {
    this.sitemap = new SitemapQueries(db);
    this.idTaken = preparedQuery(db, (a: { id: string }) => db.selectFrom('posts').select('id').where('id', '=', a.id));
    this.insertRow = preparedQuery(db, (a: { row: NewPostRow }) => db.insertInto('posts').values(a.row));
    this.insertLabels = preparedQuery(db, (a: { rows: { post_id: string; label_id: string }[] }) =>
      db.insertInto('post_labels').values(a.rows),
    );
    this.byId = preparedQuery(db, (a: { blogId: string; id: string }) =>
      db.selectFrom('posts').selectAll().where('blog_id', '=', a.blogId).where('id', '=', a.id),
    );
    this.labels = new LabelRepository(db);
    this.livePost = preparedQuery(db, (a: { blogId: string; year: number; month: number; slug: string }) =>
      db
        .selectFrom('posts')
        .selectAll()
        .where('blog_id', '=', a.blogId)
        .where('kind', '=', 'post')
        .where('path_year', '=', a.year)
        .where('path_month', '=', a.month)
        .where('slug', '=', a.slug)
        .where(isLive),
    );
    this.livePage = preparedQuery(db, (a: { blogId: string; slug: string }) =>
      db
        .selectFrom('posts')
        .selectAll()
        .where('blog_id', '=', a.blogId)
        .where('kind', '=', 'page')
        .where('slug', '=', a.slug)
        .where(isLive),
    );
    this.labelRows = preparedQuery(db, (a: { postIds: readonly string[] }) =>
      db
        .selectFrom('post_labels as pl')
        .innerJoin('labels as l', 'l.id', 'pl.label_id')
        .select(['pl.post_id as postId', 'l.name as name'])
        .where('pl.post_id', 'in', a.postIds)
        .orderBy('l.name'),
    );
    this.liveList = preparedQuery(db, (a: LiveListArgs) => this.liveListQuery(a));
  }

  /** Runs `work` in a transaction — the one already open when this repository was built on one (an import's batch). */
  private inTransaction(work: (trx: Transaction<Database>) => Promise<void>): Promise<void> {
    return this.db.isTransaction ? work(this.db as Transaction<Database>) : this.db.transaction().execute(work);
  }

  /** Inserts a post with its labels, all or nothing. */
  async insert(row: NewPostRow, labelNames: readonly string[] = []): Promise<PostRow> {
    await this.inTransaction(async (trx) => {
      await this.insertRow({ row }, trx);
      const labelIds = await this.labels.ensure(row.blog_id, labelNames, trx);
      if (labelIds.length > 0) await this.insertLabels({ rows: labelIds.map((label_id) => ({ post_id: row.id, label_id })) }, trx);
    });
    // The stored row is the row inserted, with NULL for what was left out: no need to read it back.
    return {
      path_year: null,
      path_month: null,
      author_id: null,
      published_at: null,
      trashed_at: null,
      source_id: null,
      cover_image_url: '',
      cover_image_alt: '',
      menu_order: 0,
      mail_mode: 'blog-and-mail',
      ...row,
    };
  }

  /** Updates a post; when `labelNames` is given, the post's labels become exactly those. */
  async update(blogId: string, id: string, patch: PostUpdate, labelNames?: readonly string[]): Promise<void> {
    await this.inTransaction(async (trx) => {
      await trx.updateTable('posts').set(patch).where('blog_id', '=', blogId).where('id', '=', id).execute();
      if (labelNames) {
        await trx.deleteFrom('post_labels').where('post_id', '=', id).execute();
        const labelIds = await this.labels.ensure(blogId, labelNames, trx);
        if (labelIds.length > 0) {
          await trx
            .insertInto('post_labels')
            .values(labelIds.map((label_id) => ({ post_id: id, label_id })))
            .execute();
        }
      }
    });
  }

  async findById(blogId: string, id: string): Promise<PostRow | undefined> {
    return (await this.byId({ blogId, id }))[0];
  }

  /** True when any blog has a post with this ID (IDs are unique across blogs: an imported ID is kept only when free). */
  async isIdTaken(id: string): Promise<boolean> {
    return (await this.idTaken({ id })).length > 0;
  }

  /**
   * The blog's imported posts and pages, by source ID (so an import never adds one twice), read a page
   * at a time: a blog may hold hundreds of thousands.
   */
  async *sourceIds(blogId: string, pageSize = 5000): AsyncGenerator<{ sourceId: string; id: string }> {
    let after: { sourceId: string; id: string } | undefined;
    for (;;) {
      let query = this.db.selectFrom('posts').select(['id', 'source_id']).where('blog_id', '=', blogId).where('source_id', 'is not', null);
      if (after) {
        const { sourceId, id } = after;
        query = query.where((eb) => eb.or([eb('source_id', '>', sourceId), eb.and([eb('source_id', '=', sourceId), eb('id', '>', id)])]));
      }
      const rows = await query.orderBy('source_id').orderBy('id').limit(pageSize).execute();
      for (const r of rows) yield { sourceId: r.source_id!, id: r.id };
      if (rows.length < pageSize) return;
      after = { sourceId: rows.at(-1)!.source_id!, id: rows.at(-1)!.id };
    }
  }

  /** A page of the blog's posts and pages in any status but the trash, in ID order after `afterId` (for exports). */
  listForExport(blogId: string, limit: number, afterId?: string): Promise<PostRow[]> {
    let query = this.db.selectFrom('posts').selectAll().where('blog_id', '=', blogId).where('trashed_at', 'is', null);
    // IDs are digit strings of varying length: order by length, then text, to follow their numeric order.
    if (afterId !== undefined) {
      query = query.where((eb) =>
        eb.or([
          eb(eb.fn('length', ['id']), '>', afterId.length),
          eb.and([eb(eb.fn('length', ['id']), '=', afterId.length), eb('id', '>', afterId)]),
        ]),
      );
    }
    return query
      .orderBy((eb) => eb.fn('length', ['id']))
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  /** The distinct authors of the blog's posts (name and member), for exports. */
  authorsOf(blogId: string): Promise<{ author_name: string; author_id: string | null }[]> {
    return this.db
      .selectFrom('posts')
      .select(['author_name', 'author_id'])
      .distinct()
      .where('blog_id', '=', blogId)
      .where('trashed_at', 'is', null)
      .orderBy('author_name')
      .execute();
  }

  async findLivePost(blogId: string, year: number, month: number, slug: string): Promise<PostRow | undefined> {
    return (await this.livePost({ blogId, year, month, slug }))[0];
  }

  async findLivePage(blogId: string, slug: string): Promise<PostRow | undefined> {
    return (await this.livePage({ blogId, slug }))[0];
  }

  /** True when the blog already has a post or page (in any status) at this permalink. */
  async isPermalinkTaken(blogId: string, kind: PostKind, year: number | null, month: number | null, slug: string): Promise<boolean> {
    let query = this.db.selectFrom('posts').select('id').where('blog_id', '=', blogId).where('kind', '=', kind).where('slug', '=', slug);
    if (kind === 'post') query = query.where('path_year', '=', year).where('path_month', '=', month);
    return (await query.executeTakeFirst()) !== undefined;
  }

  /**
   * One page of live posts, newest first. `older` starts after that post; `newer` ends before it.
   * Keyset pagination: links stay right as posts are added.
   */
  async listLive(filter: PostListFilter, limit: number, from: { older?: Cursor; newer?: Cursor } = {}): Promise<PostPage> {
    const labelIds = filter.labelIds && filter.labelIds.length > 0 ? filter.labelIds : undefined;
    const { blogId, year, month } = filter;
    const args = { filter: { blogId, labelIds, year, month }, limitPlusOne: limit + 1 };
    if (from.newer) {
      const rows = await this.liveList({ ...args, newer: from.newer });
      const posts = rows.slice(0, limit).reverse();
      return { posts, hasNewer: rows.length > limit, hasOlder: true };
    }
    const rows = await this.liveList(from.older ? { ...args, older: from.older } : args);
    return { posts: rows.slice(0, limit), hasOlder: rows.length > limit, hasNewer: from.older !== undefined };
  }

  /** listLive's query; its values are placeholders while it is built (see prepared-query.ts). */
  private liveListQuery({ filter, limitPlusOne, older, newer }: LiveListArgs) {
    let query = this.db.selectFrom('posts').selectAll().where('blog_id', '=', filter.blogId).where('kind', '=', 'post').where(isLive);
    if (filter.year !== undefined) query = query.where('path_year', '=', filter.year);
    if (filter.month !== undefined) query = query.where('path_month', '=', filter.month);
    if (filter.labelIds) query = query.where((eb) => carriesAll(eb, filter.labelIds!));
    const before = (c: Cursor) => (eb: PostsEb) => beyondPost(eb, '<', c.publishedAt, c.id);
    const after = (c: Cursor) => (eb: PostsEb) => beyondPost(eb, '>', c.publishedAt, c.id);

    if (newer) return query.where(after(newer)).orderBy('published_at', 'asc').orderBy('id', 'asc').limit(limitPlusOne);
    return (older ? query.where(before(older)) : query).orderBy('published_at', 'desc').orderBy('id', 'desc').limit(limitPlusOne);
  }

  /** Live posts and pages with these IDs, in no particular order. */
  findLiveByIds(blogId: string, ids: readonly string[]): Promise<PostRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db.selectFrom('posts').selectAll().where('blog_id', '=', blogId).where('id', 'in', ids).where(isLive).execute();
  }

  /** Label names of each of these posts, in alphabetical order. */
  async labelsOf(postIds: readonly string[]): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>(postIds.map((id) => [id, []]));
    if (postIds.length === 0) return result;
    for (const r of await this.labelRows({ postIds })) result.get(r.postId)?.push(r.name);
    return result;
  }

  /** Number of live posts in each month that has any, newest month first: kept by triggers, not counted. */
  async monthCounts(blogId: string): Promise<MonthCount[]> {
    const rows = await this.db
      .selectFrom('post_months')
      .select(['year', 'month', 'n'])
      .where('blog_id', '=', blogId)
      .where('n', '>', 0)
      .orderBy('year', 'desc')
      .orderBy('month', 'desc')
      .execute();
    return rows.map((r) => ({ year: Number(r.year), month: Number(r.month), count: Number(r.n) }));
  }

  /** The newest `limit` live posts of a month, newest first. */
  titlesOfMonth(blogId: string, year: number, month: number, limit: number): Promise<PostTitle[]> {
    return this.db
      .selectFrom('posts')
      .select(['id', 'title', 'slug', 'path_year', 'path_month', 'published_at'])
      .where('blog_id', '=', blogId)
      .where('kind', '=', 'post')
      .where('path_year', '=', year)
      .where('path_month', '=', month)
      .where(isLive)
      .orderBy('published_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  }

  /** The newest live posts: for the 404 page and feeds. */
  async newestLive(blogId: string, limit: number, offset = 0, kind: PostKind = 'post'): Promise<PostRow[]> {
    return this.db
      .selectFrom('posts')
      .selectAll()
      .where('blog_id', '=', blogId)
      .where('kind', '=', kind)
      .where(isLive)
      .orderBy('published_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute();
  }

  /** Live posts carrying every one of these labels, newest first, by offset (for feeds). */
  async newestLiveWithLabels(blogId: string, labelIds: string[], limit: number, offset: number): Promise<PostRow[]> {
    const page = this.db
      .selectFrom('posts')
      .selectAll()
      .where('blog_id', '=', blogId)
      .where('kind', '=', 'post')
      .where(isLive)
      .where((eb) => carriesAll(eb, labelIds))
      .orderBy('published_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .offset(offset);
    return page.execute();
  }

  /** Numbers of live posts and pages: kept on the blog by triggers (migration 20261206T0300), not counted. */
  async liveCounts(blogId: string): Promise<{ posts: number; pages: number }> {
    const row = await this.db.selectFrom('blogs').select(['live_posts', 'live_pages']).where('id', '=', blogId).executeTakeFirst();
    return { posts: Number(row?.live_posts ?? 0), pages: Number(row?.live_pages ?? 0) };
  }

  /** The newest change time of any post of the blog (for HTTP validators). */
  async lastChange(blogId: string): Promise<number> {
    const row = await this.db
      .selectFrom('posts')
      .select((eb) => eb.fn.max('updated_at').as('t'))
      .where('blog_id', '=', blogId)
      .executeTakeFirst();
    return Number(row?.t ?? 0);
  }

  /** Makes scheduled posts whose time has come live; returns those made live. A single UPDATE, so two processes never both do it. */
  async promoteDue(now: number): Promise<Pick<PostRow, 'id' | 'blog_id' | 'kind' | 'mail_mode'>[]> {
    return this.db
      .updateTable('posts')
      .set({ status: 'live', updated_at: now })
      .where('status', '=', 'scheduled')
      .where('published_at', '<=', now)
      .returning(['id', 'blog_id', 'kind', 'mail_mode'])
      .execute();
  }

  /** Total live posts per blog: used by tests and the demo. */
  async countAll(blogId: string): Promise<number> {
    const row = await this.db
      .selectFrom('posts')
      .select(sql<number>`count(*)`.as('n'))
      .where('blog_id', '=', blogId)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }
}
