/**
 * Comments: storing them (from the command line, the demo, imports and tests; the reader's form comes
 * with moderation) and arranging a post's comments into reply threads.
 */
import { isId, newId } from '../../storage/ids.js';
import type { CommentRepository, ShownComment } from '../../storage/repositories/comment.repository.js';
import type { PostRepository } from '../../storage/repositories/post.repository.js';
import type { CommentRow, CommentStatus } from '../../storage/schema.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import { sanitizeCommentHtml } from '../text/sanitize.js';
import { wellFormed } from '../text/unicode.js';

export interface NewComment {
  blogId: string;
  postId: string;
  parentId?: string | null;
  authorName: string;
  authorUrl?: string;
  authorEmail?: string;
  authorUserId?: string | null;
  /** The comment as HTML; only the comment allow-list survives. */
  body: string;
  status?: CommentStatus;
  createdAt?: number;
  id?: string;
  sourceId?: string;
  /** Why the pipeline held it or marked it spam, one reason a line. */
  reasons?: string;
  addressHash?: string | null;
  emailHash?: string | null;
  notifyReplies?: boolean;
}

export interface CommentThread {
  comment: ShownComment;
  replies: CommentThread[];
}

export const MAX_COMMENT_BYTES = 64 * 1024;

/**
 * What storing a comment asks of the comments already stored: the repository, or an import's batch,
 * which holds the parents it wrote and asks once for all its entries which IDs are taken.
 */
export interface CommentLookups {
  findById(blogId: string, id: string): Promise<Pick<CommentRow, 'post_id'> | undefined>;
  /** True when any blog has a comment with this ID. */
  isIdTaken(id: string): Promise<boolean>;
}

export class CommentService {
  constructor(
    private readonly comments: CommentRepository,
    private readonly posts: PostRepository,
    private readonly contentChanged: (blogId: string) => Promise<void>,
    private readonly now: () => number = Date.now,
  ) {}

  async addComment(input: NewComment): Promise<CommentRow> {
    const post = await this.posts.findById(input.blogId, input.postId);
    if (!post) throw new NotFoundError('That post does not exist on this blog.');
    const row = await this.prepareComment(input, post.id);
    await this.comments.insert(row);
    // Only a live comment changes what readers see (a held one waits in the dashboard).
    if (row.status === 'live') await this.contentChanged(input.blogId);
    return row;
  }

  /**
   * The row a new comment on `postId` (a post of the comment's blog, which the caller found) is stored
   * as — checked, the body sanitized, with a free ID — without storing anything.
   */
  async prepareComment(input: NewComment, postId: string, lookups: CommentLookups = this.comments): Promise<CommentRow> {
    const name = wellFormed(input.authorName)
      .replace(/[\u0000-\u001F\u007F]/g, '')
      .trim();
    if (!name) throw new InvalidInputError('A comment needs the name of its writer.', 'authorName');
    if (name.length > 100) throw new InvalidInputError('A name is at most 100 characters.', 'authorName');
    if (Buffer.byteLength(input.body) > MAX_COMMENT_BYTES) throw new InvalidInputError('A comment is at most 64 KB.', 'body');
    const body = sanitizeCommentHtml(input.body).html;
    if (!body.trim()) throw new InvalidInputError('The comment is empty.', 'body');
    const url = (input.authorUrl ?? '').replace(/[\u0000-\u001F\u007F]/g, '').trim();
    if (url && !/^https?:\/\/[^\s]+$/i.test(url))
      throw new InvalidInputError('A website must start with http:// or https://.', 'authorUrl');
    if (input.parentId) {
      const parent = await lookups.findById(input.blogId, input.parentId);
      if (!parent || parent.post_id !== postId) throw new InvalidInputError('A reply must answer a comment on the same post.', 'parentId');
    }
    const now = this.now();
    // Comment IDs are unique across blogs: an imported ID is kept only when no blog uses it yet.
    const id = input.id && isId(input.id) && !(await lookups.isIdTaken(input.id)) ? input.id : newId(now);
    return {
      id,
      blog_id: input.blogId,
      post_id: postId,
      parent_id: input.parentId ?? null,
      status: input.status ?? 'live',
      author_name: name,
      author_url: url.slice(0, 500),
      author_email: (input.authorEmail ?? '')
        .replace(/[\u0000-\u001F\u007F]/g, '')
        .trim()
        .slice(0, 320),
      author_user_id: input.authorUserId ?? null,
      body_html: body,
      created_at: input.createdAt ?? now,
      updated_at: now,
      source_id: input.sourceId ?? null,
      reasons: input.reasons ?? '',
      address_hash: input.addressHash ?? null,
      email_hash: input.emailHash ?? null,
      notify_replies: input.notifyReplies ? 1 : 0,
    };
  }
}

/**
 * Arranges comments (oldest first) into threads. Replies nest up to `maxDepth` levels; deeper replies
 * continue flat at the last level, after the comment they answer. A reply whose parent is not shown
 * (held, deleted) is shown at the top level.
 *
 * The order of `comments` decides only the order of siblings: a reply listed before the comment it
 * answers still lands under it (comments written in the same millisecond, or imported with equal times,
 * come back from the database in no particular order). Parent links that loop are shown at the top level.
 */
export function buildThreads(comments: readonly ShownComment[], maxDepth = 3): CommentThread[] {
  const threads = new Map<string, CommentThread>(comments.map((comment) => [comment.id, { comment, replies: [] }]));
  const roots: CommentThread[] = [];
  for (const comment of comments) {
    const thread = threads.get(comment.id)!;
    const ancestors = shownAncestors(comment, threads);
    // ancestors[ancestors.length - k] is the ancestor at depth k (the top-level comment is depth 1).
    const holderDepth = Math.min(ancestors.length, maxDepth - 1);
    if (holderDepth < 1) roots.push(thread);
    else ancestors[ancestors.length - holderDepth]!.replies.push(thread);
  }
  return roots;
}

/** The shown comments above `comment`, nearest first; none when its parent links loop. */
function shownAncestors(comment: ShownComment, threads: ReadonlyMap<string, CommentThread>): CommentThread[] {
  const chain: CommentThread[] = [];
  const seen = new Set([comment.id]);
  for (let parentId = comment.parent_id; parentId;) {
    if (seen.has(parentId)) return [];
    const parent = threads.get(parentId);
    if (!parent) break;
    chain.push(parent);
    seen.add(parentId);
    parentId = parent.comment.parent_id;
  }
  return chain;
}
