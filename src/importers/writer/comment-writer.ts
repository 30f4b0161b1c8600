/**
 * Storing an import's comments: prepared by the comment service (sanitized and checked like any other)
 * and added to the batch, with the post and parent this writer holds. Comments may come before the
 * post they answer, and replies before their parent: such comments wait (in memory, only those) until
 * the end; replies are linked to their parent once both are in.
 */
import { InvalidInputError } from '../../domain/errors.js';
import { MAX_COMMENT_BYTES, type NewComment } from '../../domain/comments/comment.service.js';
import type { ImportedComment } from '../import-model.js';
import type { ImportWriteServices } from './write-services.js';
import { withOwnCopies } from '../own-copy.js';
import type { WriteBatch } from './write-batch.js';
import type { StoredComment } from './source-index.js';
import type { WriterState } from './writer-state.js';

const MAX_AUTHOR_NAME = 100;

export class CommentWriter {
  private readonly waiting: ImportedComment[] = [];

  constructor(private readonly state: WriterState) {}

  /** Comments waiting for a post (or a parent) that may come later in the file. */
  get waitingCount(): number {
    return this.waiting.length;
  }

  /** The comments waiting for their post. */
  get waitingComments(): readonly ImportedComment[] {
    return this.waiting;
  }

  /** Prepares a comment and adds it to the batch; false when it waits for its post (until the end). */
  async write(batch: WriteBatch, item: ImportedComment, final: boolean): Promise<boolean> {
    const state = this.state;
    const entry = `comment by ${item.authorName || 'Anonymous'}${item.sourceId ? ` (${item.sourceId})` : ''}`;
    const existing = state.comments.get(item.sourceId);
    if (existing) {
      state.alreadyImported++;
      // An earlier run may have stopped before linking this reply to its parent.
      if (!existing.hasParent && item.parentSourceId) state.comments.awaitParent(item.sourceId, item.parentSourceId);
      return true;
    }
    let postId = state.posts.get(item.replyTo)?.id;
    let parentSourceId = item.parentSourceId;
    if (!postId) {
      // Blogger's thr:in-reply-to may name the comment a reply answers rather than its post.
      const answered = state.comments.get(item.replyTo);
      if (answered) {
        postId = answered.postId;
        parentSourceId ??= item.replyTo;
      }
    }
    if (!postId) {
      if (!final) {
        this.waiting.push(withOwnCopies(item));
        return false;
      }
      state.skip('a comment on a post that is not in the file (or was not imported)', entry, item.line);
      return true;
    }
    if (Buffer.byteLength(item.body) > MAX_COMMENT_BYTES) {
      state.skip('a comment larger than 64 KB', entry, item.line);
      return true;
    }
    let parent: StoredComment | undefined;
    let orphan = false;
    if (parentSourceId) {
      const found = state.comments.get(parentSourceId);
      if (found && found.postId === postId) parent = found;
      else if (found) state.warn('a reply to a comment on another post was kept as a comment of its own post', item.line);
      else orphan = true;
    }
    let authorName = item.authorName.replace(/[\u0000-\u001F\u007F]/g, '').trim() || 'Anonymous';
    if (authorName.length > MAX_AUTHOR_NAME) {
      state.warn(`a comment author's name longer than ${MAX_AUTHOR_NAME} characters was cut`, item.line);
      authorName = Array.from(authorName).slice(0, MAX_AUTHOR_NAME).join('').slice(0, MAX_AUTHOR_NAME);
    }
    let comment;
    try {
      const input: NewComment = {
        blogId: state.blog.id,
        postId,
        parentId: parent?.id ?? null,
        authorName,
        authorUrl: item.authorUrl,
        authorEmail: item.authorEmail,
        body: item.body,
        status: item.status,
        createdAt: item.createdAt,
        id: item.keepId,
        sourceId: item.sourceId,
      };
      // The writer holds the post and the parent: the service need not read them again.
      comment = await batch.services.comments.prepareComment(input, postId, batch.commentLookups(parent));
    } catch (error) {
      if (error instanceof InvalidInputError) {
        state.skip(`a comment Dastan cannot take: ${error.message}`, entry, item.line);
        return true;
      }
      throw error;
    }
    batch.addComment(comment);
    state.comments.set(item.sourceId, { id: comment.id, postId, hasParent: parent !== undefined });
    if (orphan) state.comments.awaitParent(item.sourceId, parentSourceId!);
    state.added.comments++;
    if (item.status === 'pending') state.added.pendingComments++;
    if (item.status === 'spam') state.added.spamComments++;
    return true;
  }

  /** At the end: the comments that waited for their post; those still without one are skipped. */
  async writeWaiting(batch: WriteBatch): Promise<void> {
    let waiting = this.waiting.splice(0);
    // A waiting comment may answer another waiting one: go round while that helps (those still
    // waiting go back to this.waiting).
    while (waiting.length > 0) {
      for (const comment of waiting) await this.write(batch, comment, false);
      const still = this.waiting.splice(0);
      const stuck = still.length === waiting.length;
      waiting = still;
      if (stuck) break;
    }
    for (const comment of waiting) await this.write(batch, comment, true);
  }

  /** Links replies to parents that came later in the file (once both are stored). */
  async linkReplies(s: ImportWriteServices): Promise<void> {
    for (const { reply, parent } of this.state.comments.orphans()) {
      if (parent && parent.postId === reply.postId && parent.id !== reply.id) {
        await s.store.comments.setParent(this.state.blog.id, reply.id, parent.id);
      } else {
        this.state.warn('a reply to a comment that is not in the file was kept as a comment of its own');
      }
    }
  }
}
