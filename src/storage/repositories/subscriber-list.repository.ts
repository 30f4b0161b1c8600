/**
 * The dashboard's queries over a blog's subscribers: a page of the list (newest first, searched by
 * address), counts by status, daily joins and leaves for the chart, one page of every subscriber for the
 * CSV export, removal, and what each mailed post did (sent, bounced, still queued, failed).
 */
import { sql, type Kysely } from 'kysely';
import type { Database, SubscriberRow, SubscriberStatus } from '../schema.js';
import { containsPattern, escapeLike } from './like-pattern.js';

export interface SubscriberPageQuery {
  /** Part of the address, matched anywhere (case-insensitive: addresses are stored lower-cased). */
  search?: string;
  status?: SubscriberStatus;
  /** Only subscribers with an ID below this one (the previous page's last). */
  beforeId?: string;
  limit: number;
}

export interface SendRow {
  postId: string;
  title: string;
  firstSentAt: number;
  sent: number;
  bounced: number;
}

const DAY = 86_400_000;

export class SubscriberListRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async page(blogId: string, q: SubscriberPageQuery): Promise<SubscriberRow[]> {
    let query = this.db.selectFrom('subscribers').selectAll().where('blog_id', '=', blogId);
    if (q.search) query = query.where(sql<boolean>`email like ${containsPattern(q.search)} escape '\\'`);
    if (q.status) query = query.where('status', '=', q.status);
    if (q.beforeId) query = query.where('id', '<', q.beforeId);
    return query.orderBy('id', 'desc').limit(q.limit).execute();
  }

  async countsByStatus(blogId: string): Promise<Record<SubscriberStatus, number>> {
    const rows = await this.db
      .selectFrom('subscribers')
      .select((eb) => ['status', eb.fn.countAll<number>().as('n')])
      .where('blog_id', '=', blogId)
      .groupBy('status')
      .execute();
    const counts: Record<SubscriberStatus, number> = { pending: 0, active: 0, unsubscribed: 0, stopped: 0 };
    for (const row of rows) counts[row.status] = Number(row.n);
    return counts;
  }

  /** Confirmations and unsubscriptions per UTC day since `since` (milliseconds), as day numbers since 1970. */
  async dailyChanges(blogId: string, since: number): Promise<{ joined: Map<number, number>; left: Map<number, number> }> {
    const perDay = async (column: 'confirmed_at' | 'unsubscribed_at') => {
      const day = sql<number>`${sql.ref(column)} / ${sql.lit(DAY)}`;
      const rows = await this.db
        .selectFrom('subscribers')
        .select([day.as('day'), (eb) => eb.fn.countAll<number>().as('n')])
        .where('blog_id', '=', blogId)
        .where(column, '>=', since)
        .groupBy(day)
        .execute();
      return new Map(rows.map((r) => [Math.floor(Number(r.day)), Number(r.n)]));
    };
    return { joined: await perDay('confirmed_at'), left: await perDay('unsubscribed_at') };
  }

  /** Deletes the subscriber (and, with it, its mail ledger); false when the blog has no such subscriber. */
  async remove(blogId: string, id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('subscribers').where('blog_id', '=', blogId).where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Posts of the blog mailed to subscribers, newest first, with how many mails were sent and bounced. */
  async sends(blogId: string, limit: number): Promise<SendRow[]> {
    const rows = await this.db
      .selectFrom('subscriber_mails as m')
      .innerJoin('posts as p', 'p.id', 'm.post_id')
      .select((eb) => [
        'm.post_id',
        'p.title',
        eb.fn.min('m.created_at').as('first'),
        eb.fn.sum<number>(sql<number>`case when m.status = 'sent' then 1 else 0 end`).as('sent'),
        eb.fn.sum<number>(sql<number>`case when m.status = 'bounced' then 1 else 0 end`).as('bounced'),
      ])
      .where('m.blog_id', '=', blogId)
      .groupBy(['m.post_id', 'p.title'])
      .orderBy('first', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      postId: r.post_id,
      title: r.title,
      firstSentAt: Number(r.first),
      sent: Number(r.sent),
      bounced: Number(r.bounced),
    }));
  }

  /**
   * Mails of a post still waiting in the queue, and those that failed for good: single retries count one
   * each; a batch counts those of its subscribers the ledger does not show as sent or bounced.
   */
  async queuedAndFailed(blogId: string, postId: string): Promise<{ queued: number; failed: number }> {
    const jobs = await this.db
      .selectFrom('jobs')
      .select(['kind', 'status', 'payload'])
      .where('blog_id', '=', blogId)
      .where('kind', 'in', ['mail.post-to', 'mail.post-batch'])
      .where('status', 'in', ['queued', 'running', 'failed'])
      .where(sql<boolean>`${sql.ref('key')} like ${`${escapeLike(postId)}:%`} escape '\\'`)
      .execute();
    const waiting = { queued: new Set<string>(), failed: new Set<string>() };
    for (const job of jobs) {
      const payload = JSON.parse(job.payload) as { ids?: string[]; subscriberId?: string };
      const into = job.status === 'failed' ? waiting.failed : waiting.queued;
      for (const id of payload.ids ?? [payload.subscriberId ?? '']) into.add(id);
    }
    const done = new Set<string>();
    const ids = [...waiting.queued, ...waiting.failed];
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.db
        .selectFrom('subscriber_mails')
        .select('subscriber_id')
        .where('post_id', '=', postId)
        .where('status', 'in', ['sent', 'bounced'])
        .where('subscriber_id', 'in', ids.slice(i, i + 500))
        .execute();
      for (const r of rows) done.add(r.subscriber_id);
    }
    const left = (set: Set<string>) => [...set].filter((id) => !done.has(id)).length;
    return { queued: left(waiting.queued), failed: left(waiting.failed) };
  }

  /** Subscribers of the blog who left between two times. */
  async unsubscribedBetween(blogId: string, from: number, to: number): Promise<number> {
    const row = await this.db
      .selectFrom('subscribers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('blog_id', '=', blogId)
      .where('unsubscribed_at', '>=', from)
      .where('unsubscribed_at', '<', to)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }
}
