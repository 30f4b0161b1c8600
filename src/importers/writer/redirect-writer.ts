/**
 * Storing an import's redirects: the old addresses of each post (its link, `/?p=ID`, its comments
 * feed) and those of the blog (category, tag and feed pages). A redirect to a post that comes later in
 * the file waits until the end; a fixed target must be a path on this blog.
 */
import { redirectKey } from '../../domain/redirects/redirect-key.js';
import { labelPath } from '../../domain/blogs/urls.js';
import type { NewRedirectRow } from '../../storage/schema.js';
import type { ImportedPost, ImportedRedirect, RedirectTarget } from '../import-model.js';
import { cleanLabelName } from '../labels.js';
import { ownCopy } from '../own-copy.js';
import type { WriteBatch } from './write-batch.js';
import type { StoredPost } from './source-index.js';
import type { WriterState } from './writer-state.js';

type RedirectRow = Omit<NewRedirectRow, 'created_at'>;

/** Where a redirect target leads on the blog, in Dastan's URL scheme (PRODUCT.md). */
function targetPath(target: Exclude<RedirectTarget, { post: string }>): string {
  if ('path' in target) return target.path;
  if ('label' in target) return target.feed ? `/feeds/posts/default/-/${encodeURIComponent(target.label)}` : labelPath([target.label]);
  return target.feed === 'comments' ? '/feeds/comments/default' : '/feeds/posts/default';
}

export class RedirectWriter {
  /** Every redirect stored: old address → where it leads. */
  readonly redirects: { from: string; to: string }[] = [];
  private readonly waiting: ImportedRedirect[] = [];

  constructor(private readonly state: WriterState) {}

  /** Redirects waiting for a post that may come later in the file. */
  get waitingCount(): number {
    return this.waiting.length;
  }

  /** Adds the old addresses of a post to the batch (none for a draft: it had no public address to keep). */
  storeOldAddresses(batch: WriteBatch, item: ImportedPost, post: StoredPost): void {
    if (item.status === 'draft') return;
    const rows: RedirectRow[] = [];
    const own = post.path ? redirectKey(post.path) : undefined;
    for (const address of item.oldAddresses) {
      const from = redirectKey(address.from);
      if (!from || from === own) continue;
      const target = address.to === 'comments-feed' ? `/feeds/${post.id}/comments/default` : null;
      rows.push({ blog_id: this.state.blog.id, from_path: from, post_id: post.id, target_path: target });
    }
    this.store(batch, rows, (row) => row.target_path ?? post.path ?? `post ${post.id}`);
  }

  /** Adds redirects to the batch; once stored, those new to the blog are counted and listed. */
  private store(batch: WriteBatch, rows: RedirectRow[], describe: (row: RedirectRow) => string): void {
    const unique = new Map(rows.map((r) => [r.from_path, r]));
    if (unique.size === 0) return;
    const now = this.state.now();
    batch.addRedirects(
      [...unique.values()].map((r) => ({ ...r, created_at: now })),
      (inserted) => {
        for (const from of inserted) this.redirects.push({ from: ownCopy(from), to: ownCopy(describe(unique.get(from)!)) });
        this.state.added.redirects += inserted.length;
      },
    );
  }

  /** Adds a redirect item to the batch; false when it waits for its post. */
  write(batch: WriteBatch, item: ImportedRedirect, final: boolean): boolean {
    const from = redirectKey(item.from);
    if (!from) return true;
    const blogId = this.state.blog.id;
    if ('post' in item.to) {
      const post = this.state.posts.get(item.to.post);
      if (!post) {
        if (final) this.state.skip('a redirect to a post the import does not have', item.from);
        else this.waiting.push(item);
        return final;
      }
      const target = item.to.commentsFeed ? `/feeds/${post.id}/comments/default` : null;
      this.store(
        batch,
        [{ blog_id: blogId, from_path: from, post_id: post.id, target_path: target }],
        (r) => r.target_path ?? post.path ?? post.id,
      );
      return true;
    }
    // A fixed target must be a path on this blog: a file can never make the blog redirect elsewhere.
    if ('path' in item.to && !/^\/(?![/\\])[^\s]*$/.test(item.to.path)) {
      this.state.skip('a redirect to an address outside the blog', `${item.from} → ${item.to.path}`);
      return true;
    }
    const to = 'label' in item.to ? { ...item.to, label: cleanLabelName(item.to.label).name } : item.to;
    this.store(batch, [{ blog_id: blogId, from_path: from, post_id: null, target_path: targetPath(to) }], (r) => r.target_path!);
    return true;
  }

  /** At the end: the redirects that waited, to posts that came later (or never). */
  writeWaiting(batch: WriteBatch): void {
    for (const redirect of this.waiting.splice(0)) this.write(batch, redirect, true);
  }
}
