/**
 * The mail a comment causes: moderators hear of each held comment (with one-click approve and spam
 * links that are signed, expire in 7 days and work once), a post's author hears of new comments on it,
 * and a writer who asked hears of replies to their comment (each such mail has an unsubscribe link).
 * Mail goes out after the comment is stored; a mail that fails never undoes or fails the comment.
 */
import type { Mailer } from '../accounts/mailer.js';
import type { CommentRepository } from '../../storage/repositories/comment.repository.js';
import type { UserRepository } from '../../storage/repositories/user.repository.js';
import type { BlogRow, CommentRow, PostRow } from '../../storage/schema.js';
import { htmlToText } from '../text/plain-text.js';
import { cutText } from '../text/unicode.js';
import type { CommentSettings } from './comment-settings.js';
import type { SignedTokens } from './signed-tokens.js';
import { postPath } from '../blogs/urls.js';
import type { WordingFor } from '../text/wording.js';
import { reasonsOf } from './spam-reasons.js';

/** How long a one-click moderation link works. */
export const MODERATION_LINK_DAYS = 7;

export type LinkAction = 'approve' | 'spam';

function postUrl(origin: string, post: Pick<PostRow, 'kind' | 'slug' | 'path_year' | 'path_month'>): string {
  return `${origin}${postPath(post)}`;
}

export class CommentNotifier {
  constructor(
    private readonly mailer: Mailer,
    private readonly users: UserRepository,
    private readonly comments: CommentRepository,
    private readonly tokens: SignedTokens,
    /** Staff hear in their dashboard's language, a reader in the blog's. */
    private readonly wording: WordingFor,
    private readonly now: () => number = Date.now,
    private readonly report: (error: unknown) => void = () => {},
  ) {}

  /** After a comment from the form is stored. */
  async stored(blog: BlogRow, post: PostRow, comment: CommentRow, settings: CommentSettings, origin: string): Promise<void> {
    if (comment.status === 'pending' && settings.notifyModerators) await this.held(blog, post, comment, origin);
    if (comment.status === 'live') await this.published(blog, post, comment, settings, origin);
  }

  /** A comment became visible (posted live, or approved): its post's author and the writer it answers hear of it. */
  async published(blog: BlogRow, post: PostRow, comment: CommentRow, settings: CommentSettings, origin: string): Promise<void> {
    const url = `${postUrl(origin, post)}#c${comment.id}`;
    const text = cutText(htmlToText(comment.body_html), 2000);
    if (settings.notifyAuthors && post.author_id && post.author_id !== comment.author_user_id) {
      const author = await this.users.findById(post.author_id);
      if (author) {
        const words = this.wording(author.language);
        const about = { name: comment.author_name, post: post.title };
        await this.send(
          author.email,
          words.text('admin.mail.comment.subject', about),
          `${words.text('admin.mail.comment.text', about)}\n\n${text}\n\n${url}\n`,
        );
      }
    }
    if (comment.parent_id) {
      const parent = await this.comments.findById(blog.id, comment.parent_id);
      const to = parent?.author_email ?? '';
      if (parent && Number(parent.notify_replies) === 1 && to && to.toLowerCase() !== comment.author_email.toLowerCase()) {
        const unsubscribe = `${origin}/comments/unsubscribe?token=${this.tokens.sign('unsubscribe', { b: blog.id, c: parent.id })}`;
        const words = this.wording(blog.language, blog.text_overrides);
        const about = { name: comment.author_name, post: post.title, blog: blog.title };
        await this.send(
          to,
          words.text('mail.reply.subject', about),
          `${words.text('mail.reply.text', about)}\n\n${text}\n\n${url}\n\n${words.text('mail.reply.stop')} ${unsubscribe}\n`,
        );
      }
    }
  }

  /** A comment is held (posted, or changed by its writer): the blog's owners and admins get one-click links. */
  async held(blog: BlogRow, post: PostRow, comment: CommentRow, origin: string): Promise<void> {
    const moderators = (await this.users.membersOfBlog(blog.id)).filter((m) => m.role === 'owner' || m.role === 'admin');
    const expires = this.now() + MODERATION_LINK_DAYS * 24 * 60 * 60 * 1000;
    const link = (action: LinkAction) =>
      `${origin}/comments/moderate?token=${this.tokens.sign('moderate', { b: blog.id, c: comment.id, a: action, x: expires })}`;
    const name = `${comment.author_name}${comment.author_email ? ` <${comment.author_email}>` : ''}`;
    const body = cutText(htmlToText(comment.body_html), 2000);
    for (const moderator of moderators) {
      const words = this.wording(moderator.language);
      const why = comment.reasons ? `\n${words.text('admin.mail.moderate.why')}\n${reasonsOf(words, comment.reasons).join('\n')}\n` : '';
      const text =
        `${words.text('admin.mail.moderate.text', { name, post: post.title, blog: blog.title })}\n\n${body}\n${why}\n` +
        `${words.text('admin.mail.moderate.approve')} ${link('approve')}\n${words.text('admin.mail.moderate.spam')} ${link('spam')}\n\n` +
        `${words.text('admin.mail.moderate.links', { days: MODERATION_LINK_DAYS })} ${origin}/admin/blogs/${blog.name}/comments\n`;
      await this.send(moderator.email, words.text('admin.mail.moderate.subject', { post: post.title }), text);
    }
  }

  private async send(to: string, subject: string, text: string): Promise<void> {
    try {
      await this.mailer.send({ to, subject, text });
    } catch (error) {
      this.report(error);
    }
  }
}
