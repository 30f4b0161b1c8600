/**
 * Publishes scheduled posts when their time comes: checks every few seconds, and once at start so a
 * post due during a restart goes live at once. The promotion is one UPDATE, so with several app
 * processes each post still goes live exactly once.
 */
import type { PostRepository } from '../../storage/repositories/post.repository.js';
import type { PostRow } from '../../storage/schema.js';

export class PostScheduler {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly posts: PostRepository,
    private readonly contentChanged: (blogId: string) => Promise<void>,
    private readonly now: () => number = Date.now,
    private readonly onError: (error: unknown) => void = () => {},
    /** Told of each post that went live (the newsletter mails it). */
    private readonly published: (post: Pick<PostRow, 'id' | 'blog_id' | 'kind' | 'mail_mode'>) => Promise<void> = async () => {},
  ) {}

  /** Makes due posts live; returns how many. */
  async publishDue(): Promise<number> {
    const promoted = await this.posts.promoteDue(this.now());
    for (const blogId of new Set(promoted.map((p) => p.blog_id))) await this.contentChanged(blogId);
    for (const post of promoted) await this.published(post);
    return promoted.length;
  }

  start(seconds = 15): void {
    const tick = () => this.publishDue().catch(this.onError);
    void tick();
    this.timer = setInterval(() => void tick(), seconds * 1000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
