/**
 * The mail that goes to readers, wired once: the transport (SMTP_URL's server, or the log), the
 * addresses links in mail use, the newsletter (each post to every-post subscribers) and the weekly digest.
 */
import type { Kysely } from 'kysely';
import type { BlogRepository } from '../../storage/repositories/blog.repository.js';
import { DigestRepository } from '../../storage/repositories/digest.repository.js';
import type { PostRepository } from '../../storage/repositories/post.repository.js';
import type { SubscriberRepository } from '../../storage/repositories/subscriber.repository.js';
import type { BlogRow, Database } from '../../storage/schema.js';
import type { JobQueue } from '../jobs/job-queue.js';
import { WeeklyDigest } from './digest.js';
import { LogTransport, SmtpTransport, type MailTransport } from './mail-transport.js';
import { Newsletter } from './newsletter.js';
import { RateLimitedTransport, type MailRate } from './mail-rate.js';
import { MailClockRepository } from '../../storage/repositories/mail-clock.repository.js';
import { BounceMailbox } from './bounce-mailbox.js';
import type { SubscriptionService } from './subscription.service.js';
import type { WordingFor } from '../text/wording.js';

export interface MailServiceParts {
  db: Kysely<Database>;
  blogs: BlogRepository;
  posts: PostRepository;
  subscribers: SubscriberRepository;
  subscriptions: SubscriptionService;
  jobs: JobQueue;
  /** A transport given by the caller (tests: a real SMTP peer); otherwise SMTP_URL's, or the log. */
  transport?: MailTransport;
  smtpUrl?: string;
  /** MAIL_FROM: its address is the mail's sender, with the blog's title as the name. */
  mailFrom?: string;
  /** MAIL_RATE: each message waits for its slot on the install's mail clock. */
  mailRate?: MailRate | null;
  /** BOUNCE_MAILDIR: where bounces and complaints arrive. */
  bounceMaildir?: string;
  baseDomain: string;
  /** The blog's address without the trailing slash (never a request's Host). */
  origin: (blog: BlogRow) => string;
  /** The words of a mail in the blog's language. */
  wording: WordingFor;
  now: () => number;
  onError?: (error: unknown) => void;
}

export function createMailServices(p: MailServiceParts) {
  const direct = p.transport ?? (p.smtpUrl ? new SmtpTransport(p.smtpUrl, { pool: true }) : new LogTransport());
  // The mail clock spaces messages in real time, whatever clock the rest runs on.
  const transport = p.mailRate ? new RateLimitedTransport(direct, new MailClockRepository(p.db), p.mailRate, Date.now) : direct;
  const bounces = p.bounceMaildir ? new BounceMailbox(p.bounceMaildir, p.subscribers, p.now, p.onError) : undefined;
  const options = {
    origin: p.origin,
    fromAddress: /<([^>]+)>/.exec(p.mailFrom ?? '')?.[1] ?? p.mailFrom ?? `no-reply@${p.baseDomain}`,
    baseDomain: p.baseDomain,
    wording: p.wording,
    now: p.now,
  };
  const mayRead = (blogId: string, email: string) => p.subscribers.isMemberAddress(blogId, email);
  const readers = { subscribers: p.subscribers, blogs: p.blogs, subscriptions: p.subscriptions, transport, jobs: p.jobs, mayRead };
  const newsletter = new Newsletter({ ...readers, posts: p.posts }, options);
  const digest = new WeeklyDigest({ ...readers, digests: new DigestRepository(p.db) }, options);
  return { transport, fromAddress: options.fromAddress, newsletter, digest, bounces };
}
