/**
 * The webhooks' parts, built from what services.ts already has: the endpoints and their deliveries,
 * the job that sends a delivery (registered on the queue here), and the feed that turns what services
 * did into blog events.
 */
import type { Kysely } from 'kysely';
import type { BlogRow, Database } from '../../storage/schema.js';
import type { BlogRepository } from '../../storage/repositories/blog.repository.js';
import { WebhookRepository } from '../../storage/repositories/webhook.repository.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { OutboundPolicy } from '../net/url-fetch-guard.js';
import { BlogEventFeed } from './blog-event-feed.js';
import { WebhookDelivery } from './webhook-delivery.js';
import { WebhookService, WEBHOOK_JOB, type WebhookJob } from './webhook.service.js';

export interface WebhookParts {
  db: Kysely<Database>;
  jobs: JobQueue;
  outbound: OutboundPolicy;
  blogs: BlogRepository;
  homeUrl: (blog: BlogRow) => string;
  now: () => number;
  onError?: (error: unknown) => void;
}

export function createWebhookServices(parts: WebhookParts): { webhooks: WebhookService; events: BlogEventFeed } {
  const rows = new WebhookRepository(parts.db);
  const webhooks = new WebhookService(rows, parts.jobs, parts.outbound, parts.now, parts.onError);
  const delivery = new WebhookDelivery(rows, parts.outbound, parts.now);
  parts.jobs.handle<WebhookJob>(WEBHOOK_JOB, (job, context) => delivery.deliver(job, context));
  return { webhooks, events: new BlogEventFeed(webhooks, parts.blogs, parts.homeUrl) };
}
