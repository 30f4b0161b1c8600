/** A blog's e-mail subscribers, and the ledger of posts mailed to them. */
import type { Kysely } from 'kysely';
import type { Database, SubscriberFrequency, SubscriberRow, SubscriberStatus } from '../schema.js';

export interface NewSubscriber {
  id: string;
  blogId: string;
  email: string;
  status: SubscriberStatus;
  frequency: SubscriberFrequency;
  confirmHash: string | null;
  source: SubscriberRow['source'];
  confirmedAt: number | null;
  now: number;
}

export class SubscriberRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async findById(id: string): Promise<SubscriberRow | undefined> {
    return this.db.selectFrom('subscribers').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async findByEmail(blogId: string, email: string): Promise<SubscriberRow | undefined> {
    return this.db.selectFrom('subscribers').selectAll().where('blog_id', '=', blogId).where('email', '=', email).executeTakeFirst();
  }

  /** Adds the subscriber unless the address is already on the blog's list; false then. */
  async insert(s: NewSubscriber): Promise<boolean> {
    const result = await this.db
      .insertInto('subscribers')
      .values({
        id: s.id,
        blog_id: s.blogId,
        email: s.email,
        status: s.status,
        frequency: s.frequency,
        confirm_hash: s.confirmHash,
        source: s.source,
        created_at: s.now,
        confirmed_at: s.confirmedAt,
        unsubscribed_at: null,
        stopped_reason: null,
        updated_at: s.now,
      })
      .onConflict((oc) => oc.columns(['blog_id', 'email']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /** A new pending request for an address not (or no longer) following: a fresh confirm link and choice. */
  async renewPending(id: string, frequency: SubscriberFrequency, confirmHash: string, now: number): Promise<void> {
    await this.db
      .updateTable('subscribers')
      .set({ status: 'pending', frequency, confirm_hash: confirmHash, updated_at: now })
      .where('id', '=', id)
      .where('status', '!=', 'active')
      .execute();
  }

  /** Confirms a pending subscriber whose link has this hash (once: the hash is cleared); false otherwise. */
  async confirm(id: string, confirmHash: string, now: number): Promise<boolean> {
    const result = await this.db
      .updateTable('subscribers')
      .set({ status: 'active', confirm_hash: null, confirmed_at: now, unsubscribed_at: null, stopped_reason: null, updated_at: now })
      .where('id', '=', id)
      .where('confirm_hash', '=', confirmHash)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async setStatus(id: string, status: 'unsubscribed' | 'stopped', now: number, reason: string | null = null): Promise<boolean> {
    const result = await this.db
      .updateTable('subscribers')
      .set({
        status,
        confirm_hash: null,
        updated_at: now,
        ...(status === 'unsubscribed' ? { unsubscribed_at: now } : { stopped_reason: reason }),
      })
      .where('id', '=', id)
      .where('status', 'in', ['active', 'pending'])
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Active subscribers of a blog with this frequency, in ID order after `afterId` (for paging through thousands). */
  async listActive(blogId: string, frequency: SubscriberFrequency, afterId: string, limit: number): Promise<SubscriberRow[]> {
    return this.db
      .selectFrom('subscribers')
      .selectAll()
      .where('blog_id', '=', blogId)
      .where('status', '=', 'active')
      .where('frequency', '=', frequency)
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  /** The ledger row of a post mailed to a subscriber, if it was. */
  async findMail(postId: string, subscriberId: string): Promise<{ status: string } | undefined> {
    return this.db
      .selectFrom('subscriber_mails')
      .select('status')
      .where('post_id', '=', postId)
      .where('subscriber_id', '=', subscriberId)
      .executeTakeFirst();
  }

  async recordMail(row: {
    blogId: string;
    postId: string;
    subscriberId: string;
    status: 'sent' | 'bounced';
    messageId: string;
    error: string | null;
    now: number;
  }): Promise<void> {
    await this.db
      .insertInto('subscriber_mails')
      .values({
        blog_id: row.blogId,
        post_id: row.postId,
        subscriber_id: row.subscriberId,
        status: row.status,
        message_id: row.messageId,
        error: row.error,
        created_at: row.now,
      })
      .onConflict((oc) => oc.columns(['post_id', 'subscriber_id']).doNothing())
      .execute();
  }

  /** How many mails of the post were sent and bounced. */
  async mailCounts(postId: string): Promise<Record<string, number>> {
    const rows = await this.db
      .selectFrom('subscriber_mails')
      .select((eb) => ['status', eb.fn.countAll<number>().as('n')])
      .where('post_id', '=', postId)
      .groupBy('status')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }
}
