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

function untilLine(ctx: SiteContext, own: OwnComment, texts: Texts): string {
  return texts.text('ownComment.until', { time: formatTime(own.until, ctx.blog.language, ctx.blog.time_zone) });
}

/** The tags a comment may use, named in the help line as the comment form names them. */
const TAGS = '<b> <i> <a> <blockquote> <code>';

/** The edit page; `typed` and `error` when a change was not taken and is shown again. */
export function editNotice(ctx: SiteContext, own: OwnComment, texts: Texts, csrf: string, typed?: { text: string; error: string }): Notice {
  return {
    title: texts.text('commentScript.editLabel'),
    lines: [untilLine(ctx, own, texts)],
    error: typed?.error,
    form: {
      action: `/comments/${own.comment.id}/edit`,
      button: texts.text('commentScript.save'),
      fields: [{ name: '_csrf', value: csrf }],
      textarea: {
        name: 'body',
        label: texts.text('ownComment.label'),
        value: typed?.text ?? own.text,
        help: texts.text('commentForm.help', { tags: TAGS }),
      },
    },
    link: { url: ownCommentUrl(own), text: texts.text('ownComment.cancelLink') },
  };
}

/** The page that asks before deleting. */
export function deleteNotice(ctx: SiteContext, own: OwnComment, texts: Texts, csrf: string): Notice {
  return {
    title: texts.text('ownComment.deleteTitle'),
    lines: [texts.text('ownComment.deleteText'), untilLine(ctx, own, texts)],
    form: {
      action: `/comments/${own.comment.id}/delete`,
      button: texts.text('commentScript.deleteYes'),
      fields: [{ name: '_csrf', value: csrf }],
      previewText: own.text,
    },
    link: { url: ownCommentUrl(own), text: texts.text('ownComment.keepLink') },
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
