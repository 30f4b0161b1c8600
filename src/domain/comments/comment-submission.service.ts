/**
 * A reader's comment, from the form to the database, in the order the layers are cheapest:
 * validate → honeypot and time to submit → flood check (per address and per e-mail) → the content
 * screens → proof of work for suspicious writers → the blog's moderation mode → store (the answer is
 * given only after the insert has committed) → the page cache sees a new content version → mail.
 */
import type { BlogRow, CommentRow, CommentStatus, PostRow, Role } from '../../storage/schema.js';
import type { CommentQueueRepository } from '../../storage/repositories/comment-queue.repository.js';
import type { CommentRepository } from '../../storage/repositories/comment.repository.js';
import type { PostRepository } from '../../storage/repositories/post.repository.js';
import { AppError, ForbiddenError, InvalidInputError, NotFoundError, TooManyRequestsError, UnauthorizedError } from '../errors.js';
import { canComment, isNeverHeld } from '../policies/comment.policy.js';
import { htmlToText } from '../text/plain-text.js';
import type { CommentService } from './comment.service.js';
import { contentRulesOf, isClosedFor, isModerated, type CommentSettingsService } from './comment-settings.js';
import { checkTypedText, commentHtmlFromText, MAX_BODY_BYTES } from './comment-text.js';
import type { CommentNotifier } from './comment-notifier.js';
import type { ProofOfWork } from './proof-of-work.js';
import { screenSubmission, type CommentScreen, type ScreenVerdict, type Submission } from './screening.js';
import type { SignedTokens } from './signed-tokens.js';
import { checkFormPace, SecondStamps } from './form-pace.js';

export { MIN_SECONDS_TO_SUBMIT } from './form-pace.js';
/** A form older than this has expired (the page is reloaded for a fresh one). */
const MAX_FORM_AGE_MS = 2 * 24 * 60 * 60 * 1000;
/** WordPress's flood check: one comment per address (and per e-mail) every 15 seconds. */
export const FLOOD_SECONDS = 15;

/** What the form sent, as text (already one value per field). */
export interface CommentForm {
  postId: string;
  parentId: string;
  name: string;
  email: string;
  url: string;
  body: string;
  notifyReplies: boolean;
  /** The hidden field people never see: anything in it means a robot filled the form. */
  honeypot: string;
  /** The signed time the form was issued. */
  stamp: string;
  /** The ALTCHA payload, when the writer solved a challenge. */
  proof: string;
  /** The form was sent by the page's script, which can show a challenge. */
  canSolve: boolean;
}

/** Who sent it. */
export interface Writer {
  address: string;
  userAgent: string;
  user: { id: string; name: string; email: string; role: Role | null } | null;
}

export interface CommentFormView {
  open: boolean;
  access: 'anyone' | 'users' | 'members';
  depth: number;
  stamp: string;
}

export type SubmitResult = { kind: 'stored'; comment: CommentRow; post: PostRow } | { kind: 'challenge'; reasons: string[] };

export interface SubmissionParts {
  comments: CommentService;
  commentRows: CommentRepository;
  queue: CommentQueueRepository;
  posts: PostRepository;
  settings: CommentSettingsService;
  screens: readonly CommentScreen[];
  proofOfWork: ProofOfWork;
  tokens: SignedTokens;
  notifier: CommentNotifier;
  now: () => number;
  /** Told of each comment stored (the blog's webhooks). */
  created?: (blog: BlogRow, comment: CommentRow) => Promise<void>;
}

export class CommentSubmissionService {
  /** Readers served within the same second share a stamp (SecondStamps): a busy post signs once a second. */
  private readonly stamps = new SecondStamps();

  constructor(private readonly parts: SubmissionParts) {}

  /** What the post page's form needs: whether it is open, who may comment, the reply depth, a fresh stamp. */
  async formFor(blog: BlogRow, post: PostRow): Promise<CommentFormView> {
    const settings = await this.parts.settings.forBlogVersion(blog);
    return {
      open: !isClosedFor(settings, post, this.parts.now()),
      access: settings.access,
      depth: settings.depth,
      stamp: this.formStamp(post.id),
    };
  }

  /** A signed time stamp for a comment form on `postId`, issued now. */
  formStamp(postId: string): string {
    const now = this.parts.now();
    return this.stamps.get(postId, now, () => this.parts.tokens.sign('form', { p: postId, t: now }));
  }

