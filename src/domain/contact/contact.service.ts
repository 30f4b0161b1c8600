/**
 * The contact form: a reader's message to a blog's owners, through the same layers as a comment —
 * validate → honeypot and time to submit → flood check (per address and per e-mail) → the blog's content
 * screens → proof of work for suspicious senders → store in the inbox (held or spam: the spam folder) →
 * mail the owners and admins through the job queue. The sender's address goes only to them (the inbox, the
 * mail's Reply-To), never onto the blog.
 */
import type { ContactRepository } from '../../storage/repositories/contact.repository.js';
import type { UserRepository } from '../../storage/repositories/user.repository.js';
import type { BlogRepository } from '../../storage/repositories/blog.repository.js';
import type { BlogRow, ContactFolder, ContactMessageRow } from '../../storage/schema.js';
import { newId } from '../../storage/ids.js';
import { AppError, InvalidInputError, NotFoundError, TooManyRequestsError } from '../errors.js';
import { htmlToText } from '../text/plain-text.js';
import { checkTypedText, commentHtmlFromText, MAX_BODY_BYTES } from '../comments/comment-text.js';
import { contentRulesOf, type CommentSettingsService } from '../comments/comment-settings.js';
import { checkFormPace, SecondStamps } from '../comments/form-pace.js';
import type { ProofOfWork } from '../comments/proof-of-work.js';
import { screenSubmission, type CommentScreen } from '../comments/screening.js';
import type { SignedTokens } from '../comments/signed-tokens.js';
import { FLOOD_SECONDS } from '../comments/comment-submission.service.js';
import type { JobQueue } from '../jobs/job-queue.js';
import { isEmail } from '../users/user.service.js';
import type { MailTransport } from '../subscriptions/mail-transport.js';
import { composeContactMail } from './contact-mail.js';

/** A contact form stays valid this long after it was served (a cached page carries it). */
const MAX_FORM_AGE_MS = 2 * 24 * 60 * 60 * 1000;
export const INBOX_PAGE_SIZE = 50;
const MAIL_JOB = 'mail.contact';

/** What the form sent, one value a field. */
export interface ContactForm {
  name: string;
  email: string;
  message: string;
  /** The hidden field people never see. */
  honeypot: string;
  /** The signed time the form was served (`formStamp`). */
  stamp: string;
  /** The ALTCHA payload, when the sender solved a challenge. */
  proof: string;
  /** Sent by a page script that can show a challenge. */
  canSolve: boolean;
}

export interface Sender {
  address: string;
  userAgent: string;
}

export type ContactResult = { kind: 'sent'; message: ContactMessageRow } | { kind: 'challenge' };
export type InboxAction = 'read' | 'unread' | 'spam' | 'not-spam' | 'delete';

export interface ContactParts {
  messages: ContactRepository;
  users: UserRepository;
  blogs: BlogRepository;
  settings: CommentSettingsService;
  screens: readonly CommentScreen[];
  proofOfWork: ProofOfWork;
  tokens: SignedTokens;
  jobs: JobQueue;
  transport: MailTransport;
  /** The blog's address without the trailing slash (from configuration), and the mail's From address. */
  origin(blog: BlogRow): string;
  fromAddress: string;
  now: () => number;
}

export class ContactService {
  private readonly stamps = new SecondStamps();

  constructor(private readonly parts: ContactParts) {
    parts.jobs.handle<{ messageId: string; blogId: string }>(MAIL_JOB, (job) => this.mailOwners(job.blogId, job.messageId));
  }

  /** The signed stamp a contact form carries: when it was served, and for which blog. */
  formStamp(blog: Pick<BlogRow, 'id'>): string {
    // Every page with the contact gadget asks for one (form-stamp-slot.ts): one signature a second will do.
    const now = this.parts.now();
    return this.stamps.get(blog.id, now, () => this.parts.tokens.sign('form', { b: blog.id, f: 'contact', t: now }));
  }

  async submit(blog: BlogRow, form: ContactForm, sender: Sender): Promise<ContactResult> {
    const { tokens, now } = this.parts;
    const fields = validFields(form);
    if (form.honeypot !== '') throw new InvalidInputError('This message looks automated, so it was not sent.', 'honeypot');
    checkFormPace(tokens, now(), form.stamp, (p) => p.b === blog.id && p.f === 'contact', MAX_FORM_AGE_MS, 'this blog');
    const addressHash = tokens.hash('address', sender.address);
    const emailHash = tokens.hash('email', fields.email.toLowerCase());
    await this.checkFlood(addressHash, emailHash);

    const bodyHtml = commentHtmlFromText(form.message);
    const bodyText = htmlToText(bodyHtml);
    if (!bodyText.trim()) throw new InvalidInputError('The message is empty.', 'message');
    const settings = await this.parts.settings.forBlog(blog.id);
    const screened = await screenSubmission(this.parts.screens, {
      blogId: blog.id,
      postId: '',
      parentId: null,
      authorName: fields.name,
      authorEmail: fields.email,
      authorUrl: '',
      bodyHtml,
      bodyText,
      address: sender.address,
      userAgent: sender.userAgent,
      userId: null,
      rules: contentRulesOf(settings),
      now: now(),
    });
    const reasons = [...screened.reasons];
    // Nothing of a message is public, so "hold" means what "spam" does: kept aside for the owners, not mailed.
    let folder: ContactFolder = screened.verdict === 'spam' || screened.verdict === 'hold' ? 'spam' : 'inbox';
    if (screened.verdict === 'reject') throw new AppError(422, 'message_rejected', `This message cannot be sent: ${reasons.join('; ')}.`);
    if (screened.verdict === 'challenge') {
      if (form.proof && (await this.parts.proofOfWork.verify(form.proof))) reasons.push('Proof of work solved.');
      else if (form.proof) throw new InvalidInputError('The proof of work was not valid or was used before. Please try again.', 'proof');
      else if (settings.proofOfWork && form.canSolve) return { kind: 'challenge' };
      else {
        folder = 'spam';
        reasons.push('Put in spam instead of a proof of work.');
      }
    }
    const message = await this.parts.messages.insert({
      id: newId(now()),
      blogId: blog.id,
      name: fields.name,
      email: fields.email,
      bodyHtml,
      folder,
      reasons: reasons.join('\n'),
      addressHash,
      emailHash,
      now: now(),
    });
    if (folder === 'inbox')
      await this.parts.jobs.enqueue({ kind: MAIL_JOB, payload: { blogId: blog.id, messageId: message.id }, maxAttempts: 8 });
    return { kind: 'sent', message };
  }

