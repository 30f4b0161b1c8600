/**
 * A signed-in writer changing or deleting their own comment in the first 15 minutes (the
 * `canChangeOwnComment` policy). An edit is taken exactly like a new comment's text — the same checks,
 * the same HTML, the same content screens — so an edit cannot slip past what a new comment would meet:
 * one the screens would hold (or the blog's moderation mode would hold) goes back to the queue, and the
 * moderators are mailed as for a new held comment.
 */
import type { CommentQueueRepository } from '../../storage/repositories/comment-queue.repository.js';
import type { PostRepository } from '../../storage/repositories/post.repository.js';
import type { BlogRow, CommentRow, CommentStatus, PostRow, Role } from '../../storage/schema.js';
import { AppError, ForbiddenError, InvalidInputError, NotFoundError } from '../errors.js';
import { canChangeOwnComment, isNeverHeld, ownChangeEndsAt, OWN_CHANGE_MS } from '../policies/comment.policy.js';
import { htmlToText } from '../text/plain-text.js';
import { sanitizeCommentHtml } from '../text/sanitize.js';
import type { CommentNotifier } from './comment-notifier.js';
import { contentRulesOf, isModerated, type CommentSettingsService } from './comment-settings.js';
import { checkTypedText, commentHtmlFromText, commentTextFromHtml, MAX_BODY_BYTES } from './comment-text.js';
import { screenSubmission, type CommentScreen } from './screening.js';

/** The signed-in writer of an edit, as the screens see them. */
export interface OwnWriter {
  userId: string;
  /** Their role on the blog (owners, admins and the post's author are never held). */
  role: Role | null;
  address: string;
  userAgent: string;
}

/** A comment its writer may change, with what the edit box shows and when the window closes. */
export interface OwnComment {
  comment: CommentRow;
  post: PostRow | undefined;
  text: string;
  until: number;
}

/** A writer's comments they may still change: comment ID → when the window closes, as of `at`. */
export interface ChangeableComments {
  at: number;
  until: ReadonlyMap<string, number>;
}

export interface OwnCommentParts {
  queue: CommentQueueRepository;
  posts: PostRepository;
  settings: CommentSettingsService;
  screens: readonly CommentScreen[];
  notifier: CommentNotifier;
  contentChanged: (blogId: string) => Promise<void>;
  now: () => number;
}

const STRICTNESS: Record<CommentStatus, number> = { live: 0, pending: 1, spam: 2, deleted: 3 };

export class OwnCommentService {
  constructor(private readonly parts: OwnCommentParts) {}

  /** The writer's live comments on the blog that they may still change, as of now. */
  async changeable(blog: BlogRow, userId: string): Promise<ChangeableComments> {
    const now = this.parts.now();
    const rows = await this.parts.queue.recentLiveBy(blog.id, userId, now - OWN_CHANGE_MS);
    return { at: now, until: new Map(rows.filter((c) => ownChangeEndsAt(c) >= now).map((c) => [c.id, ownChangeEndsAt(c)])) };
  }

  /** The writer's comment `id` with the text to edit; 404 when there is none, 403 when it is not theirs or too late. */
  async open(blog: BlogRow, userId: string, id: string): Promise<OwnComment> {
    const comment = await this.ownRecent(blog, userId, id);
    const post = await this.parts.posts.findById(blog.id, comment.post_id);
    return { comment, post, text: commentTextFromHtml(comment.body_html), until: ownChangeEndsAt(comment) };
  }

