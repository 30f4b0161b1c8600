/** Builds the view counter over the store the configuration calls for: Redis when given, else memory. */
import type { Redis } from 'ioredis';
import type { ViewRepository } from '../../storage/repositories/view.repository.js';
import { MemberViews } from './member-views.js';
import { MemoryViewStore } from './memory-view-store.js';
import { MemorySalt } from './reader-key.js';
import { RedisViewStore } from './redis-view-store.js';
import { ViewCounter } from './view-counter.js';

export interface ViewCounterOptions {
  /** A Redis connection shared with nothing that counts differently; without it, counts live in memory. */
  redis?: Redis;
  /** Key prefix in Redis (tests give each run its own). */
  redisPrefix?: string;
  onError?: (error: unknown) => void;
}

export function createViewCounter(views: ViewRepository, now: () => number, options: ViewCounterOptions = {}): ViewCounter {
  const members = new MemberViews((sessionId, blogId, at) => views.isMemberSession(sessionId, blogId, at), now);
  const onError = options.onError ?? (() => {});
  if (options.redis) {
    const store = new RedisViewStore(options.redis, views, { prefix: options.redisPrefix, now, onError });
    return new ViewCounter(store, store, members, now, onError);
  }
  return new ViewCounter(new MemoryViewStore(views, now, onError), new MemorySalt(), members, now, onError);
}
