/**
 * What the reader sees after posting a comment, as data for CommentPages: the "check and post" notice
 * (the form's token had to be fetched), where the new comment lives and what to say about it, and the
 * "awaiting moderation" notice. Kept here so the comment route only decides which one to send.
 */
import { postPath } from '../domain/blogs/urls.js';
import type { CommentRow, PostRow } from '../storage/schema.js';
import type { Notice } from './comment-pages.js';
import type { Texts } from './i18n/translate.js';

/** The comment sent back in hidden fields with a fresh token, to check and post with one more click. */
export function checkAndPostNotice(sent: Record<string, string>, token: string, texts: Texts): Notice {
  const fields = Object.entries({ ...sent, altcha: '', js: '' }).map(([name, value]) => ({ name, value }));
  fields.push({ name: '_csrf', value: token });
  return {
    title: texts.text('checkAndPost.title'),
    lines: [texts.text('checkAndPost.text')],
    form: { action: '/comments', button: texts.text('checkAndPost.button'), fields, previewText: sent.body ?? '' },
  };
}

/** The page behind the link in a reply mail that stops such mail (one button: mail scanners open links). */
export function replyMailStopNotice(token: string, texts: Texts): Notice {
  return {
    title: texts.text('replyMail.stop'),
    lines: [texts.text('replyMail.stopText')],
    form: { action: '/comments/unsubscribe', button: texts.text('replyMail.stopButton'), fields: [{ name: 'token', value: token }] },
  };
}

export function replyMailStoppedNotice(texts: Texts): Notice {
  return { title: texts.text('replyMail.stopped'), lines: [texts.text('replyMail.stoppedText')] };
}

/** Where a stored comment is shown and the sentence that tells its writer what happened to it. */
export interface CommentOutcome {
  status: CommentRow['status'];
  id: string;
  anchor: string;
  url: string;
  message: string;
}

export function commentOutcome(comment: Pick<CommentRow, 'id' | 'status'>, post: PostRow, texts: Texts): CommentOutcome {
  const anchor = `c${comment.id}`;
  const message = texts.text(comment.status === 'live' ? 'commentScript.published' : 'commentScript.awaiting');
  return { status: comment.status, id: comment.id, anchor, url: `${postPath(post)}#${anchor}`, message };
}

export function awaitingModerationNotice(outcome: CommentOutcome, post: PostRow, texts: Texts): Notice {
  return {
    title: texts.text('moderation.title'),
    lines: [outcome.message, texts.text('moderation.note')],
    link: { url: `${postPath(post)}#comments`, text: texts.text('moderation.back', { title: post.title || texts.text('list.untitled') }) },
  };
}

/** The page behind an "approve" or "mark as spam" link in the mail to the blog's owners (one button). */
export function mailModerationNotice(
  token: string,
  action: 'approve' | 'spam',
  comment: Pick<CommentRow, 'author_name' | 'status'>,
  blogTitle: string,
  texts: Texts,
): Notice {
  return {
    title: texts.text('mailModeration.title', { action, name: comment.author_name }),
    lines: [texts.text('mailModeration.text', { blog: blogTitle, status: comment.status })],
    form: {
      action: '/comments/moderate',
      button: texts.text('mailModeration.button', { action }),
      fields: [{ name: 'token', value: token }],
    },
  };
}

/** After the button: what happened, and the way to the queue. */
export function mailModeratedNotice(action: 'approve' | 'spam', blogName: string, texts: Texts): Notice {
  return {
    title: texts.text('mailModeration.done', { action }),
    lines: [texts.text('mailModeration.doneText', { action })],
    link: { url: `/admin/blogs/${blogName}/comments`, text: texts.text('mailModeration.queue') },
  };
}
