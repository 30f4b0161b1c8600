/**
 * The pages a signed-in writer changes or deletes their own comment on without JavaScript: an edit
 * page with the comment's text in a box, a page that asks before deleting, and the answer when a change
 * goes back to the moderation queue. Each form carries the session's CSRF token.
 */
import type { OwnComment } from '../domain/comments/own-comment.service.js';
import { formatTime } from './dates.js';
import type { Notice } from './comment-pages.js';
import type { SiteContext } from './presenters/site.js';
import { postPath } from '../domain/blogs/urls.js';
import type { Texts } from './i18n/translate.js';

/** Where the comment is on its post (or the blog's home when the post has gone). */
export function ownCommentUrl(own: Pick<OwnComment, 'post' | 'comment'>, hash = `#c${own.comment.id}`): string {
  return own.post ? `${postPath(own.post)}${hash}` : '/';
}

function untilLine(ctx: SiteContext, own: OwnComment): string {
  return `You can change or delete it until ${formatTime(own.until, ctx.blog.language, ctx.blog.time_zone)}.`;
}

/** The edit page; `typed` and `error` when a change was not taken and is shown again. */
export function editNotice(ctx: SiteContext, own: OwnComment, csrf: string, typed?: { text: string; error: string }): Notice {
  return {
    title: 'Edit your comment',
    lines: [untilLine(ctx, own)],
    error: typed?.error,
    form: {
      action: `/comments/${own.comment.id}/edit`,
      button: 'Save changes',
      fields: [{ name: '_csrf', value: csrf }],
      textarea: {
        name: 'body',
        label: 'Your comment',
        value: typed?.text ?? own.text,
        help: 'Plain text; web addresses become links. You may use <b>, <i>, <a>, <blockquote> and <code>.',
      },
    },
    link: { url: ownCommentUrl(own), text: 'Cancel: back to the post' },
  };
}

/** The page that asks before deleting. */
export function deleteNotice(ctx: SiteContext, own: OwnComment, csrf: string): Notice {
  return {
    title: 'Delete your comment?',
    lines: ['Your comment will be removed from the post. Replies to it stay.', untilLine(ctx, own)],
    form: {
      action: `/comments/${own.comment.id}/delete`,
      button: 'Delete comment',
      fields: [{ name: '_csrf', value: csrf }],
      previewText: own.text,
    },
    link: { url: ownCommentUrl(own), text: 'Keep it: back to the post' },
  };
}

/** The message after a change, by the comment's status now. */
export function changedMessage(texts: Texts, status: string): string {
  return texts.text(status === 'live' ? 'commentScript.changed' : 'commentScript.changedHeld');
}

/** After a change the moderators must see first. */
export function changeHeldNotice(own: OwnComment, texts: Texts): Notice {
  return {
    title: texts.text('moderation.title'),
    lines: [changedMessage(texts, own.comment.status)],
    link: {
      url: ownCommentUrl(own, '#comments'),
      text: texts.text('moderation.back', { title: own.post?.title || texts.text('list.untitled') }),
    },
  };
}
