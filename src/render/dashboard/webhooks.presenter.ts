/** The webhooks pages' view models: each endpoint with its events and state, and its deliveries with every try. */
import { BLOG_EVENTS } from '../../domain/webhooks/blog-events.js';
import type { DeliveryWithAttempts } from '../../domain/webhooks/webhook.service.js';
import type { WebhookRow } from '../../storage/schema.js';
import { formatDateTime } from '../dates.js';

export function presentWebhook(hook: WebhookRow) {
  return {
    id: hook.id,
    url: hook.url,
    events: JSON.parse(hook.events) as string[],
    enabled: hook.disabled_at === null,
    failures: Number(hook.failures),
  };
}

/** The events to choose from, each with the catalogue key of its name. */
export function eventChoices(chosen: readonly string[] = []) {
  return BLOG_EVENTS.map((name) => ({ name, key: `admin.webhooks.event.${name}`, checked: chosen.includes(name) }));
}

export function presentDelivery(delivery: DeliveryWithAttempts, language: string, timeZone: string) {
  const at = (ms: number) => ({ text: formatDateTime(Number(ms), language, timeZone), iso: new Date(Number(ms)).toISOString() });
  return {
    id: delivery.id,
    event: delivery.event,
    status: delivery.status,
    created: at(delivery.created_at),
    payload: delivery.payload,
    tries: delivery.tries.map((t) => ({
      at: at(t.at),
      code: t.response_code,
      ok: t.error === null,
      error: t.error,
      ms: Number(t.duration_ms),
    })),
  };
}