  async submit(blog: BlogRow, form: CommentForm, writer: Writer, origin: string): Promise<SubmitResult> {
    const { now } = this.parts;
    const post = await this.livePost(blog, form.postId);
    const settings = await this.parts.settings.forBlog(blog.id);
    if (isClosedFor(settings, post, now())) throw new ForbiddenError('Comments are closed on this post.', 'comments_closed');
    if (!canComment(settings.access, { signedIn: writer.user !== null, role: writer.user?.role ?? null })) {
      throw settings.access === 'users' || writer.user === null
        ? new UnauthorizedError(`Please sign in to comment on this blog${settings.access === 'members' ? ' (its members only)' : ''}.`)
        : new ForbiddenError('Only members of this blog may comment on it.');
    }
    const fields = this.validFields(form, writer);
    if (form.parentId) {
      const parent = await this.parts.commentRows.findById(blog.id, form.parentId);
      if (!parent || parent.post_id !== post.id || parent.status === 'deleted')
        throw new InvalidInputError('A reply must answer a comment on the same post.', 'parentId');
    }
    const privileged = isNeverHeld({ userId: writer.user?.id ?? null, role: writer.user?.role ?? null }, post.author_id);
    this.checkHumanPace(form, post.id);
    const addressHash = this.parts.tokens.hash('address', writer.address);
    const emailHash = fields.email ? this.parts.tokens.hash('email', fields.email.toLowerCase()) : null;
    if (!privileged) await this.checkFlood(addressHash, emailHash);

    const bodyHtml = commentHtmlFromText(form.body);
    const bodyText = htmlToText(bodyHtml);
    if (!bodyText.trim()) throw new InvalidInputError('The comment is empty.', 'body');
    const submission: Submission = {
      blogId: blog.id,
      postId: post.id,
      parentId: form.parentId || null,
      authorName: fields.name,
      authorEmail: fields.email,
      authorUrl: fields.url,
      bodyHtml,
      bodyText,
      address: writer.address,
      userAgent: writer.userAgent,
      userId: writer.user?.id ?? null,
      rules: contentRulesOf(settings),
      now: now(),
    };
    const screened = await screenSubmission(this.parts.screens, submission);
    const reasons = [...screened.reasons];
    let verdict: ScreenVerdict = screened.verdict;
    if (verdict === 'reject') throw new AppError(422, 'comment_rejected', `This comment cannot be posted: ${reasons.join('; ')}.`);
    if (verdict === 'challenge') {
      if (form.proof && (await this.parts.proofOfWork.verify(form.proof))) {
        verdict = 'publish';
        reasons.push('Proof of work solved.');
      } else if (form.proof) {
        throw new InvalidInputError('The proof of work was not valid or was used before. Please try again.', 'proof');
      } else if (settings.proofOfWork && form.canSolve && !privileged) {
        return { kind: 'challenge', reasons };
      } else {
        verdict = 'hold';
        reasons.push('Held instead of a proof of work.');
      }
    }
    let status: CommentStatus = verdict === 'spam' ? 'spam' : verdict === 'hold' ? 'pending' : 'live';
    if (status === 'live' && isModerated(settings, post, now())) {
      status = 'pending';
      reasons.push(
        settings.moderation === 'always' ? 'The blog holds every comment.' : `The post is older than ${settings.moderationDays} days.`,
      );
    }
    if (privileged) status = 'live';

    const comment = await this.parts.comments.addComment({
      blogId: blog.id,
      postId: post.id,
      parentId: form.parentId || null,
      authorName: fields.name,
      authorEmail: fields.email,
      authorUrl: fields.url,
      authorUserId: writer.user?.id ?? null,
      body: bodyHtml,
      status,
      reasons: reasons.join('\n'),
      addressHash,
      emailHash,
      notifyReplies: form.notifyReplies && fields.email !== '',
    });
    await this.parts.notifier.stored(blog, post, comment, settings, origin);
    await this.parts.created?.(blog, comment);
    return { kind: 'stored', comment, post };
  }

  /** A live post (or page) of this blog, or a 404. */
  private async livePost(blog: BlogRow, postId: string): Promise<PostRow> {
    const post = /^\d{1,19}$/.test(postId) ? await this.parts.posts.findById(blog.id, postId) : undefined;
    if (!post || post.status !== 'live' || post.trashed_at !== null) throw new NotFoundError('That post does not exist on this blog.');
    return post;
  }

  private validFields(form: CommentForm, writer: Writer): { name: string; email: string; url: string } {
    if (Buffer.byteLength(form.body) > MAX_BODY_BYTES) throw new AppError(413, 'too_large', 'A comment is at most 64 KB.');
    checkTypedText(form.body, 'The comment', true);
    if (!form.body.trim()) throw new InvalidInputError('The comment is empty.', 'body');
    if (writer.user) return { name: writer.user.name, email: writer.user.email, url: '' };
    for (const [value, label] of [
      [form.name, 'The name'],
      [form.email, 'The e-mail address'],
      [form.url, 'The website'],
    ] as const) {
      checkTypedText(value, label);
    }
    const name = form.name.trim();
    if (!name) throw new InvalidInputError('Please give your name.', 'name');
    if (name.length > 100) throw new InvalidInputError('A name is at most 100 characters.', 'name');
    const email = form.email.trim();
    if (email && (email.length > 320 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)))
      throw new InvalidInputError('That e-mail address does not look right.', 'email');
    if (form.notifyReplies && !email) throw new InvalidInputError('To be mailed about replies, please give your e-mail address.', 'email');
    const url = form.url.trim();
    if (url && (url.length > 500 || !/^https?:\/\/[^\s<>"]+$/i.test(url)))
      throw new InvalidInputError('A website must start with http:// or https://.', 'url');
    return { name, email, url };
  }

  /** The honeypot must be empty, and the form must have been open for a few seconds (but not days). */
  private checkHumanPace(form: CommentForm, postId: string): void {
    if (form.honeypot !== '') throw new InvalidInputError('This comment looks automated, so it was not posted.', 'honeypot');
    checkFormPace(this.parts.tokens, this.parts.now(), form.stamp, (stamp) => stamp.p === postId, MAX_FORM_AGE_MS);
  }

  private async checkFlood(addressHash: string, emailHash: string | null): Promise<void> {
    const now = this.parts.now();
    const latest = await this.parts.queue.latestFrom(addressHash, emailHash, now - FLOOD_SECONDS * 1000);
    if (latest === null) return;
    const wait = Math.max(1, Math.ceil((latest + FLOOD_SECONDS * 1000 - now) / 1000));
    throw new TooManyRequestsError(`You are posting comments too quickly. Please wait ${wait} seconds and try again.`, wait);
  }
}
