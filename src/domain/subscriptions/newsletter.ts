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
import type { BlogRow, PostRow, SubscriberRow } from '../../storage/schema.js';
import { isRightToLeft } from '../text/direction.js';
import type { WordingFor } from '../text/wording.js';
import { defaultBackoff, type JobContext, type JobQueue } from '../jobs/job-queue.js';
import { composePostMail, escapeHtml } from './post-mail.js';
import { MailRejectedError, type MailTransport } from './mail-transport.js';
import type { SubscriptionService } from './subscription.service.js';

export interface NewsletterOptions {
  /** The blog's address without the trailing slash, from configuration. */
  origin(blog: BlogRow): string;
  /** The address in MAIL_FROM. */
  fromAddress: string;
  baseDomain: string;
  /** The words of a mail in the blog's language (services.ts: the catalogues). */
  wording: WordingFor;
  now?: () => number;
}

const PAGE = 500;
/** Subscribers one `mail.post-batch` job mails. */
const BATCH = 50;

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
      /** Whether the address is a member's or a reader's of the (private) blog: only they are mailed its posts. */
      mayRead: (blogId: string, email: string) => Promise<boolean>;
    },
    private readonly options: NewsletterOptions,
  ) {
    this.now = options.now ?? Date.now;
    deps.jobs.handle('mail.post', (p: { blogId: string; postId: string }) => this.fanOut(p.blogId, p.postId));
    deps.jobs.handle('mail.post-batch', (p: { blogId: string; postId: string; ids: string[] }, run) => this.sendBatch(p, run));
    deps.jobs.handle('mail.post-to', (p: { blogId: string; postId: string; subscriberId: string }, run) => this.sendOne(p, run));
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

  /**
   * Queues the post's mailing as batches of up to BATCH active every-post subscribers (keyed by post and
   * the batch's first subscriber, so a re-run adds only the missing batches).
   */
  private async fanOut(blogId: string, postId: string): Promise<void> {
    const post = await this.deps.posts.findById(blogId, postId);
    if (!post || post.kind !== 'post' || post.mail_mode === 'blog-only' || !mailable(post)) return;
    let after = '';
    for (;;) {
      const page = await this.deps.subscribers.listActive(blogId, 'each', after, PAGE);
      for (let i = 0; i < page.length; i += BATCH) {
        const ids = page.slice(i, i + BATCH).map((s) => s.id);
        await this.deps.jobs.enqueue({ kind: 'mail.post-batch', payload: { blogId, postId, ids }, key: `${postId}:${ids[0]}`, blogId });
      }
      if (page.length < PAGE) return;
      after = page.at(-1)!.id;
    }
  }

  /** A batch of subscribers: the blog and post are read once, then each mail is claimed, sent and marked. */
  private async sendBatch(p: { blogId: string; postId: string; ids: string[] }, run: JobContext): Promise<void> {
    const blog = await this.deps.blogs.findById(p.blogId);
    const post = blog ? await this.deps.posts.findById(blog.id, p.postId) : undefined;
    if (!blog || !post || !mailable(post)) return;
    const marks = await this.deps.subscribers.findMails(p.postId, p.ids);
    for (const subscriber of await this.deps.subscribers.findByIds(p.ids)) {
      const mark = marks.get(subscriber.id);
      if (mark && (mark.status !== 'sending' || !mark.claim?.startsWith(`${run.jobId}:`))) continue;
      const deferred = await this.sendTo(blog, post, subscriber, run, mark?.claim ?? null).catch((error: unknown) => error);
      if (!(deferred instanceof Error)) continue;
      // 4xx or no answer: this address is tried again later on its own, the rest of the batch goes on.
      if (!(deferred instanceof MailRejectedError)) throw deferred;
      await this.deps.jobs.enqueue({
        kind: 'mail.post-to',
        payload: { blogId: blog.id, postId: post.id, subscriberId: subscriber.id },
        key: `${post.id}:${subscriber.id}`,
        runAt: this.now() + defaultBackoff(1),
        blogId: blog.id,
      });
    }
  }

  /** One subscriber on their own: a retry after a 4xx in a batch. */
  private async sendOne(p: { blogId: string; postId: string; subscriberId: string }, run: JobContext): Promise<void> {
    const mark = (await this.deps.subscribers.findMails(p.postId, [p.subscriberId])).get(p.subscriberId);
    if (mark && (mark.status !== 'sending' || !mark.claim?.startsWith(`${run.jobId}:`))) return;
    const subscriber = await this.deps.subscribers.findById(p.subscriberId);
    const blog = await this.deps.blogs.findById(p.blogId);
    const post = blog ? await this.deps.posts.findById(blog.id, p.postId) : undefined;
    if (!subscriber || !blog || !post || !mailable(post)) return;
    await this.sendTo(blog, post, subscriber, run, mark?.claim ?? null);
  }

  /**
   * The post to one subscriber, exactly once: the ledger row is claimed (`sending`, under this job run)
   * before the SMTP transaction and turned to `sent` after it, so no other process sends it. A row still
   * `sending` under an earlier run of the same job (`previous`) was left by a worker that died: that mail
   * is in doubt and is sent again, under the same Message-ID (docs/mail.md, "Exactly once"). Throws on a 4xx or no
   * answer (the claim is given back); a 5xx stops the address.
   */
  private async sendTo(blog: BlogRow, post: PostRow, subscriber: SubscriberRow, run: JobContext, previous: string | null): Promise<void> {
    const { subscribers } = this.deps;
    if (subscriber.status !== 'active') return;
    if (blog.visibility === 'private' && !(await this.deps.mayRead(blog.id, subscriber.email))) return;
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
      wording: this.options.wording(blog.language, blog.text_overrides),
    });
    const claim = `${run.jobId}:${run.attempt}`;
    const ids = { postId: post.id, subscriberId: subscriber.id, claim };
    if (!(await subscribers.claimMail({ ...ids, blogId: blog.id, messageId: mail.messageId, previous, now: this.now() }))) return;
    try {
      await this.deps.transport.send(mail);
    } catch (error) {
      if (!(error instanceof MailRejectedError) || error.code < 500) {
        await subscribers.releaseMail(post.id, subscriber.id, claim);
        throw error;
      }
      // A hard bounce: the address does not take mail; no more is sent to it.
      await subscribers.finishMail({ ...ids, status: 'bounced', error: error.message.slice(0, 500), now: this.now() });
      await subscribers.setStatus(subscriber.id, 'stopped', this.now(), error.message.slice(0, 500));
      return;
    }
    await subscribers.finishMail({ ...ids, status: 'sent', error: null, now: this.now() });
  }

  private async sendConfirm(p: { subscriberId: string; token: string }): Promise<void> {
    const subscriber = await this.deps.subscribers.findById(p.subscriberId);
    if (!subscriber || subscriber.status !== 'pending') return;
    const blog = await this.deps.blogs.findById(subscriber.blog_id);
    if (!blog) return;
    const link = `${this.options.origin(blog)}/subscribe/confirm?t=${p.token}`;
    const wording = this.options.wording(blog.language, blog.text_overrides);
    const asked = { blog: blog.title, email: subscriber.email };
    const text = [
      wording.text('mail.confirm.asked', asked),
      '',
      wording.text('mail.confirm.open'),
      link,
      '',
      wording.text('mail.confirm.notYou'),
    ].join('\n');
    const dir = isRightToLeft(blog.language) ? 'rtl' : 'ltr';
    const html = [
      `<div lang="${escapeHtml(blog.language)}" dir="${dir}">`,
      `<p>${wording.html('mail.confirm.asked', asked).html}</p>`,
      `<p><a href="${escapeHtml(link)}">${wording.html('mail.confirm.button').html}</a></p>`,
      `<p>${wording.html('mail.confirm.days').html}</p>`,
      `<p>${wording.html('mail.confirm.notYou').html}</p>`,
      '</div>',
    ].join('\n');
    try {
      await this.deps.transport.send({
        from: { name: blog.title, address: this.options.fromAddress },
        to: subscriber.email,
        subject: wording.text('mail.confirm.subject', { blog: blog.title }),
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
