/**
 * What a blog's layout stores besides the layout itself (a column of `blogs`): the Blog list gadget's
 * fetched feeds, and the pages' menu order the Pages gadget and the menu show.
 */
import type { Kysely } from 'kysely';
import type { BlogListFeedRow, Database } from '../schema.js';

export interface FetchedFeed {
  siteTitle: string;
  siteUrl: string;
  /** JSON of the items, newest first. */
  items: string;
}

export class LayoutRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Stores the layout's JSON; the caller marks the blog changed (its pages' version). */
  async saveLayout(blogId: string, json: string): Promise<void> {
    await this.db.updateTable('blogs').set({ layout: json }).where('id', '=', blogId).execute();
  }

  /** The blog's fetched feeds among `urls`. */
  feeds(blogId: string, urls: readonly string[]): Promise<BlogListFeedRow[]> {
    if (urls.length === 0) return Promise.resolve([]);
    return this.db.selectFrom('blog_list_feeds').selectAll().where('blog_id', '=', blogId).where('url', 'in', urls).execute();
  }

  /** Keeps a row for each of `urls` (new ones not yet fetched) and drops the blog's others. */
  async keepFeeds(blogId: string, urls: readonly string[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      let drop = trx.deleteFrom('blog_list_feeds').where('blog_id', '=', blogId);
      if (urls.length > 0) drop = drop.where('url', 'not in', urls);
      await drop.execute();
      for (const url of urls)
        await trx
          .insertInto('blog_list_feeds')
          .values({ blog_id: blogId, url, fetched_at: null })
          .onConflict((oc) => oc.columns(['blog_id', 'url']).doNothing())
          .execute();
    });
  }

  /** Records a good fetch; false when the owner has since removed the feed. */
  async recordFetch(blogId: string, url: string, feed: FetchedFeed, now: number): Promise<boolean> {
    const result = await this.db
      .updateTable('blog_list_feeds')
      .set({ site_title: feed.siteTitle, site_url: feed.siteUrl, items: feed.items, fetched_at: now, error: '' })
      .where('blog_id', '=', blogId)
      .where('url', '=', url)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Records why a fetch failed; what was fetched before is kept and still shown. */
  async recordFailure(blogId: string, url: string, error: string, now: number): Promise<void> {
    await this.db
      .updateTable('blog_list_feeds')
      .set({ error: error.slice(0, 500), fetched_at: now })
      .where('blog_id', '=', blogId)
      .where('url', '=', url)
      .execute();
  }

  /** The blog's pages (any status but trashed) in menu order, for the page-order control. */
  pages(blogId: string): Promise<{ id: string; title: string; status: string; menu_order: number }[]> {
    return this.db
      .selectFrom('posts')
      .select(['id', 'title', 'status', 'menu_order'])
      .where('blog_id', '=', blogId)
      .where('kind', '=', 'page')
      .where('trashed_at', 'is', null)
      .orderBy('menu_order', 'asc')
      .orderBy('title', 'asc')
      .limit(200)
      .execute();
  }

  /** Gives the blog's pages their places: `ids[0]` first. IDs of other blogs' posts change nothing. */
  async setPageOrder(blogId: string, ids: readonly string[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (const [index, id] of ids.entries())
        await trx
          .updateTable('posts')
          .set({ menu_order: index + 1 })
          .where('blog_id', '=', blogId)
          .where('kind', '=', 'page')
          .where('id', '=', id)
          .execute();
    });
  }

  /** Live posts of the blog, newest first, a featured-post gadget may show. */
  featurable(blogId: string, limit: number): Promise<{ id: string; title: string }[]> {
    return this.db
      .selectFrom('posts')
      .select(['id', 'title'])
      .where('blog_id', '=', blogId)
      .where('kind', '=', 'post')
      .where('status', '=', 'live')
      .where('trashed_at', 'is', null)
      .orderBy('published_at', 'desc')
      .limit(limit)
      .execute();
  }
}
