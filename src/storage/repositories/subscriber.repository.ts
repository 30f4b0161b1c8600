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
        ...(status === 'unsubscribed' ? { unsubscribed_at: now } : { stopped_reason: reason, stopped_at: now }),
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

  /** Subscribers by ID, in ID order (a batch of a mailing). */
  async findByIds(ids: readonly string[]): Promise<SubscriberRow[]> {
    if (ids.length === 0) return [];
    return this.db.selectFrom('subscribers').selectAll().where('id', 'in', ids).orderBy('id').execute();
  }

  /** The ledger rows of a post mailed to these subscribers, by subscriber. */
  async findMails(postId: string, subscriberIds: readonly string[]): Promise<Map<string, { status: string; claim: string | null }>> {
    if (subscriberIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('subscriber_mails')
      .select(['subscriber_id', 'status', 'claim'])
      .where('post_id', '=', postId)
      .where('subscriber_id', 'in', subscriberIds)
      .execute();
    return new Map(rows.map((r) => [r.subscriber_id, { status: r.status, claim: r.claim }]));
  }

  /**
   * Takes the post's mail to the subscriber for the job run `claim`, before anything is sent: a new
   * `sending` row, or a `sending` row left by a run that is gone (`previous`, its claim as read); each
   * is one atomic statement, so of two runs only one gets it. Returns whether this run may send.
   */
  async claimMail(row: {
    blogId: string;
    postId: string;
    subscriberId: string;
    messageId: string;
    claim: string;
    previous?: string | null;
    now: number;
  }): Promise<boolean> {
    if (row.previous) {
      const taken = await this.db
        .updateTable('subscriber_mails')
        .set({ claim: row.claim })
        .where('post_id', '=', row.postId)
        .where('subscriber_id', '=', row.subscriberId)
        .where('status', '=', 'sending')
        .where('claim', '=', row.previous)
        .executeTakeFirst();
      return Number(taken.numUpdatedRows) > 0;
    }
    const result = await this.db
      .insertInto('subscriber_mails')
      .values({
        blog_id: row.blogId,
        post_id: row.postId,
        subscriber_id: row.subscriberId,
        status: 'sending',
        message_id: row.messageId,
        error: null,
        created_at: row.now,
        claim: row.claim,
      })
      .onConflict((oc) => oc.columns(['post_id', 'subscriber_id']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /** Ends the claimed mail: sent, or bounced (a 5xx answer); only the run holding the claim can. */
  async finishMail(row: {
    postId: string;
    subscriberId: string;
    claim: string;
    status: 'sent' | 'bounced';
    error: string | null;
    now: number;
  }) {
    await this.db
      .updateTable('subscriber_mails')
      .set({ status: row.status, error: row.error, created_at: row.now, claim: null })
      .where('post_id', '=', row.postId)
      .where('subscriber_id', '=', row.subscriberId)
      .where('claim', '=', row.claim)
      .execute();
  }

  /** Gives back a claimed mail the SMTP server did not take (a 4xx or no answer): a retry claims it afresh. */
  async releaseMail(postId: string, subscriberId: string, claim: string): Promise<void> {
    await this.db
      .deleteFrom('subscriber_mails')
      .where('post_id', '=', postId)
      .where('subscriber_id', '=', subscriberId)
      .where('status', '=', 'sending')
      .where('claim', '=', claim)
      .execute();
  }

  /** Stops every following or waiting subscription of these addresses, on every blog (a hard bounce); returns how many. */
  async stopAddresses(emails: readonly string[], reason: string, now: number): Promise<number> {
    if (emails.length === 0) return 0;
    const result = await this.db
      .updateTable('subscribers')
      .set({ status: 'stopped', confirm_hash: null, stopped_reason: reason, stopped_at: now, updated_at: now })
      .where('email', 'in', emails)
      .where('status', 'in', ['active', 'pending'])
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** Stops these subscriptions (a complaint about their mail), where their address is one of `emails` (if any are given). */
  async stopSubscriptions(ids: readonly string[], emails: readonly string[], reason: string, now: number): Promise<number> {
    let query = this.db
      .updateTable('subscribers')
      .set({ status: 'stopped', confirm_hash: null, stopped_reason: reason, stopped_at: now, updated_at: now })
      .where('id', 'in', ids)
      .where('status', 'in', ['active', 'pending']);
    if (emails.length > 0) query = query.where('email', 'in', emails);
    return Number((await query.executeTakeFirst()).numUpdatedRows);
  }

  /** Whether an account with this address is a member or a reader of the blog (its private posts may go to it). */
  async isMemberAddress(blogId: string, email: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .select('memberships.user_id')
      .where('memberships.blog_id', '=', blogId)
      .where('users.email', '=', email.toLowerCase())
      .executeTakeFirst();
    return row !== undefined;
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
