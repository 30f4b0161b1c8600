/**
 * The weekly digest for subscribers who chose it: every Monday at 08:00 in the blog's time zone, one
 * mail with the posts published since the Monday before. Runs on the job queue like a post's mailing: a
 * `mail.digest` job per blog and week (keyed, so once per week however many processes schedule it)
 * queues one `mail.digest-to` per weekly subscriber (keyed by week and subscriber), each of which reads
 * the ledger first and records its mail. A week without posts sends nothing. Each digest job queues the
 * next week's; `start` also looks every hour for blogs whose first weekly subscriber just confirmed.
 */
import type { BlogRepository } from '../../storage/repositories/blog.repository.js';
import type { DigestRepository } from '../../storage/repositories/digest.repository.js';
import type { SubscriberRepository } from '../../storage/repositories/subscriber.repository.js';
import type { BlogRow } from '../../storage/schema.js';
import type { JobQueue } from '../jobs/job-queue.js';
import { isRightToLeft } from '../text/direction.js';
import { dayIn, zonedInputToMs } from '../text/zoned-time.js';
import { composeDigestMail } from './digest-mail.js';
import { MailRejectedError, type MailTransport } from './mail-transport.js';
import type { NewsletterOptions } from './newsletter.js';
import type { SubscriptionService } from './subscription.service.js';

const DAY = 86_400_000;
const SEND_TIME = '08:00';
const PAGE = 500;
/** At most this many posts in one digest; a busier week links the rest from the blog's home. */
const MOST_POSTS = 30;

/** The Monday (YYYY-MM-DD) of the week `ms` falls in, in `timeZone`, moved by `weeks`. */
export function mondayOf(ms: number, timeZone: string, weeks = 0): string {
  const [y, m, d] = dayIn(ms, timeZone).split('-').map(Number) as [number, number, number];
  const utc = Date.UTC(y, m - 1, d);
  const monday = utc - ((new Date(utc).getUTCDay() + 6) % 7) * DAY + weeks * 7 * DAY;
  return new Date(monday).toISOString().slice(0, 10);
}

/** When a week's digest goes out: its Monday at 08:00 in the blog's time zone. */
export const sendTimeOf = (week: string, timeZone: string): number => zonedInputToMs(`${week}T${SEND_TIME}`, timeZone)!;

export class WeeklyDigest {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly deps: {
      digests: DigestRepository;
      subscribers: SubscriberRepository;
      blogs: BlogRepository;
      subscriptions: SubscriptionService;
      transport: MailTransport;
      jobs: JobQueue;
      /** Whether the address is a member's or a reader's of the (private) blog. */
      mayRead: (blogId: string, email: string) => Promise<boolean>;
    },
    private readonly options: NewsletterOptions & { now: () => number },
  ) {
    deps.jobs.handle('mail.digest', (p: { blogId: string; week: string }) => this.fanOut(p.blogId, p.week));
    deps.jobs.handle('mail.digest-to', (p: { blogId: string; week: string; subscriberId: string }) => this.sendOne(p));
  }

  /** Queues the next digest of every blog that has weekly subscribers (a digest already queued stays as it is). */
  async scheduleAll(): Promise<void> {
    for (const blogId of await this.deps.digests.blogsWithWeeklySubscribers()) {
      const blog = await this.deps.blogs.findById(blogId);
      if (blog) await this.schedule(blog, this.nextWeek(blog));
    }
  }

  start(minutes = 60): void {
    const tick = () => void this.scheduleAll().catch(() => {});
    tick();
    this.timer = setInterval(tick, minutes * 60_000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** The first Monday whose send time is still ahead. */
  private nextWeek(blog: BlogRow): string {
    const now = this.options.now();
    const thisWeek = mondayOf(now, blog.time_zone);
    return sendTimeOf(thisWeek, blog.time_zone) > now ? thisWeek : mondayOf(now, blog.time_zone, 1);
  }

  private schedule(blog: BlogRow, week: string): Promise<unknown> {
    return this.deps.jobs.enqueue({
      kind: 'mail.digest',
      payload: { blogId: blog.id, week },
      key: `${blog.id}:${week}`,
      runAt: sendTimeOf(week, blog.time_zone),
      blogId: blog.id,
    });
  }

  private async fanOut(blogId: string, week: string): Promise<void> {
    const blog = await this.deps.blogs.findById(blogId);
    if (!blog) return;
    await this.schedule(blog, mondayOf(sendTimeOf(week, blog.time_zone), blog.time_zone, 1));
    const posts = await this.postsOf(blog, week);
    if (posts.length === 0) return;
    let after = '';
    for (;;) {
      const page = await this.deps.subscribers.listActive(blogId, 'weekly', after, PAGE);
      for (const s of page)
        await this.deps.jobs.enqueue({
          kind: 'mail.digest-to',
          payload: { blogId, week, subscriberId: s.id },
          key: `${blogId}:${week}:${s.id}`,
          blogId,
        });
      if (page.length < PAGE) return;
      after = page.at(-1)!.id;
    }
  }

  /** The posts published from the Monday before at 08:00 up to this Monday at 08:00. */
  private postsOf(blog: BlogRow, week: string) {
    const to = sendTimeOf(week, blog.time_zone);
    const from = sendTimeOf(mondayOf(to, blog.time_zone, -1), blog.time_zone);
    return this.deps.digests.postsBetween(blog.id, from, to, MOST_POSTS);
  }

  private async sendOne(p: { blogId: string; week: string; subscriberId: string }): Promise<void> {
    const { digests, subscribers } = this.deps;
    if (await digests.wasSent(p.blogId, p.week, p.subscriberId)) return;
    const subscriber = await subscribers.findById(p.subscriberId);
    const blog = await this.deps.blogs.findById(p.blogId);
    if (!subscriber || subscriber.status !== 'active' || subscriber.frequency !== 'weekly' || !blog) return;
    if (blog.visibility === 'private' && !(await this.deps.mayRead(blog.id, subscriber.email))) return;
    const posts = await this.postsOf(blog, p.week);
    if (posts.length === 0) return;
    const origin = this.options.origin(blog);
    const listHost = `${blog.name}.${this.options.baseDomain}`;
    const mail = composeDigestMail({
      blog,
      posts,
      week: p.week,
      subscriber,
      origin,
      unsubscribeUrl: `${origin}/unsubscribe?t=${this.deps.subscriptions.unsubscribeToken(subscriber.id)}`,
      fromAddress: this.options.fromAddress,
      listHost,
      rightToLeft: isRightToLeft(blog.language),
      wording: this.options.wording(blog.language, blog.text_overrides),
    });
    const record = (status: 'sent' | 'bounced', error: string | null) =>
      digests.record({
        blogId: blog.id,
        week: p.week,
        subscriberId: subscriber.id,
        status,
        messageId: mail.messageId,
        error,
        now: this.options.now(),
      });
    try {
      await this.deps.transport.send(mail);
    } catch (error) {
      if (!(error instanceof MailRejectedError) || error.code < 500) throw error;
      await record('bounced', error.message);
      await subscribers.setStatus(subscriber.id, 'stopped', this.options.now(), error.message.slice(0, 500));
      return;
    }
    await record('sent', null);
  }
}
