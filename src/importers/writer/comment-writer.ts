/**
 * Storing an import's comments: prepared by the comment service (sanitized and checked like any other)
 * and added to the batch, with the post and parent this writer holds. Comments may come before the
 * post they answer, and replies before their parent: such comments wait (in memory, only those) until
 * the end; replies are linked to their parent once both are in.
 */
import { InvalidInputError } from '../../domain/errors.js';
import { MAX_COMMENT_BYTES, type NewComment } from '../../domain/comments/comment.service.js';
import { cutText, textToHtml } from '../common.js';
import type { ImportedComment } from '../import-model.js';
import type { ImportWriteServices } from './write-services.js';
import { withOwnCopies } from '../own-copy.js';
import type { WriteBatch } from './write-batch.js';
import type { StoredComment } from './source-index.js';
import type { CommentRow } from '../../storage/schema.js';
import type { WriterState } from './writer-state.js';

const MAX_AUTHOR_NAME = 100;

export class CommentWriter {
  private readonly waiting: ImportedComment[] = [];
  /** The comments of recognised posts, by time (seconds) and writer: looked up once a post. */
  private readonly knownComments = new Map<string, Map<string, string>>();

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
    if (existing && !state.comments.isEarlier(item.sourceId)) {
      state.skip('a comment with the same source ID as an earlier comment of the file', entry, item.line);
      return true;
    }
    if (existing) {
      state.alreadyImported++;
      if (state.update) await this.refresh(batch, item, existing.id, existing.postId, entry);
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
    const same = await this.alreadyThere(batch, item, postId);
    if (same) {
      state.alreadyImported++;
      if (state.update) await this.refresh(batch, item, same, postId, entry);
      else
        state.warn(
          'entries already in the blog (the same Dastan ID, or the same writer and time on the same post) were left as they are',
          item.line,
        );
      state.comments.set(item.sourceId, { id: same, postId, hasParent: true });
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
    const comment = await this.prepare(batch, item, postId, parent, entry);
    if (!comment) return true;
    batch.addComment(comment);
    state.comments.set(item.sourceId, { id: comment.id, postId, hasParent: parent !== undefined });
    if (orphan) state.comments.awaitParent(item.sourceId, parentSourceId!);
    state.added.comments++;
    if (item.status === 'pending') state.added.pendingComments++;
    if (item.status === 'spam') state.added.spamComments++;
    return true;
  }

  /**
   * The comment service's row for an entry (sanitized and checked as any comment is); undefined, and
   * the entry skipped, when Dastan cannot take it. The writer holds the post and the parent: the
   * service need not read them again.
   */
  private async prepare(
    batch: WriteBatch,
    item: ImportedComment,
    postId: string,
    parent: StoredComment | undefined,
    entry: string,
  ): Promise<CommentRow | undefined> {
    const state = this.state;
    let authorName = item.authorName.replace(/[\u0000-\u001F\u007F]/g, '').trim() || 'Anonymous';
    if (authorName.length > MAX_AUTHOR_NAME) {
      state.warnAbout(`a comment author's name longer than ${MAX_AUTHOR_NAME} characters was cut`, entry, item.line);
      authorName = cutText(authorName, MAX_AUTHOR_NAME);
    }
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
    const prepare = (body: string) => batch.services.comments.prepareComment({ ...input, body }, postId, batch.commentLookups(parent));
    try {
      try {
        return await prepare(item.body);
      } catch (error) {
        // HTML with nothing left once sanitized (a hostile payload) is kept as what it said, escaped.
        if (!(error instanceof InvalidInputError && error.field === 'body' && item.body.trim() && !/64 KB/.test(error.message)))
          throw error;
        state.warn('a comment whose HTML had nothing left once sanitized was kept as its text, escaped', item.line);
        return await prepare(textToHtml(item.body.trim()));
      }
    } catch (error) {
      if (error instanceof InvalidInputError) {
        state.skip(`a comment Dastan cannot take: ${error.message}`, entry, item.line);
        return undefined;
      }
      throw error;
    }
  }

  /** `--update`: brings the blog's comment `id` in line with the entry — its text, writer and status; counted as updated or unchanged. */
  private async refresh(batch: WriteBatch, item: ImportedComment, id: string, postId: string, entry: string): Promise<void> {
    const state = this.state;
    const { comments } = batch.services.store;
    const row = await comments.findById(state.blog.id, id);
    if (!row) return;
    const fresh = await this.prepare(batch, { ...item, keepId: undefined }, postId, undefined, entry);
    if (!fresh) return;
    const patch: Parameters<typeof comments.refresh>[2] = {};
    if (fresh.body_html !== row.body_html) patch.body_html = fresh.body_html;
    if (fresh.status !== row.status) patch.status = fresh.status;
    if (fresh.author_name !== row.author_name) patch.author_name = fresh.author_name;
    if (fresh.author_url !== row.author_url) patch.author_url = fresh.author_url;
    if (Object.keys(patch).length === 0) {
      state.unchanged++;
      return;
    }
    await comments.refresh(state.blog.id, id, { ...patch, updated_at: state.now() });
    state.updated.comments++;
  }

  /** The comment of the blog an entry already is: by its Dastan ID, or on a recognised post by writer and time. */
  private async alreadyThere(batch: WriteBatch, item: ImportedComment, postId: string): Promise<string | undefined> {
    const own = batch.ownComment(item.keepId);
    // A comment this run stored is an entry of this file, not one the blog had.
    const ours = own?.source_id && this.state.comments.has(own.source_id) && !this.state.comments.isEarlier(own.source_id);
    if (own && own.post_id === postId && !ours) return own.id;
    if (!this.state.recognised.has(postId) || item.createdAt === undefined) return undefined;
    let known = this.knownComments.get(postId);
    if (!known) {
      known = new Map();
      for (const c of await batch.services.store.batch.commentsOfBlog(this.state.blog.id, [postId], 'post_id'))
        known.set(`${Math.floor(c.created_at / 1000)} ${c.author_name}`, c.id);
      this.knownComments.set(postId, known);
    }
    return known.get(`${Math.floor(item.createdAt / 1000)} ${item.authorName.trim()}`);
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
