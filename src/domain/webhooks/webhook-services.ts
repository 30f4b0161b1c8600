/**
 * The webhooks' parts, built from what services.ts already has: the endpoints and their deliveries,
 * the job that sends a delivery (registered on the queue here), and the feed that turns what services
 * did into blog events.
 */
import type { Kysely } from 'kysely';
import type { BlogRow, Database, PostRow } from '../../storage/schema.js';
import type { BlogRepository } from '../../storage/repositories/blog.repository.js';
import { WebhookRepository } from '../../storage/repositories/webhook.repository.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { OutboundPolicy } from '../net/url-fetch-guard.js';
import { BlogEventFeed, type PostChange } from './blog-event-feed.js';
import type { PostRepository } from '../../storage/repositories/post.repository.js';
import type { UserService } from '../users/user.service.js';
import { WebhookDelivery } from './webhook-delivery.js';
import { WebhookService, WEBHOOK_JOB, type WebhookJob } from './webhook.service.js';

export interface WebhookParts {
  db: Kysely<Database>;
  jobs: JobQueue;
  outbound: OutboundPolicy;
  blogs: BlogRepository;
  homeUrl: (blog: BlogRow) => string;
  posts: PostRepository;
  users: UserService;
  /** Mails a post to its subscribers (the newsletter). */
  mailed: (post: Pick<PostRow, 'id' | 'blog_id' | 'kind' | 'mail_mode'>) => Promise<void>;
  now: () => number;
  onError?: (error: unknown) => void;
}

export function createWebhookServices(parts: WebhookParts) {
  const rows = new WebhookRepository(parts.db);
  const webhooks = new WebhookService(rows, parts.jobs, parts.outbound, parts.now, parts.onError);
  const delivery = new WebhookDelivery(rows, parts.outbound, parts.now);
  parts.jobs.handle<WebhookJob>(WEBHOOK_JOB, (job, context) => delivery.deliver(job, context));
  const events = new BlogEventFeed(webhooks, parts.blogs, parts.homeUrl);
  parts.users.onMemberAdded((blogId, userId, role) => events.memberAdded(blogId, userId, role));
  return {
    webhooks,
    events,
    /** What the blog's webhooks are told of: posts going live, changed, unpublished, trashed. */
    postChanged: (change: PostChange, post: PostRow) => events.post(change, post),
    /** A scheduled post reaching its time: mailed, and told to the webhooks. */
    scheduledLive: async (post: Pick<PostRow, 'id' | 'blog_id' | 'kind' | 'mail_mode'>) => {
      await parts.mailed(post);
      const row = await parts.posts.findById(post.blog_id, post.id);
      if (row) await events.post('published', row);
    },
  };
}