  /** Replaces the comment's text; returns it as stored (its status may now be pending or spam). */
  async edit(blog: BlogRow, writer: OwnWriter, id: string, text: string, origin: string): Promise<OwnComment> {
    const { now } = this.parts;
    const comment = await this.ownRecent(blog, writer.userId, id);
    if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw new AppError(413, 'too_large', 'A comment is at most 64 KB.');
    checkTypedText(text, 'The comment', true);
    // The same HTML a new comment with this text is stored with (the form's text, then the store's sanitizer).
    const bodyHtml = sanitizeCommentHtml(commentHtmlFromText(text)).html;
    const bodyText = htmlToText(bodyHtml);
    if (!bodyText.trim()) throw new InvalidInputError('The comment is empty.', 'body');
    const post = await this.parts.posts.findById(blog.id, comment.post_id);
    if (!post) throw new NotFoundError('That comment does not exist.');
    const settings = await this.parts.settings.forBlog(blog.id);
    const screened = await screenSubmission(this.parts.screens, {
      blogId: blog.id,
      postId: post.id,
      parentId: comment.parent_id,
      authorName: comment.author_name,
      authorEmail: comment.author_email,
      authorUrl: comment.author_url,
      bodyHtml,
      bodyText,
      address: writer.address,
      userAgent: writer.userAgent,
      userId: writer.userId,
      rules: contentRulesOf(settings),
      now: now(),
    });
    if (screened.verdict === 'reject')
      throw new AppError(422, 'comment_rejected', `This change cannot be saved: ${screened.reasons.join('; ')}.`);

    const reasons = [...screened.reasons];
    let status: CommentStatus = comment.status;
    const hold = (to: CommentStatus) => {
      if (STRICTNESS[to] > STRICTNESS[status]) status = to;
    };
    if (!isNeverHeld({ userId: writer.userId, role: writer.role }, post.author_id)) {
      if (screened.verdict === 'spam') hold('spam');
      else if (screened.verdict === 'hold') hold('pending');
      else if (screened.verdict === 'challenge') {
        // An edit is never asked for a proof of work: like a new comment sent without one, it is held.
        hold('pending');
        reasons.push('Held instead of a proof of work.');
      }
      if (status === 'live' && isModerated(settings, post, now())) {
        // An approved text was changed: the moderators see the new one before readers do.
        hold('pending');
        reasons.push(
          settings.moderation === 'always' ? 'The blog holds every comment.' : `The post is older than ${settings.moderationDays} days.`,
        );
      }
    }
    const changedReasons = status !== comment.status || reasons.length > 0;
    const stored = {
      ...comment,
      body_html: bodyHtml,
      status,
      reasons: changedReasons ? ['Changed by its writer.', ...reasons].join('\n') : comment.reasons,
    };
    if (!(await this.parts.queue.setOwnEdit(blog.id, id, { bodyHtml, status, reasons: stored.reasons }, now())))
      throw new NotFoundError('That comment does not exist.');
    // The post page changes when the comment's text changes on it or the comment leaves it.
    if (comment.status === 'live') await this.parts.contentChanged(blog.id);
    if (status === 'pending' && comment.status !== 'pending' && settings.notifyModerators)
      await this.parts.notifier.held(blog, post, stored, origin);
    return { comment: stored, post, text: commentTextFromHtml(bodyHtml), until: ownChangeEndsAt(comment) };
  }

  /** Deletes the comment (its replies stay); returns it as it was. */
  async delete(blog: BlogRow, userId: string, id: string): Promise<OwnComment> {
    const comment = await this.ownRecent(blog, userId, id);
    await this.parts.queue.setStatus(blog.id, [id], 'deleted', this.parts.now());
    if (comment.status === 'live') await this.parts.contentChanged(blog.id);
    const post = await this.parts.posts.findById(blog.id, comment.post_id);
    return { comment, post, text: '', until: ownChangeEndsAt(comment) };
  }

  private async ownRecent(blog: BlogRow, userId: string, id: string): Promise<CommentRow> {
    const comment = /^\d{1,19}$/.test(id) ? (await this.parts.queue.findMany(blog.id, [id]))[0] : undefined;
    if (!comment || comment.status === 'deleted') throw new NotFoundError('That comment does not exist.');
    if (comment.author_user_id !== userId) throw new ForbiddenError('You can change only your own comments.');
    if (!canChangeOwnComment(comment, userId, this.parts.now()))
      throw new ForbiddenError(
        'A comment can be changed or deleted only in the first 15 minutes after it was posted.',
        'edit_window_closed',
      );
    return comment;
  }
}
