/**
 * Old addresses that answer 301: when a request finds no page, its path (or WordPress query link)
 * is looked up among the blog's redirects. A redirect to a post follows the post wherever its
 * permalink is now, and only while the post is live.
 */
import type { RedirectRepository } from '../../storage/repositories/redirect.repository.js';
import type { BlogRow, PostRow } from '../../storage/schema.js';
import { redirectKey } from './redirect-key.js';

/** Where an old address leads: a fixed path on the blog, or a post (the caller builds its URL). */
export type RedirectDestination = { path: string } | { post: Pick<PostRow, 'kind' | 'slug' | 'path_year' | 'path_month'> };

export class RedirectService {
  constructor(private readonly redirects: RedirectRepository) {}

  /** The destination of an old address of the blog, or undefined when it has none (or its post is not live). */
  async resolve(blog: Pick<BlogRow, 'id'>, url: string): Promise<RedirectDestination | undefined> {
    const key = redirectKey(url);
    if (!key) return undefined;
    const found = await this.redirects.find(blog.id, key);
    if (!found) return undefined;
    if (found.post_id === null) return found.target_path ? { path: found.target_path } : undefined;
    if (found.status !== 'live' || found.trashed_at !== null || found.kind === null || found.slug === null) return undefined;
    if (found.target_path) return { path: found.target_path };
    return { post: { kind: found.kind, slug: found.slug, path_year: found.path_year, path_month: found.path_month } };
  }
}
