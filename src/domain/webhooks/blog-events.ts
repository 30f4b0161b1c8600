/**
 * What happened on a blog, told to whoever listens (today: the blog's webhooks). Services that change a
 * blog name the event and hand over its data; they never wait on the listeners' network, and a listener's
 * failure never undoes the change that was made.
 */

/** The events an endpoint may subscribe to. */
export const BLOG_EVENTS = [
  'post.published',
  'post.updated',
  'post.unpublished',
  'post.deleted',
  'page.published',
  'page.updated',
  'page.unpublished',
  'page.deleted',
  'comment.created',
  'comment.approved',
  'comment.spam',
  'member.added',
] as const;

export type BlogEventType = (typeof BLOG_EVENTS)[number];

export function isBlogEvent(name: string): name is BlogEventType {
  return (BLOG_EVENTS as readonly string[]).includes(name);
}

export interface BlogEvents {
  /** Records the event for delivery; never throws. */
  emit(blogId: string, type: BlogEventType, data: Record<string, unknown>): Promise<void>;
}

export const NO_EVENTS: BlogEvents = { emit: async () => {} };
