/** A blog's webhook endpoints, their deliveries and each try of a delivery (see migrations/20261204T1100-webhooks.ts). */
import type { Kysely } from 'kysely';
import type { Database, WebhookAttemptRow, WebhookDeliveryRow, WebhookDeliveryStatus, WebhookRow } from '../schema.js';

export class WebhookRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: Omit<WebhookRow, 'failures'>): Promise<void> {
    await this.db.insertInto('webhooks').values(row).execute();
  }

  listOfBlog(blogId: string): Promise<WebhookRow[]> {
    return this.db.selectFrom('webhooks').selectAll().where('blog_id', '=', blogId).orderBy('created_at', 'asc').orderBy('id').execute();
  }

  countOfBlog(blogId: string): Promise<number> {
    return this.db
      .selectFrom('webhooks')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('blog_id', '=', blogId)
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.n));
  }

  find(blogId: string, id: string): Promise<WebhookRow | undefined> {
    return this.db.selectFrom('webhooks').selectAll().where('blog_id', '=', blogId).where('id', '=', id).executeTakeFirst();
  }

  findById(id: string): Promise<WebhookRow | undefined> {
    return this.db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async remove(blogId: string, id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('webhooks').where('blog_id', '=', blogId).where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Turns an endpoint on (with its failure count cleared) or off. */
  async setDisabled(blogId: string, id: string, disabledAt: number | null): Promise<boolean> {
    const result = await this.db
      .updateTable('webhooks')
      .set({ disabled_at: disabledAt, ...(disabledAt === null ? { failures: 0 } : {}) })
      .where('blog_id', '=', blogId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** The blog's endpoints that are on; the caller picks those subscribed to an event. */
  listActive(blogId: string): Promise<WebhookRow[]> {
    return this.db.selectFrom('webhooks').selectAll().where('blog_id', '=', blogId).where('disabled_at', 'is', null).execute();
  }

  /** Counts one more delivery failed for good; returns the count of failures in a row. */
  async addFailure(id: string): Promise<number> {
    await this.db
      .updateTable('webhooks')
      .set((eb) => ({ failures: eb('failures', '+', 1) }))
      .where('id', '=', id)
      .execute();
    const row = await this.db.selectFrom('webhooks').select('failures').where('id', '=', id).executeTakeFirst();
    return Number(row?.failures ?? 0);
  }

  async clearFailures(id: string): Promise<void> {
    await this.db.updateTable('webhooks').set({ failures: 0 }).where('id', '=', id).execute();
  }

  async disable(id: string, now: number): Promise<void> {
    await this.db.updateTable('webhooks').set({ disabled_at: now }).where('id', '=', id).where('disabled_at', 'is', null).execute();
  }

  async insertDelivery(row: Omit<WebhookDeliveryRow, 'attempts'>): Promise<void> {
    await this.db.insertInto('webhook_deliveries').values(row).execute();
  }

  findDelivery(id: string): Promise<WebhookDeliveryRow | undefined> {
    return this.db.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findDeliveryOfBlog(blogId: string, id: string): Promise<WebhookDeliveryRow | undefined> {
    return this.db.selectFrom('webhook_deliveries').selectAll().where('blog_id', '=', blogId).where('id', '=', id).executeTakeFirst();
  }

  /** Records one try of a delivery and the delivery's state after it. */
  async recordAttempt(attempt: WebhookAttemptRow, status: WebhookDeliveryStatus): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('webhook_attempts').values(attempt).execute();
      await trx
        .updateTable('webhook_deliveries')
        .set((eb) => ({
          status,
          attempts: eb('attempts', '+', 1),
          response_code: attempt.response_code,
          error: attempt.error,
          last_attempt_at: attempt.at,
        }))
        .where('id', '=', attempt.delivery_id)
        .execute();
    });
  }

  async setDeliveryStatus(id: string, status: WebhookDeliveryStatus): Promise<void> {
    await this.db.updateTable('webhook_deliveries').set({ status }).where('id', '=', id).execute();
  }

  /** An endpoint's newest deliveries. */
  listDeliveries(webhookId: string, limit: number): Promise<WebhookDeliveryRow[]> {
    return this.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('webhook_id', '=', webhookId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  }

  /** Every try of these deliveries, oldest first. */
  async attemptsOf(deliveryIds: readonly string[]): Promise<WebhookAttemptRow[]> {
    if (deliveryIds.length === 0) return [];
    return this.db
      .selectFrom('webhook_attempts')
      .selectAll()
      .where('delivery_id', 'in', deliveryIds)
      .orderBy('at', 'asc')
      .orderBy('id', 'asc')
      .execute();
  }
}