  /** One page of a folder, and every folder's count. */
  async folder(blogId: string, folder: ContactFolder, page: number) {
    const [messages, counts] = await Promise.all([
      this.parts.messages.list(blogId, folder, INBOX_PAGE_SIZE, (page - 1) * INBOX_PAGE_SIZE),
      this.parts.messages.counts(blogId),
    ]);
    return { messages, counts };
  }

  /** Unread messages in the blog's inbox (the dashboard's badge). */
  async unread(blogId: string): Promise<number> {
    return (await this.parts.messages.counts(blogId)).unread;
  }

  /** Acts on messages of `blog` (IDs of another blog's change nothing). "Not spam" moves to the inbox and mails the owners. */
  async act(blog: BlogRow, ids: readonly string[], action: InboxAction): Promise<void> {
    const { messages, now } = this.parts;
    switch (action) {
      case 'read':
        await messages.setRead(blog.id, ids, now());
        return;
      case 'unread':
        await messages.setRead(blog.id, ids, null);
        return;
      case 'spam':
        await messages.move(blog.id, ids, 'spam');
        return;
      case 'not-spam':
        await messages.move(blog.id, ids, 'inbox');
        for (const id of ids)
          await this.parts.jobs.enqueue({ kind: MAIL_JOB, payload: { blogId: blog.id, messageId: id }, maxAttempts: 8 });
        return;
      case 'delete':
        await messages.delete(blog.id, ids);
        return;
    }
  }

  /** Opens one message: it is marked read. */
  async open(blogId: string, id: string): Promise<ContactMessageRow> {
    const message = await this.parts.messages.findById(blogId, id);
    if (!message) throw new NotFoundError('There is no such message.');
    if (message.read_at === null) await this.parts.messages.setRead(blogId, [id], this.parts.now());
    return message;
  }

  /** The job: each owner and admin of the blog gets the message once, with Reply-To the sender. */
  private async mailOwners(blogId: string, messageId: string): Promise<void> {
    const message = await this.parts.messages.findById(blogId, messageId);
    const blog = await this.parts.blogs.findById(blogId);
    if (!message || !blog || message.folder !== 'inbox' || message.mailed_at !== null) return;
    const owners = (await this.parts.users.membersOfBlog(blog.id)).filter((m) => m.role === 'owner' || m.role === 'admin');
    const origin = this.parts.origin(blog);
    for (const owner of owners) {
      await this.parts.transport.send(
        composeContactMail({ blog, message, to: owner.email, origin, fromAddress: this.parts.fromAddress, now: this.parts.now() }),
      );
    }
    await this.parts.messages.markMailed(message.id, this.parts.now());
  }

  private async checkFlood(addressHash: string, emailHash: string): Promise<void> {
    const now = this.parts.now();
    const latest = await this.parts.messages.latestFrom(addressHash, emailHash, now - FLOOD_SECONDS * 1000);
    if (latest === null) return;
    const wait = Math.max(1, Math.ceil((latest + FLOOD_SECONDS * 1000 - now) / 1000));
    throw new TooManyRequestsError(`You are sending messages too quickly. Please wait ${wait} seconds and try again.`, wait);
  }
}

function validFields(form: ContactForm): { name: string; email: string } {
  if (Buffer.byteLength(form.message) > MAX_BODY_BYTES) throw new AppError(413, 'too_large', 'A message is at most 64 KB.');
  checkTypedText(form.message, 'The message', true);
  checkTypedText(form.name, 'The name');
  checkTypedText(form.email, 'The e-mail address');
  const name = form.name.trim();
  if (!name) throw new InvalidInputError('Please give your name.', 'name');
  if (name.length > 100) throw new InvalidInputError('A name is at most 100 characters.', 'name');
  const email = form.email.trim();
  if (!isEmail(email))
    throw new InvalidInputError('Please give your e-mail address, like you@example.com, so the owner can answer.', 'email');
  if (!form.message.trim()) throw new InvalidInputError('The message is empty.', 'message');
  return { name, email };
}
