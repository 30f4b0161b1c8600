/**
 * What each save button of the editor does to a post's status. The buttons a writer sees depend on the
 * post's state: a draft is saved, published or scheduled; a live or scheduled post is updated (it stays
 * online) or unpublished (taken offline, on purpose). "Save draft" on a live post is refused rather than
 * silently taking it offline.
 */
import type { PostStatus } from '../../storage/schema.js';
import { ConflictError, InvalidInputError } from '../errors.js';

/**
 * draft: keep it private; submit: ask an admin to publish; publish: live now, or at a future time;
 * schedule: live at a future time (which must be given); update: save a live or scheduled post and keep
 * it so; unpublish: take a live or scheduled post back to a draft; mail: save a draft and mail it to the
 * blog's subscribers without putting it on the blog ("e-mail only").
 */
export const SAVE_ACTIONS = ['draft', 'submit', 'publish', 'schedule', 'update', 'unpublish', 'mail'] as const;
export type SaveAction = (typeof SAVE_ACTIONS)[number];

/** Whether readers can see the post now or will at its time: the states "Update" and "Unpublish" are for. */
export function isPublished(status: PostStatus): boolean {
  return status === 'live' || status === 'scheduled';
}

/** Whether `action` makes the post public (now or later), so it needs the publish policy and an address. */
export function publishes(action: SaveAction, current: PostStatus): boolean {
  return action === 'publish' || action === 'schedule' || (action === 'update' && isPublished(current));
}

/**
 * The status a save leaves the post in. `publishedAt` is the time the form asked for (undefined: none);
 * `currentPublishedAt` the post's own. Throws, changing nothing, for a button that does not fit the state.
 */
export function statusAfterSave(
  action: SaveAction,
  current: PostStatus,
  publishedAt: number | undefined,
  currentPublishedAt: number | null,
  now: number,
): PostStatus {
  switch (action) {
    case 'draft':
      if (isPublished(current))
        throw new ConflictError('This post is published: "Update" saves your changes, "Unpublish" takes it offline.');
      return 'draft';
    case 'submit':
      return 'pending';
    case 'mail':
      if (isPublished(current))
        throw new ConflictError('This post is on the blog: its subscribers got it by e-mail when it was published.');
      return 'draft';
    case 'unpublish':
      if (!isPublished(current)) throw new ConflictError('This post is not published, so there is nothing to unpublish.');
      return 'draft';
    case 'schedule':
      if (publishedAt === undefined || publishedAt <= now)
        throw new InvalidInputError('Pick a date and time in the future to schedule the post.', 'publishedAt');
      return 'scheduled';
    case 'update':
      if (!isPublished(current)) return current === 'pending' ? 'pending' : 'draft';
      return (publishedAt ?? currentPublishedAt ?? now) > now ? 'scheduled' : 'live';
    case 'publish':
      return (publishedAt ?? currentPublishedAt ?? now) > now ? 'scheduled' : 'live';
  }
}
