/**
 * A blog's webhooks: its owners add endpoints (an http(s) address and the events it wants); each gets a
 * signing secret in the Standard Webhooks format. An event on the blog becomes one delivery per
 * endpoint that wants it, sent by the job queue (see webhook-delivery.ts); the dashboard lists each
 * endpoint's deliveries with every try, and a delivery can be sent again.
 */
import { randomBytes } from 'node:crypto';
import { InvalidInputError, NotFoundError } from '../errors.js';
import { newId } from '../../storage/ids.js';
import type { WebhookAttemptRow, WebhookDeliveryRow, WebhookRow } from '../../storage/schema.js';
import type { WebhookRepository } from '../../storage/repositories/webhook.repository.js';
import type { JobQueue } from '../jobs/job-queue.js';
import { addressValue, AllowList } from '../net/ip-ranges.js';
import { isPublicAddress, type OutboundPolicy } from '../net/url-fetch-guard.js';
import { isBlogEvent, type BlogEvents, type BlogEventType } from './blog-events.js';

export const WEBHOOK_JOB = 'webhook.deliver';
/** Tries of a delivery: with the queue's backoff (10 s doubling, at most 6 h) they span about a day. */
export const WEBHOOK_ATTEMPTS = 14;
const MAX_ENDPOINTS = 20;
const MAX_URL = 2000;

export interface WebhookJob {
  deliveryId: string;
  /** The tries this job has; its last one decides the delivery's fate. */
  maxAttempts: number;
}

export interface DeliveryWithAttempts extends WebhookDeliveryRow {
  tries: WebhookAttemptRow[];
}

export class WebhookService implements BlogEvents {
  constructor(
    private readonly hooks: WebhookRepository,
    private readonly jobs: JobQueue,
    private readonly outbound: OutboundPolicy,
    private readonly now: () => number,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  list(blogId: string): Promise<WebhookRow[]> {
    return this.hooks.listOfBlog(blogId);
  }

  async find(blogId: string, id: string): Promise<WebhookRow> {
    const hook = await this.hooks.find(blogId, id);
    if (!hook) throw new NotFoundError('This blog has no such webhook.');
    return hook;
  }

  /** Adds an endpoint; returns it with its secret. */
  async create(blogId: string, createdBy: string, url: string, events: readonly string[]): Promise<WebhookRow> {
    const address = this.checkAddress(url.trim());
    const chosen = [...new Set(events)];
    if (chosen.length === 0 || !chosen.every(isBlogEvent)) throw new InvalidInputError('Choose at least one event to send.', 'events');
    if ((await this.hooks.countOfBlog(blogId)) >= MAX_ENDPOINTS)
      throw new InvalidInputError(`A blog has at most ${MAX_ENDPOINTS} webhooks; remove one first.`);
    const now = this.now();
    const row = {
      id: newId(now),
      blog_id: blogId,
      url: address,
      secret: `whsec_${randomBytes(24).toString('base64')}`,
      events: JSON.stringify(chosen),
      created_by: createdBy,
      created_at: now,
      disabled_at: null,
    };
    await this.hooks.insert(row);
    return { ...row, failures: 0 };
  }

  async remove(blogId: string, id: string): Promise<void> {
    if (!(await this.hooks.remove(blogId, id))) throw new NotFoundError('This blog has no such webhook.');
  }

  /** Turns an endpoint back on (with its count of failures cleared), or off. */
  async setEnabled(blogId: string, id: string, enabled: boolean): Promise<void> {
    if (!(await this.hooks.setDisabled(blogId, id, enabled ? null : this.now()))) throw new NotFoundError('This blog has no such webhook.');
  }

  /** An endpoint's newest deliveries, each with its tries. */
  async deliveries(blogId: string, id: string, limit = 50): Promise<DeliveryWithAttempts[]> {
    await this.find(blogId, id);
    const rows = await this.hooks.listDeliveries(id, limit);
    const tries = await this.hooks.attemptsOf(rows.map((r) => r.id));
    return rows.map((row) => ({ ...row, tries: tries.filter((t) => t.delivery_id === row.id) }));
  }

  /** Sends a delivery of the blog again, once, now (its earlier tries stay in the log). */
  async redeliver(blogId: string, webhookId: string, deliveryId: string): Promise<WebhookDeliveryRow> {
    const delivery = await this.hooks.findDeliveryOfBlog(blogId, deliveryId);
    if (!delivery || delivery.webhook_id !== webhookId) throw new NotFoundError('This blog has no such delivery.');
    await this.hooks.setDeliveryStatus(delivery.id, 'pending');
    await this.jobs.enqueue({
      kind: WEBHOOK_JOB,
      payload: { deliveryId: delivery.id, maxAttempts: 1 } satisfies WebhookJob,
      key: `${delivery.id}:again:${Number(delivery.attempts)}`,
      maxAttempts: 1,
      blogId,
    });
    return delivery;
  }

  /** One delivery per active endpoint that wants the event, each queued as a job. Never throws. */
  async emit(blogId: string, type: BlogEventType, data: Record<string, unknown>): Promise<void> {
    try {
      const hooks = (await this.hooks.listActive(blogId)).filter((h) => (JSON.parse(h.events) as string[]).includes(type));
      const now = this.now();
      for (const hook of hooks) {
        const id = newId(now);
        // Standard Webhooks' payload: the event's type, when it happened, and its data.
        const payload = JSON.stringify({ type, timestamp: new Date(now).toISOString(), data });
        await this.hooks.insertDelivery({
          id,
          webhook_id: hook.id,
          blog_id: blogId,
          event: type,
          payload,
          status: 'pending',
          response_code: null,
          error: null,
          created_at: now,
          last_attempt_at: null,
        });
        await this.jobs.enqueue({
          kind: WEBHOOK_JOB,
          payload: { deliveryId: id, maxAttempts: WEBHOOK_ATTEMPTS } satisfies WebhookJob,
          key: id,
          maxAttempts: WEBHOOK_ATTEMPTS,
          blogId,
        });
      }
    } catch (error) {
      this.onError(error);
    }
  }

  /**
   * An endpoint's address: http(s), no user name, and not written as a private address unless the
   * install allows it (names are checked again at every delivery, by the URL-fetch guard).
   */
  private checkAddress(text: string): string {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new InvalidInputError('Enter the endpoint’s full address, starting with https://.', 'url');
    }
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || text.length > MAX_URL)
      throw new InvalidInputError('The endpoint’s address must start with https:// or http://.', 'url');
    if (url.username || url.password) throw new InvalidInputError('The endpoint’s address may not carry a user name or password.', 'url');
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const local = host === 'localhost' || host.endsWith('.localhost') || (addressValue(host) !== undefined && !isPublicAddress(host));
    const allow = new AllowList(this.outbound.allow);
    if (local && !allow.allowsHost(host) && !allow.allowsAddress(host))
      throw new InvalidInputError('Webhooks are not sent to local or private addresses.', 'url');
    return url.href;
  }
}
