/**
 * Moderating a blog's comments: the queue by status, approve / spam / not spam / delete (one or many,
 * always within one blog), the one-click links from moderators' mail, and unsubscribing from reply
 * mail. Spam decisions teach the blog's filter through an optional SpamLearner. (Writers changing their
 * own comment: own-comment.service.ts.)
 */
import type { CommentQueueRepository, QueuedComment } from '../../storage/repositories/comment-queue.repository.js';
import type { PostRepository } from '../../storage/repositories/post.repository.js';
import type { SpentTokenRepository } from '../../storage/repositories/spent-token.repository.js';
import type { BlogRepository } from '../../storage/repositories/blog.repository.js';
import type { BlogRow, CommentRow, CommentStatus } from '../../storage/schema.js';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../errors.js';
import { htmlToText } from '../text/plain-text.js';
import type { CommentNotifier, LinkAction } from './comment-notifier.js';
import type { CommentService } from './comment.service.js';
import { checkTypedText, commentHtmlFromText, MAX_BODY_BYTES } from './comment-text.js';
import type { CommentSettingsService } from './comment-settings.js';
import type { SpamLearner } from './screening.js';
import { spentTokenId, type SignedTokens } from './signed-tokens.js';

export type ModerationAction = 'approve' | 'spam' | 'not-spam' | 'delete';
export const QUEUE_PAGE_SIZE = 50;

const TARGET: Record<ModerationAction, CommentStatus> = { approve: 'live', spam: 'spam', 'not-spam': 'live', delete: 'deleted' };

/** Who answers from the queue: a moderator of the blog, signed in. */
export interface Replier {
  id: string;
  name: string;
  email: string;
}

export interface ModerationParts {
  queue: CommentQueueRepository;
  /** Stores a moderator's reply. */
  comments: CommentService;
  posts: PostRepository;
  blogs: BlogRepository;
  spent: SpentTokenRepository;
  settings: CommentSettingsService;
  notifier: CommentNotifier;
  tokens: SignedTokens;
  learner: SpamLearner | undefined;
  contentChanged: (blogId: string) => Promise<void>;
  now: () => number;
  /** Told of comments approved or marked spam, and of replies posted from the queue (the blog's webhooks). */
  changed?: (change: 'created' | 'approved' | 'spam', blog: BlogRow, comments: readonly CommentRow[]) => Promise<void>;
}

export class CommentModerationService {
  constructor(private readonly parts: ModerationParts) {}

  list(blogId: string, status: CommentStatus, page: number): Promise<QueuedComment[]> {
    return this.parts.queue.list(blogId, status, QUEUE_PAGE_SIZE, (page - 1) * QUEUE_PAGE_SIZE);
  }

  counts(blogId: string) {
    return this.parts.queue.counts(blogId);
  }

  countPending(blogId: string): Promise<number> {
    return this.parts.queue.countPending(blogId);
  }

  /** Applies `action` to the blog's comments with these IDs (others' IDs change nothing); returns how many changed. */
  async act(blog: BlogRow, ids: readonly string[], action: ModerationAction, origin: string): Promise<number> {
    const target = TARGET[action];
    const before = (await this.parts.queue.findMany(blog.id, ids)).filter((c) => c.status !== target);
    if (before.length === 0) return 0;
    const changed = await this.parts.queue.setStatus(
      blog.id,
      before.map((c) => c.id),
      target,
      this.parts.now(),
    );
    // The classifier learns from moderators: "spam" is spam; "not spam", and approving a held comment, is not.
    const learner = this.parts.learner;
    if (learner && (action === 'spam' || action === 'not-spam' || action === 'approve')) {
      const isSpam = action === 'spam';
      for (const comment of before) {
        if (action === 'approve' && comment.status !== 'pending') continue;
        if (learner.learnComment) await learner.learnComment(blog.id, comment.id, isSpam);
        else await learner.learn(blog.id, htmlToText(comment.body_html), isSpam);
      }
    }
    // The page changes when a comment appears on it or leaves it.
    if (target === 'live' || before.some((c) => c.status === 'live')) await this.parts.contentChanged(blog.id);
    if (target === 'live') await this.announce(blog, before, origin);
    if (target === 'live' || target === 'spam') await this.parts.changed?.(target === 'live' ? 'approved' : 'spam', blog, before);
    return changed;
  }

