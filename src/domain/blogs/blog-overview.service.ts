/**
 * A blog's overview, the first dashboard page of a blog: its latest posts in any state, the comments
 * waiting for a moderator, and the views of the last seven days beside the seven before. Each part is
 * asked for only when the viewer's role may see it, so an author's overview costs no stats queries.
 */
import type { CommentQueueRepository, QueuedComment } from '../../storage/repositories/comment-queue.repository.js';
import type { PostAdminRepository } from '../../storage/repositories/post-admin.repository.js';
import type { PeriodViews, ViewStatsRepository } from '../../storage/repositories/view-stats.repository.js';
import type { BlogRow, PostRow } from '../../storage/schema.js';
import { addDays, dayIn } from '../text/zoned-time.js';

export interface BlogOverview {
  recentPosts: PostRow[];
  drafts: number;
  /** Null when the viewer does not moderate. */
  pending: { comments: QueuedComment[]; total: number } | null;
  /** Null when the viewer does not see stats; days are the blog's own, oldest first. */
  views: { days: PeriodViews[]; thisWeek: number; lastWeek: number } | null;
}

export interface OverviewParts {
  postAdmin: PostAdminRepository;
  commentQueue: CommentQueueRepository;
  viewStats: ViewStatsRepository;
  now: () => number;
}

const RECENT = 5;

export class BlogOverviewService {
  constructor(private readonly parts: OverviewParts) {}

  /** What the overview shows; `show` says which parts the viewer's role may see. */
  async overviewOf(blog: BlogRow, show: { comments: boolean; views: boolean }): Promise<BlogOverview> {
    const { postAdmin, commentQueue } = this.parts;
    const recent = await postAdmin.list({ blogId: blog.id, kind: 'post' }, RECENT, 0);
    const drafts = await postAdmin.list({ blogId: blog.id, kind: 'post', status: 'draft' }, 0, 0);
    const pending = show.comments
      ? { comments: await commentQueue.list(blog.id, 'pending', RECENT, 0), total: await commentQueue.countPending(blog.id) }
      : null;
    return { recentPosts: recent.posts, drafts: drafts.total, pending, views: show.views ? await this.fortnight(blog) : null };
  }

  /** The last 14 of the blog's days: the last seven shown day by day, the seven before as a sum. */
  private async fortnight(blog: BlogRow): Promise<NonNullable<BlogOverview['views']>> {
    const today = dayIn(this.parts.now(), blog.time_zone);
    const first = addDays(today, -13);
    const counted = new Map((await this.parts.viewStats.daily(blog.id, first)).map((d) => [d.period, d.views]));
    const all = Array.from({ length: 14 }, (_, i) => {
      const period = addDays(first, i);
      return { period, views: counted.get(period) ?? 0 };
    });
    const sum = (rows: PeriodViews[]) => rows.reduce((n, d) => n + d.views, 0);
    const days = all.slice(7);
    return { days, thisWeek: sum(days), lastWeek: sum(all.slice(0, 7)) };
  }
}
