/**
 * Following a blog by e-mail: a request (double opt-in: a signed, single-use confirm link that expires
 * after 7 days, mailed through the job queue), confirming, and leaving by a signed link. The answer to
 * a request is the same whether the address was new, pending or already following, so the form tells
 * no one who follows a blog.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { SubscriberRepository } from '../../storage/repositories/subscriber.repository.js';
import type { BlogRow, SubscriberFrequency, SubscriberRow } from '../../storage/schema.js';
import { newId } from '../../storage/ids.js';
import type { SignedTokens } from '../comments/signed-tokens.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import type { JobQueue } from '../jobs/job-queue.js';
import { isEmail } from '../users/user.service.js';
import { checkFormPace } from '../comments/form-pace.js';
import { screenSubscribeRequest, type SubscribeRequester, type SubscribeScreenParts } from './subscribe-screens.js';

export const CONFIRM_LINK_DAYS = 7;
/** At most one confirm mail per address per this many minutes, however often the form is sent. */
const CONFIRM_MAIL_WINDOW_MINUTES = 10;

export interface SubscriptionLinks {
  /** The blog's address without the trailing slash, from configuration. */
  origin(blog: BlogRow): string;
}

const hashOf = (nonce: string) => createHash('sha256').update(nonce).digest('hex');

/** The address as typed, trimmed and lower-cased, or a 400. */
function validEmail(input: string): string {
  const email = input.trim().toLowerCase();
  if (!isEmail(email) || email.length > 254)
    throw new InvalidInputError('Please enter your e-mail address, like you@example.com.', 'email');
  return email;
}

export class SubscriptionService {
  constructor(
    private readonly subscribers: SubscriberRepository,
    private readonly tokens: SignedTokens,
    private readonly jobs: JobQueue,
    private readonly now: () => number,
    private readonly screens: SubscribeScreenParts,
  ) {}

  /** The subscribe form's signed time stamp: the screens below read how long the form was open. */
  formStamp(blog: BlogRow): string {
    return this.tokens.sign('form', { b: blog.id, f: 'follow', t: this.now() });
  }

  /**
   * Asks to follow `blog` from the subscribe form, through the same screens as comments: the honeypot
   * (filled in: refused), the time to submit (within 3 s, after a day or from another blog's page:
   * refused), then the proof of work and the rate limits (subscribe-screens.ts), then `request`.
   * 'challenge': the page's script must solve a proof of work first; nothing was mailed.
   */
  async requestFromForm(
    blog: BlogRow,
    form: { email: string; frequency: SubscriberFrequency; stamp: string; honeypot: string },
    requester: SubscribeRequester,
  ): Promise<'requested' | 'challenge'> {
    if (form.honeypot.trim() !== '') throw new InvalidInputError('This request looks automated, so nothing was sent.', 'honeypot');
    checkFormPace(this.tokens, this.now(), form.stamp, (stamp) => stamp.b === blog.id && stamp.f === 'follow', 86_400_000, 'this blog');
    const email = validEmail(form.email);
    if ((await screenSubscribeRequest(this.screens, email, requester, this.now())) === 'challenge') return 'challenge';
    await this.request(blog, email, form.frequency);
    return 'requested';
  }

  /** A proof-of-work challenge for the subscribe form's script. */
  challenge() {
    return this.screens.proofOfWork.challenge();
  }

  /** Asks to follow `blog`: mails a confirm link unless the address already follows it. */
  async request(blog: BlogRow, emailInput: string, frequency: SubscriberFrequency): Promise<void> {
    const email = validEmail(emailInput);
    const now = this.now();
    const nonce = randomBytes(16).toString('base64url');
    let subscriber = await this.subscribers.findByEmail(blog.id, email);
    if (subscriber?.status === 'active') return;
    // Asked again soon after: the link already mailed stands (a new one would make it void), no new mail.
    if (subscriber?.status === 'pending' && now - Number(subscriber.updated_at) < CONFIRM_MAIL_WINDOW_MINUTES * 60_000) return;
    if (subscriber) await this.subscribers.renewPending(subscriber.id, frequency, hashOf(nonce), now);
    else {
      const id = newId(now);
      await this.subscribers.insert({
        id,
        blogId: blog.id,
        email,
        status: 'pending',
        frequency,
        confirmHash: hashOf(nonce),
        source: 'form',
        confirmedAt: null,
        now,
      });
      subscriber = await this.subscribers.findByEmail(blog.id, email);
    }
    if (!subscriber) return;
    const token = this.tokens.sign('follow-confirm', { s: subscriber.id, n: nonce, e: now + CONFIRM_LINK_DAYS * 86_400_000 });
    await this.jobs.enqueue({
      kind: 'mail.subscription-confirm',
      payload: { subscriberId: subscriber.id, token },
      key: `${subscriber.id}:${now}`,
      blogId: blog.id,
    });
  }

  /**
   * The subscriber a confirm link is for, checked (signature, expiry), without using it. A link already
   * used while its address still follows the blog gives the subscriber as is (status 'active'): the
   * page says so and changes nothing.
   */
  async confirmTarget(blog: BlogRow, token: string): Promise<SubscriberRow> {
    const payload = this.tokens.verify('follow-confirm', token);
    const gone = new NotFoundError('This confirm link is not valid, was used already or has expired. Please subscribe again.');
    if (!payload || typeof payload.s !== 'string' || typeof payload.n !== 'string' || typeof payload.e !== 'number') throw gone;
    if (payload.e < this.now())
      throw new NotFoundError(`This confirm link has expired: links last ${CONFIRM_LINK_DAYS} days. Please subscribe again for a new one.`);
    const subscriber = await this.subscribers.findById(payload.s);
    if (!subscriber || subscriber.blog_id !== blog.id) throw gone;
    if (subscriber.status === 'active') return subscriber;
    if (subscriber.confirm_hash !== hashOf(payload.n)) throw gone;
    return subscriber;
  }

  /** Uses a confirm link: the address follows the blog from now (the consent date). */
  async confirm(blog: BlogRow, token: string): Promise<SubscriberRow> {
    const subscriber = await this.confirmTarget(blog, token);
    if (subscriber.status === 'active') return subscriber;
    const payload = this.tokens.verify('follow-confirm', token)!;
    await this.subscribers.confirm(subscriber.id, hashOf(payload.n as string), this.now());
    return (await this.subscribers.findById(subscriber.id))!;
  }

  /** The signed link that ends a subscription (no expiry: it is in every mail). */
  unsubscribeToken(subscriberId: string): string {
    return this.tokens.sign('follow-unsubscribe', { s: subscriberId });
  }

  /** The subscriber an unsubscribe link is for. */
  async unsubscribeTarget(blog: BlogRow, token: string): Promise<SubscriberRow> {
    const payload = this.tokens.verify('follow-unsubscribe', token);
    const subscriber = payload && typeof payload.s === 'string' ? await this.subscribers.findById(payload.s) : undefined;
    if (!subscriber || subscriber.blog_id !== blog.id) throw new NotFoundError('This unsubscribe link is not valid.');
    return subscriber;
  }

  /** Ends the subscription (again: nothing changes). */
  async unsubscribe(blog: BlogRow, token: string): Promise<SubscriberRow> {
    const subscriber = await this.unsubscribeTarget(blog, token);
    await this.subscribers.setStatus(subscriber.id, 'unsubscribed', this.now());
    return subscriber;
  }
}
