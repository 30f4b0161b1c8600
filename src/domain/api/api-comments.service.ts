/**
 * The Blogger API's comments: live ones for anyone who may read the post; held, spam and removed ones
 * for the blog's moderators only; approving, marking spam and removing through the same moderation
 * service (and spam learning) as the dashboard.
 */
import type { CommentModerationService, ModerationAction } from '../comments/comment-moderation.service.js';
import type { ApiQueryRepository } from '../../storage/repositories/api-query.repository.js';
import type { CommentRepository } from '../../storage/repositories/comment.repository.js';
import type { PostRepository } from '../../storage/repositories/post.repository.js';
import type { BlogRow, CommentRow, CommentStatus } from '../../storage/schema.js';
import { ForbiddenError, NotFoundError } from '../errors.js';
import { canModerate } from '../policies/comment.policy.js';
import { canUseView, hasLevel, type ApiView, type BlogStanding } from './api-access.js';
import { makePageToken, readPageToken } from './page-token.js';

/** Blogger's comment statuses and Dastan's. */
export type ApiCommentStatus = 'live' | 'emptied' | 'pending' | 'spam';
const STATUS: Record<ApiCommentStatus, CommentStatus> = { live: 'live', emptied: 'deleted', pending: 'pending', spam: 'spam' };

export interface ApiCommentListParams {
  postId?: string;
  statuses?: ApiCommentStatus[];
  startDate?: number;
  endDate?: number;
  view?: ApiView;
  maxResults: number;
  pageToken?: string;
}

export class ApiCommentsService {
  constructor(
    private readonly queries: ApiQueryRepository,
    private readonly comments: CommentRepository,
    private readonly posts: PostRepository,
    private readonly moderation: CommentModerationService,
  ) {}

  async list(
    blog: BlogRow,
    standing: BlogStanding,
    params: ApiCommentListParams,
  ): Promise<{ items: CommentRow[]; nextPageToken?: string }> {
    if (params.view && !canUseView(standing, params.view)) throw new ForbiddenError('Your role on this blog does not allow that view.');
    const statuses = params.statuses ?? ['live'];
    if (statuses.some((s) => s !== 'live') && !this.moderates(standing))
      throw new ForbiddenError('Only the blog\u2019s moderators can list held, spam or removed comments.');
    if (params.postId !== undefined) await this.readablePost(blog, standing, params.postId);
    const fingerprint = JSON.stringify([blog.id, params.postId ?? '', statuses]);
    const rows = await this.queries.listComments(
      {
        blogId: blog.id,
        postId: params.postId,
        statuses: statuses.map((s) => STATUS[s]),
        startDate: params.startDate,
        endDate: params.endDate,
        after: readPageToken(params.pageToken, fingerprint),
      },
      params.maxResults + 1,
    );
    // Comments of posts that are not live are only for moderators.
    const visible = this.moderates(standing) ? rows : await this.onLivePosts(blog.id, rows);
    const items = visible.slice(0, params.maxResults);
    const last = items.at(-1);
    return rows.length > params.maxResults && last
      ? { items, nextPageToken: makePageToken({ value: Number(last.created_at), id: last.id }, fingerprint) }
      : { items };
  }

  async get(blog: BlogRow, standing: BlogStanding, postId: string, commentId: string): Promise<CommentRow> {
    await this.readablePost(blog, standing, postId);
    const comment = await this.comments.findById(blog.id, commentId);
    if (!comment || comment.post_id !== postId || (comment.status !== 'live' && !this.moderates(standing)))
      throw new NotFoundError('There is no such comment.');
    return comment;
  }

  /** approve, spam, or delete (removing the content: the thread keeps its place). */
  async moderate(
    blog: BlogRow,
    standing: BlogStanding,
    postId: string,
    commentId: string,
    action: ModerationAction,
    origin: string,
  ): Promise<CommentRow> {
    if (!this.moderates(standing)) throw new ForbiddenError('Only the blog\u2019s owners and admins moderate comments.');
    // Moderation is the admin level's, as the consent screen tells the person granting it; write is posts and pages.
    if (!hasLevel(standing, 'admin')) throw new ForbiddenError('Moderating comments needs a token with the admin level.');
    const comment = await this.comments.findById(blog.id, commentId);
    if (!comment || comment.post_id !== postId) throw new NotFoundError('There is no such comment.');
    await this.moderation.act(blog, [commentId], action, origin);
    return (await this.comments.findById(blog.id, commentId))!;
  }

  private moderates(standing: BlogStanding): boolean {
    return hasLevel(standing, 'read') && canModerate(standing.actor);
  }

  private async readablePost(blog: BlogRow, standing: BlogStanding, postId: string): Promise<void> {
    const post = await this.posts.findById(blog.id, postId);
    const live = post && post.status === 'live' && post.trashed_at === null;
    if (!post || (!live && !this.moderates(standing))) throw new NotFoundError('There is no such post.');
  }

  private async onLivePosts(blogId: string, rows: CommentRow[]): Promise<CommentRow[]> {
    const live = new Set((await this.posts.findLiveByIds(blogId, [...new Set(rows.map((r) => r.post_id))])).map((p) => p.id));
    return rows.filter((r) => live.has(r.post_id));
  }
}
