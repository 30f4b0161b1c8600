/**
 * Old addresses that answer 301: when a request finds no page, its path (or WordPress query link)
 * is looked up among the blog's redirects. A redirect to a post follows the post wherever its
 * permalink is now, and only while the post is live.
 */
import type { RedirectRepository, RedirectTarget } from '../../storage/repositories/redirect.repository.js';
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
    return found ? destinationOf(found) : undefined;
  }

  /** Every old address of the blog that leads somewhere now, with where (for a static copy's redirect files). */
  async *everyRedirect(blog: Pick<BlogRow, 'id'>, pageSize = 1000): AsyncGenerator<{ from: string; to: RedirectDestination }> {
    for (let after = ''; ;) {
      const rows = await this.redirects.listTargets(blog.id, pageSize, after);
      for (const row of rows) {
        const to = destinationOf(row);
        if (to) yield { from: row.from_path, to };
      }
      if (rows.length < pageSize) return;
      after = rows.at(-1)!.from_path;
    }
  }
}

/** Where a stored redirect leads: its fixed path, or its post while the post is live. */
function destinationOf(found: RedirectTarget): RedirectDestination | undefined {
  if (found.post_id === null) return found.target_path ? { path: found.target_path } : undefined;
  if (found.status !== 'live' || found.trashed_at !== null || found.kind === null || found.slug === null) return undefined;
  if (found.target_path) return { path: found.target_path };
  return { post: { kind: found.kind, slug: found.slug, path_year: found.path_year, path_month: found.path_month } };
}
