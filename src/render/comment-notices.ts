/**
 * What the reader sees after posting a comment, as data for CommentPages: the "check and post" notice
 * (the form's token had to be fetched), where the new comment lives and what to say about it, and the
 * "awaiting moderation" notice. Kept here so the comment route only decides which one to send.
 */
import { postPath } from '../domain/blogs/urls.js';
import type { CommentRow, PostRow } from '../storage/schema.js';
import type { Notice } from './comment-pages.js';

/** The comment sent back in hidden fields with a fresh token, to check and post with one more click. */
export function checkAndPostNotice(sent: Record<string, string>, token: string): Notice {
  const fields = Object.entries({ ...sent, altcha: '', js: '' }).map(([name, value]) => ({ name, value }));
  fields.push({ name: '_csrf', value: token });
  return {
    title: 'Check and post your comment',
    lines: ['Please check your comment, then post it.'],
    form: { action: '/comments', button: 'Post comment', fields, previewText: sent.body ?? '' },
  };
}

/** Where a stored comment is shown and the sentence that tells its writer what happened to it. */
export interface CommentOutcome {
  status: CommentRow['status'];
  id: string;
  anchor: string;
  url: string;
  message: string;
}

export function commentOutcome(comment: Pick<CommentRow, 'id' | 'status'>, post: PostRow): CommentOutcome {
  const anchor = `c${comment.id}`;
  const message = comment.status === 'live' ? 'Your comment has been published.' : 'Your comment was received and is awaiting moderation.';
  return { status: comment.status, id: comment.id, anchor, url: `${postPath(post)}#${anchor}`, message };
}

export function awaitingModerationNotice(outcome: CommentOutcome, post: PostRow): Notice {
  return {
    title: 'Awaiting moderation',
    lines: [outcome.message, 'It will appear on the post once the blog’s owner has approved it.'],
    link: { url: `${postPath(post)}#comments`, text: `Back to “${post.title || 'the post'}”` },
  };
}
