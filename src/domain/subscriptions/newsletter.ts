/**
 * Mailing posts to a blog's subscribers, through the job queue. A post going live for the first time
 * queues one `mail.post` job (keyed by the post, so never twice, also when it is unpublished and
 * published again, or edited); that job queues one `mail.post-to` per active subscriber (keyed by post
 * and subscriber); each of those sends one mail and records it in the ledger, which a re-run reads
 * first. A mail is sent again only when its worker died between the SMTP server taking it and the
 * ledger write (milliseconds); its Message-ID is the same, so mail systems can drop the copy.
 * A 5xx answer stops the address; a 4xx (or no answer) is tried again with backoff.
 */
import type { SubscriberRepository } from '../../storage/repositories/subscriber.repository.js';
import type { BlogRepository } from '../../storage/repositories/blog.repository.js';
import type { PostRepository } from '../../storage/repositories/post.repository.js';
import type { BlogRow, PostRow } from '../../storage/schema.js';
import { isRightToLeft } from '../text/direction.js';
import type { JobQueue } from '../jobs/job-queue.js';
import { composePostMail, escapeHtml } from './post-mail.js';
import { MailRejectedError, type MailTransport } from './mail-transport.js';
import type { SubscriptionService } from './subscription.service.js';

export interface NewsletterOptions {
  /** The blog's address without the trailing slash, from configuration. */
  origin(blog: BlogRow): string;
  /** The address in MAIL_FROM. */
  fromAddress: string;
  baseDomain: string;
  now?: () => number;
}

const PAGE = 500;

/** A post goes out while it is live, or, sent "by e-mail only", while it is not withdrawn to the trash. */
const mailable = (post: PostRow) => post.trashed_at === null && (post.status === 'live' || post.mail_mode === 'mail-only');

export class Newsletter {
  private readonly now: () => number;

  constructor(
    private readonly deps: {
      subscribers: SubscriberRepository;
      blogs: BlogRepository;
      posts: PostRepository;
      subscriptions: SubscriptionService;
      transport: MailTransport;
      jobs: JobQueue;
    },
    private readonly options: NewsletterOptions,
  ) {
    this.now = options.now ?? Date.now;
    deps.jobs.handle('mail.post', (p: { blogId: string; postId: string }) => this.fanOut(p.blogId, p.postId));
    deps.jobs.handle('mail.post-to', (p: { blogId: string; postId: string; subscriberId: string }) => this.sendOne(p));
    deps.jobs.handle('mail.subscription-confirm', (p: { subscriberId: string; token: string }) => this.sendConfirm(p));
  }

  /**
   * Called when a post goes live for the first time, or is sent "by e-mail only": queues its mailing (once
   * per post, ever). A post published "blog only" is not mailed.
   */
  async postPublished(post: Pick<PostRow, 'id' | 'blog_id'> & Partial<Pick<PostRow, 'kind' | 'mail_mode'>>): Promise<void> {
    if (post.kind === 'page' || post.mail_mode === 'blog-only') return;
    await this.deps.jobs.enqueue({
      kind: 'mail.post',
      payload: { blogId: post.blog_id, postId: post.id },
      key: post.id,
      blogId: post.blog_id,
    });
  }

  private listHost(blog: BlogRow): string {
    return `${blog.name}.${this.options.baseDomain}`;
  }

  /** Queues one mail per active every-post subscriber, a page at a time (a re-run adds only the missing ones). */
  private async fanOut(blogId: string, postId: string): Promise<void> {
    const post = await this.deps.posts.findById(blogId, postId);
    if (!post || post.kind !== 'post' || post.mail_mode === 'blog-only' || !mailable(post)) return;
    let after = '';
    for (;;) {
      const page = await this.deps.subscribers.listActive(blogId, 'each', after, PAGE);
      for (const s of page)
        await this.deps.jobs.enqueue({
          kind: 'mail.post-to',
          payload: { blogId, postId, subscriberId: s.id },
          key: `${postId}:${s.id}`,
          blogId,
        });
      if (page.length < PAGE) return;
      after = page.at(-1)!.id;
    }
  }

  private async sendOne(p: { blogId: string; postId: string; subscriberId: string }): Promise<void> {
    const { subscribers } = this.deps;
    if (await subscribers.findMail(p.postId, p.subscriberId)) return;
    const subscriber = await subscribers.findById(p.subscriberId);
    const blog = await this.deps.blogs.findById(p.blogId);
    const post = blog ? await this.deps.posts.findById(blog.id, p.postId) : undefined;
    // Left since it was queued, or the post went offline: nothing to send.
    if (!subscriber || subscriber.status !== 'active' || !blog || !post || !mailable(post)) return;
    const origin = this.options.origin(blog);
    const mail = composePostMail({
      blog,
      post,
      subscriber,
      origin,
      unsubscribeUrl: `${origin}/unsubscribe?t=${this.deps.subscriptions.unsubscribeToken(subscriber.id)}`,
      fromAddress: this.options.fromAddress,
      listHost: this.listHost(blog),
      rightToLeft: isRightToLeft(blog.language),
      onBlog: post.status === 'live',
    });
    const record = (status: 'sent' | 'bounced', error: string | null) =>
      subscribers.recordMail({
        blogId: blog.id,
        postId: post.id,
        subscriberId: subscriber.id,
        status,
        messageId: mail.messageId,
        error,
        now: this.now(),
      });
    try {
      await this.deps.transport.send(mail);
    } catch (error) {
      if (!(error instanceof MailRejectedError) || error.code < 500) throw error;
      // A hard bounce: the address does not take mail; no more is sent to it.
      await record('bounced', error.message);
      await subscribers.setStatus(subscriber.id, 'stopped', this.now(), error.message.slice(0, 500));
      return;
    }
    await record('sent', null);
  }

  private async sendConfirm(p: { subscriberId: string; token: string }): Promise<void> {
    const subscriber = await this.deps.subscribers.findById(p.subscriberId);
    if (!subscriber || subscriber.status !== 'pending') return;
    const blog = await this.deps.blogs.findById(subscriber.blog_id);
    if (!blog) return;
    const link = `${this.options.origin(blog)}/subscribe/confirm?t=${p.token}`;
    const text = [
      `Someone, probably you, asked to follow ${blog.title} by e-mail as ${subscriber.email}.`,
      '',
      `To confirm, open this link within 7 days:`,
      link,
      '',
      'If it was not you, ignore this mail: nothing will be sent to you.',
    ].join('\n');
    const safeLink = escapeHtml(link);
    const html = [
      `<p>Someone, probably you, asked to follow ${escapeHtml(blog.title)} by e-mail as ${escapeHtml(subscriber.email)}.</p>`,
      `<p><a href="${safeLink}">Confirm my subscription</a> (within 7 days)</p>`,
      '<p>If it was not you, ignore this mail: nothing will be sent to you.</p>',
    ].join('\n');
    try {
      await this.deps.transport.send({
        from: { name: blog.title, address: this.options.fromAddress },
        to: subscriber.email,
        subject: `Confirm that you follow ${blog.title}`,
        text,
        html,
        messageId: `<confirm.${subscriber.id}.${this.now()}@${this.listHost(blog)}>`,
        headers: {},
      });
    } catch (error) {
      if (error instanceof MailRejectedError && error.code >= 500) {
        await this.deps.subscribers.setStatus(subscriber.id, 'stopped', this.now(), error.message.slice(0, 500));
        return;
      }
      throw error;
    }
  }
}
