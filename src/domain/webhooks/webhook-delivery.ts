/**
 * Sends one webhook delivery, as a job of the durable queue: the body is signed by the Standard Webhooks
 * scheme (`webhook-id`, `webhook-timestamp`, and `webhook-signature: v1,<base64 HMAC-SHA256 of
 * "id.timestamp.body">` with the endpoint's secret), so a receiver checks it with any Standard Webhooks
 * library and refuses old timestamps and repeated IDs (replays). The request goes through the URL-fetch
 * guard and follows no redirect; a 2xx answer is success, anything else is tried again by the queue's
 * backoff until the job's last try, when the delivery fails. An endpoint whose deliveries failed
 * `DISABLE_AFTER` times in a row is turned off.
 */
import { Webhook } from 'standardwebhooks';
import { newId } from '../../storage/ids.js';
import type { WebhookRepository } from '../../storage/repositories/webhook.repository.js';
import { PermanentJobError, type JobContext } from '../jobs/job-queue.js';
import { fetchGuarded, FetchRefusedError, type OutboundPolicy } from '../net/url-fetch-guard.js';
import type { WebhookJob } from './webhook.service.js';

/** Deliveries failed for good in a row that turn an endpoint off. */
export const DISABLE_AFTER = 5;
const TIMEOUT_MS = 10_000;

export class WebhookDelivery {
  constructor(
    private readonly hooks: WebhookRepository,
    private readonly outbound: OutboundPolicy,
    private readonly now: () => number,
  ) {}

  /** The job handler. Throws to be tried again; PermanentJobError when trying again cannot help. */
  async deliver(job: WebhookJob, context: JobContext): Promise<void> {
    const delivery = await this.hooks.findDelivery(job.deliveryId);
    if (!delivery) return; // The endpoint was removed, and its deliveries with it.
    const hook = await this.hooks.findById(delivery.webhook_id);
    if (!hook) return;
    if (hook.disabled_at !== null) {
      await this.hooks.setDeliveryStatus(delivery.id, 'failed');
      throw new PermanentJobError('The webhook is turned off.');
    }
    const started = this.now();
    const clock = performance.now();
    const timestamp = new Date(Math.floor(started / 1000) * 1000);
    const signature = new Webhook(hook.secret).sign(delivery.id, timestamp, delivery.payload);
    let code: number | null = null;
    let error: string | null = null;
    let refused = false;
    try {
      const answer = await fetchGuarded(
        hook.url,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'Dastan-Webhooks',
            'webhook-id': delivery.id,
            'webhook-timestamp': String(timestamp.getTime() / 1000),
            'webhook-signature': signature,
          },
          body: delivery.payload,
          timeoutMs: TIMEOUT_MS,
          maxBytes: 64 * 1024,
          maxRedirects: 0,
        },
        this.outbound,
      );
      code = answer.status;
      if (code < 200 || code >= 300) error = `The endpoint answered ${code}.`;
    } catch (failure) {
      refused = failure instanceof FetchRefusedError;
      error = `The delivery failed: ${(failure as Error).message}.`;
    }
    const last = refused || context.attempt >= job.maxAttempts;
    const status = error === null ? 'delivered' : last ? 'failed' : 'pending';
    await this.hooks.recordAttempt(
      {
        id: newId(started),
        delivery_id: delivery.id,
        at: started,
        response_code: code,
        error,
        duration_ms: Math.round(performance.now() - clock),
      },
      status,
    );
    if (error === null) {
      await this.hooks.clearFailures(hook.id);
      return;
    }
    if (last && (await this.hooks.addFailure(hook.id)) >= DISABLE_AFTER) await this.hooks.disable(hook.id, this.now());
    if (refused) throw new PermanentJobError(error);
    throw new Error(error);
  }
}
