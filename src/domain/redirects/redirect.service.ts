/**
 * Old addresses that answer 301 or 302: when a request finds no page, its path (or WordPress query link)
 * is looked up among the blog's redirects — made by an import or by the owners in the dashboard. A
 * redirect to a post follows the post wherever its permalink is now, and only while the post is live.
 * Each use is counted in memory and written in batches (RedirectHits).
 */
import type { PostRepository } from '../../storage/repositories/post.repository.js';
import type { RedirectListRow, RedirectRepository, RedirectTarget } from '../../storage/repositories/redirect.repository.js';
import type { BlogRow, PostRow } from '../../storage/schema.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors.js';
import { redirectKey } from './redirect-key.js';
import { RedirectHits } from './redirect-hits.js';
import { oldAddressKey, permalinkOf, targetPath } from './redirect-rules.js';

/** Where an old address leads: a fixed path on the blog, or a post (the caller builds its URL). */
export type RedirectDestination = { path: string } | { post: Pick<PostRow, 'kind' | 'slug' | 'path_year' | 'path_month'> };

/** A redirect followed: where to, and with which status (301 moved for good, 302 for now). */
export interface FollowedRedirect {
  to: RedirectDestination;
  status: 301 | 302;
}

/** What an owner sends to add or change a redirect. */
export interface RedirectInput {
  from: string;
  to: string;
  status: 301 | 302;
  /** The old address of the redirect being changed; none when adding one. */
  editing?: string;
}

/** The dashboard shows this many redirects a page. */
export const REDIRECT_PAGE_SIZE = 100;
/** How far a chain of redirects is followed when looking for a loop. */
const MAX_CHAIN = 20;

export class RedirectService {
  /** Counts each use; the app flushes it every few seconds (main.ts) and tests call `hits.flush()`. */
  readonly hits: RedirectHits;

  constructor(
    private readonly redirects: RedirectRepository,
    private readonly posts: Pick<PostRepository, 'findLivePost' | 'findLivePage'>,
    private readonly now: () => number,
  ) {
    this.hits = new RedirectHits(redirects, now);
  }

  /** The destination of an old address of the blog (counted as a use), or undefined when it has none (or its post is not live). */
  async resolve(blog: Pick<BlogRow, 'id'>, url: string): Promise<FollowedRedirect | undefined> {
    const key = redirectKey(url);
    if (!key) return undefined;
    const found = await this.redirects.find(blog.id, key);
    const to = found ? destinationOf(found) : undefined;
    if (!found || !to) return undefined;
    this.hits.add(blog.id, key);
    return { to, status: found.status_code === 302 ? 302 : 301 };
  }

  /** A page of the blog's redirects (imported and made here alike), in address order after `after`. */
  list(blog: Pick<BlogRow, 'id'>, after = ''): Promise<RedirectListRow[]> {
    return this.redirects.listPage(blog.id, REDIRECT_PAGE_SIZE, after);
  }

  /** One redirect of the blog by its old address (to edit it). */
  async find(blog: Pick<BlogRow, 'id'>, from: string): Promise<RedirectListRow> {
    const found = await this.redirects.listPage(blog.id, 1, from, from);
    if (!found[0]) throw new NotFoundError('There is no redirect from that address.');
    return found[0];
  }

  /**
   * Adds a redirect, or changes the one from `input.editing`. Refused: an old address that is a live
   * post's or page's own (the redirect would hide it — or rather never be followed), one the blog already
   * redirects, a target off the blog (`hosts` are the blog's host names), and a loop.
   */
  async save(blog: Pick<BlogRow, 'id'>, input: RedirectInput, hosts: readonly string[]): Promise<void> {
    const from = oldAddressKey(input.from);
    const shadowed = await this.livePostAt(blog, from);
    if (shadowed)
      throw new ConflictError(
        `${from} is the address of the live ${shadowed.kind} “${shadowed.title}”: readers get it there, so a redirect from it would hide nothing and never be followed. Choose an old address no post or page uses.`,
      );
    if (input.editing !== undefined && !(await this.redirects.findRow(blog.id, input.editing)))
      throw new NotFoundError('There is no redirect from that address any more.');
    if (from !== input.editing && (await this.redirects.findRow(blog.id, from)))
      throw new ConflictError(`There is already a redirect from ${from}; change that one instead.`);
    const path = targetPath(input.to, hosts);
    const post = await this.livePostAt(blog, path.replace(/[?#].*$/, ''));
    await this.refuseLoop(blog, from, path, input.editing);
    await this.redirects.save(
      {
        blog_id: blog.id,
        from_path: from,
        post_id: post?.id ?? null,
        target_path: post ? null : path,
        status_code: input.status,
        source: 'owner',
        created_at: this.now(),
      },
      input.editing,
    );
  }

  async remove(blog: Pick<BlogRow, 'id'>, from: string): Promise<void> {
    if (!(await this.redirects.remove(blog.id, from))) throw new NotFoundError('There is no redirect from that address.');
  }

  /** The live post or page whose permalink `path` is. */
  private async livePostAt(blog: Pick<BlogRow, 'id'>, path: string): Promise<PostRow | undefined> {
    const parts = permalinkOf(path);
    if (!parts) return undefined;
    return parts.kind === 'post'
      ? this.posts.findLivePost(blog.id, parts.year, parts.month, parts.slug)
      : this.posts.findLivePage(blog.id, parts.slug);
  }

  /** Follows the chain of redirects from `path`; refuses when it comes back to `from`. */
  private async refuseLoop(blog: Pick<BlogRow, 'id'>, from: string, path: string, editing?: string): Promise<void> {
    const chain = [from];
    let key = redirectKey(path);
    for (let hop = 0; key && hop < MAX_CHAIN; hop++) {
      chain.push(key);
      if (key === from) {
        const what = hop === 0 ? 'to itself' : `that leads back to it (${chain.join(' → ')})`;
        throw new InvalidInputError(
          `A redirect from ${from} ${what} would send readers round in circles. Please choose another target.`,
          'to',
        );
      }
      // The redirect being edited is replaced by this one; a live page at `key` is served, not redirected.
      const next = key === editing ? undefined : await this.redirects.find(blog.id, key);
      if (!next || next.post_id !== null) return;
      key = next.target_path ? redirectKey(next.target_path) : undefined;
    }
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
export function destinationOf(found: Omit<RedirectTarget, 'status_code'>): RedirectDestination | undefined {
  if (found.post_id === null) return found.target_path ? { path: found.target_path } : undefined;
  if (found.status !== 'live' || found.trashed_at !== null || found.kind === null || found.slug === null) return undefined;
  if (found.target_path) return { path: found.target_path };
  return { post: { kind: found.kind, slug: found.slug, path_year: found.path_year, path_month: found.path_month } };
}
