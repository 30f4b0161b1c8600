/**
 * Keeps several app processes in step (REDIS_URL): each remembers which blog a host names for a few
 * seconds, and with it the blog's content version, which keys every cached page and sidebar. A change on
 * one process (a post, a comment, a setting, a theme, a layout: each moves the version and calls
 * `forgetHosts`) is published on a Redis channel, and every other process forgets its host lookups at
 * once, so its next page reads the new version instead of serving the old for up to five seconds.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { BlogService } from './blog.service.js';

export const BLOG_CHANGE_CHANNEL = 'dastan:blog-changed';

/**
 * Links this process's blog lookups to the others'. `subscriber` becomes a subscriber connection (Redis
 * allows nothing else on it); `publisher` is any other. Returns what stops listening.
 */
export async function linkProcesses(
  blogs: BlogService,
  publisher: Redis,
  subscriber: Redis,
  onError: (error: unknown) => void = () => {},
): Promise<() => Promise<void>> {
  const me = randomUUID();
  let pending = false;
  blogs.onChange(() => {
    // One message for the changes of one turn of the event loop (a save touches the blog, then forgets).
    if (pending) return;
    pending = true;
    queueMicrotask(() => {
      pending = false;
      publisher.publish(BLOG_CHANGE_CHANNEL, me).catch(onError);
    });
  });
  subscriber.on('message', (channel: string, from: string) => {
    if (channel === BLOG_CHANGE_CHANNEL && from !== me) blogs.forgetHostsForPeer();
  });
  await subscriber.subscribe(BLOG_CHANGE_CHANNEL);
  return async () => {
    await subscriber.unsubscribe(BLOG_CHANGE_CHANNEL).catch(() => {});
  };
}