  /**
   * A moderator's reply from the queue: approves the comment when it is held, then posts `text` as the
   * moderator's reply to it, live at once (their own words are never held). A comment marked spam or
   * deleted cannot be answered. The comment's writer hears of the reply if they asked to, and the blog's
   * webhooks of a new comment, as for one posted on the blog.
   */
  async reply(blog: BlogRow, commentId: string, replier: Replier, text: string, origin: string): Promise<CommentRow> {
    if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw new InvalidInputError('A reply is at most 64 KB.', 'reply');
    checkTypedText(text, 'The reply', true);
    if (!text.trim()) throw new InvalidInputError('The reply is empty.', 'reply');
    const comment = /^\d{1,19}$/.test(commentId) ? (await this.parts.queue.findMany(blog.id, [commentId]))[0] : undefined;
    if (!comment) throw new NotFoundError('That comment does not exist on this blog.');
    if (comment.status === 'spam' || comment.status === 'deleted')
      throw new InvalidInputError('Only a held or published comment can be answered: mark it “not spam” or restore it first.', 'reply');
    if (comment.status === 'pending') await this.act(blog, [comment.id], 'approve', origin);
    const reply = await this.parts.comments.addComment({
      blogId: blog.id,
      postId: comment.post_id,
      parentId: comment.id,
      authorName: replier.name || replier.email,
      authorEmail: replier.email,
      authorUserId: replier.id,
      body: commentHtmlFromText(text),
      status: 'live',
    });
    const post = await this.parts.posts.findById(blog.id, comment.post_id);
    if (post) await this.parts.notifier.published(blog, post, reply, await this.parts.settings.forBlog(blog.id), origin);
    await this.parts.changed?.('created', blog, [reply]);
    return reply;
  }

  /** What a one-click link would do, for the page that asks to confirm it; throws when it cannot be used. */
  async linkTarget(token: string): Promise<{ blog: BlogRow; comment: CommentRow; action: LinkAction }> {
    const payload = this.parts.tokens.verify('moderate', token);
    const action = payload?.a;
    if (!payload || typeof payload.b !== 'string' || typeof payload.c !== 'string' || (action !== 'approve' && action !== 'spam'))
      throw new NotFoundError('This moderation link is not valid.');
    if (typeof payload.x !== 'number' || payload.x < this.parts.now())
      throw new ForbiddenError('This moderation link has expired. Please use the moderation queue in the dashboard.', 'link_expired');
    const blog = await this.parts.blogs.findById(payload.b);
    const comment = blog ? (await this.parts.queue.findMany(blog.id, [payload.c]))[0] : undefined;
    if (!blog || !comment) throw new NotFoundError('This comment no longer exists.');
    return { blog, comment, action };
  }

  /** Uses a one-click link: it works once. */
  async actByLink(token: string, origin: (blog: BlogRow) => string): Promise<{ blog: BlogRow; action: LinkAction }> {
    const { blog, action } = await this.linkTarget(token);
    const payload = this.parts.tokens.verify('moderate', token)!;
    if (!(await this.parts.spent.spend(spentTokenId(token), payload.x as number, this.parts.now())))
      throw new ForbiddenError('This moderation link has already been used.', 'link_used');
    await this.act(blog, [payload.c as string], action, origin(blog));
    return { blog, action };
  }

  /** Stops reply mail for the comment an unsubscribe link names. */
  async unsubscribe(token: string): Promise<void> {
    const payload = this.parts.tokens.verify('unsubscribe', token);
    if (!payload || typeof payload.b !== 'string' || typeof payload.c !== 'string')
      throw new NotFoundError('This unsubscribe link is not valid.');
    await this.parts.queue.unsubscribe(payload.b, payload.c);
  }

  private async announce(blog: BlogRow, comments: readonly CommentRow[], origin: string): Promise<void> {
    const settings = await this.parts.settings.forBlog(blog.id);
    for (const comment of comments) {
      const post = await this.parts.posts.findById(blog.id, comment.post_id);
      if (post) await this.parts.notifier.published(blog, post, { ...comment, status: 'live' }, settings, origin);
    }
  }
}
