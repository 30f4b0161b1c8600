/**
 * What every exporter reads, in pages so memory stays bounded however large the blog: the blog, its
 * posts and pages (with labels and authors' e-mail addresses), their comments, its redirects.
 */
import type { CommentRepository } from '../storage/repositories/comment.repository.js';
import type { PostRepository } from '../storage/repositories/post.repository.js';
import type { RedirectRepository } from '../storage/repositories/redirect.repository.js';
import type { UserRepository } from '../storage/repositories/user.repository.js';
import type { BlogRow, CommentRow, PostRow, RedirectRow } from '../storage/schema.js';

export interface ExportedPost {
  post: PostRow;
  labels: string[];
  authorEmail: string | null;
}

export interface ExportRepositories {
  posts: PostRepository;
  comments: CommentRepository;
  redirects: RedirectRepository;
  users: UserRepository;
}

const PAGE = 500;

export class ExportContext {
  private readonly emails = new Map<string, string | null>();

  constructor(
    readonly blog: BlogRow,
    /** The blog's home address, for absolute links (`https://travel.example.com`). */
    readonly home: string,
    private readonly repositories: ExportRepositories,
    /** Called as posts are read, with the number so far. */
    private readonly onPost: (count: number) => void = () => {},
  ) {}

  private async emailOf(userId: string | null): Promise<string | null> {
    if (!userId) return null;
    if (!this.emails.has(userId)) this.emails.set(userId, (await this.repositories.users.findById(userId))?.email ?? null);
    return this.emails.get(userId)!;
  }

  /** The blog's posts and pages (any status but the trash), a page at a time; `progress` reports them as read. */
  async *postPages(progress = true): AsyncGenerator<ExportedPost[]> {
    let after: string | undefined;
    let count = 0;
    for (;;) {
      const rows = await this.repositories.posts.listForExport(this.blog.id, PAGE, after);
      if (rows.length === 0) return;
      const labels = await this.repositories.posts.labelsOf(rows.map((r) => r.id));
      const page: ExportedPost[] = [];
      for (const post of rows) page.push({ post, labels: labels.get(post.id) ?? [], authorEmail: await this.emailOf(post.author_id) });
      count += rows.length;
      if (progress) this.onPost(count);
      yield page;
      after = rows.at(-1)!.id;
    }
  }

  /** Comments of these posts (all but deleted ones), oldest first. */
  comments(postIds: readonly string[]): Promise<CommentRow[]> {
    return this.repositories.comments.listForPosts(this.blog.id, postIds);
  }

  /** The blog's redirects, a page at a time. */
  async *redirectPages(): AsyncGenerator<RedirectRow[]> {
    let after = '';
    for (;;) {
      const rows = await this.repositories.redirects.listForBlog(this.blog.id, PAGE, after);
      if (rows.length === 0) return;
      yield rows;
      after = rows.at(-1)!.from_path;
    }
  }

  /** The distinct authors of the blog's posts, with e-mail addresses where they are members. */
  async authors(): Promise<{ name: string; email: string | null }[]> {
    const rows = await this.repositories.posts.authorsOf(this.blog.id);
    const byName = new Map<string, string | null>();
    for (const row of rows) {
      const email = await this.emailOf(row.author_id);
      if (!byName.has(row.author_name) || (email && !byName.get(row.author_name))) byName.set(row.author_name, email);
    }
    return [...byName].map(([name, email]) => ({ name, email }));
  }
}

/** A writer that waits when the stream is full, so a large export never piles up in memory. */
export type Write = (text: string) => Promise<void>;

/** ISO 8601 in UTC with milliseconds; null stays null. */
export function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
