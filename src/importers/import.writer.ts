/**
 * The one writer of imports: stores import items through the post and comment services (so imported
 * HTML is sanitized like everything else), in transactions of a few hundred entries (fast, and an
 * interrupted import keeps what it finished). Every entry's source ID is remembered: running the
 * same import again adds nothing twice, and an interrupted one can simply be run again.
 *
 * Comments may come before the post they answer, and replies before their parent: such comments
 * wait (in memory, only those) until the end; replies are linked to their parent once both are in.
 */
import type { Kysely } from 'kysely';
import { ConflictError, InvalidInputError } from '../domain/errors.js';
import { MAX_BODY_BYTES, MAX_LABELS, MAX_TITLE, type NewPost, type PostService } from '../domain/posts/post.service.js';
import { MAX_COMMENT_BYTES, type CommentService } from '../domain/comments/comment.service.js';
import { redirectKey } from '../domain/redirects/redirect-key.js';
import { isValidSlug } from '../domain/text/slug.js';
import { labelPath, postPath } from '../render/urls.js';
import type { Storage } from '../storage/database.js';
import type { RedirectRepository } from '../storage/repositories/redirect.repository.js';
import type { UserRepository } from '../storage/repositories/user.repository.js';
import type { BlogRow, Database, NewRedirectRow, PostRow } from '../storage/schema.js';
import type { ImportedComment, ImportedPost, ImportedRedirect, ImportItem, RedirectTarget } from './import-model.js';
import { emptyCounts, Groups } from './import-report.js';
import { cleanLabelName } from './labels.js';

/** The services an import writes through, bound to one transaction. */
export interface ImportWriteServices {
  posts: PostService;
  comments: CommentService;
  redirects: RedirectRepository;
  users: UserRepository;
  setCommentParent(blogId: string, id: string, parentId: string): Promise<void>;
}

export interface ImportWriterDeps {
  storage: Storage;
  /** The write services over `db` (a transaction). */
  bind: (db: Kysely<Database>) => ImportWriteServices;
  /** Source IDs the blog already has (from earlier imports). */
  existingPosts: Map<string, string>;
  existingComments: Map<string, { id: string; postId: string; hasParent: boolean }>;
  now: () => number;
  /** Entries per transaction. */
  batchSize?: number;
  /** Called after each entry is written, with the number written so far. */
  onWritten?(written: number): void;
}

const SEARCH_DESCRIPTION = 300;
const MAX_AUTHOR_NAME = 100;

interface StoredPost {
  id: string;
  path: string | null;
}

function byteLength(text: string): number {
  return Buffer.byteLength(text);
}

/** Where a redirect target leads on the blog, in Dastan's URL scheme (PRODUCT.md). */
function targetPath(target: Exclude<RedirectTarget, { post: string }>): string {
  if ('path' in target) return target.path;
  if ('label' in target) return target.feed ? `/feeds/posts/default/-/${encodeURIComponent(target.label)}` : labelPath([target.label]);
  return target.feed === 'comments' ? '/feeds/comments/default' : '/feeds/posts/default';
}

export class ImportWriter {
  readonly added = emptyCounts();
  readonly skipped = new Groups();
  readonly warnings = new Groups();
  readonly redirects: { from: string; to: string }[] = [];
  settings: { title?: string; description?: string } = {};
  alreadyImported = 0;

  private readonly posts = new Map<string, StoredPost>();
  private readonly comments: ImportWriterDeps['existingComments'];
  private readonly waitingComments: ImportedComment[] = [];
  private readonly waitingRedirects: ImportedRedirect[] = [];
  private readonly orphanReplies: { commentId: string; postId: string; parentSourceId: string }[] = [];
  private readonly members = new Map<string, string | null>();
  private readonly labels = new Set<string>();
  private readonly authors = new Set<string>();
  private readonly matchedMembers = new Set<string>();
  private written = 0;

  constructor(
    private readonly blog: BlogRow,
    private readonly deps: ImportWriterDeps,
  ) {
    for (const [sourceId, id] of deps.existingPosts) this.posts.set(sourceId, { id, path: null });
    this.comments = deps.existingComments;
  }

  /** Stores every item; settings are kept aside for the caller to apply. */
  async write(items: AsyncIterable<ImportItem>): Promise<void> {
    const batchSize = this.deps.batchSize ?? 500;
    let batch: ImportItem[] = [];
    for await (const item of items) {
      batch.push(item);
      if (batch.length >= batchSize) {
        await this.inTransaction(batch);
        batch = [];
      }
    }
    await this.inTransaction(batch);
    await this.deps.storage.db.transaction().execute((trx) => this.finish(this.deps.bind(trx)));
  }

  private async inTransaction(batch: ImportItem[]): Promise<void> {
    if (batch.length === 0) return;
    await this.deps.storage.db.transaction().execute(async (trx) => {
      const services = this.deps.bind(trx);
      for (const item of batch) await this.writeItem(services, item);
    });
  }

  private progress(): void {
    this.written++;
    this.deps.onWritten?.(this.written);
  }

  private async writeItem(s: ImportWriteServices, item: ImportItem): Promise<void> {
    switch (item.type) {
      case 'post':
        await this.writePost(s, item);
        this.progress();
        return;
      case 'comment':
        if (await this.writeComment(s, item, false)) this.progress();
        return;
      case 'redirect':
        if (await this.writeRedirect(s, item, false)) this.progress();
        return;
      case 'media':
        // Listed in the report; the files stay where they are.
        return;
      case 'settings':
        this.settings = { title: item.title?.trim() || undefined, description: item.description?.trim() || undefined };
        return;
      case 'skip':
      case 'warning':
        // Counted when the file was checked, before anything was written.
        return;
    }
  }

  private warn(message: string, line?: number): void {
    this.warnings.add(message, line ? `line ${line}` : undefined);
  }

  private skip(reason: string, entry: string, line?: number): void {
    this.skipped.add(reason, line ? `${entry} (line ${line})` : entry);
  }

  /** The member an author is, by e-mail (null when no member of this blog has it). */
  private async memberFor(s: ImportWriteServices, email: string | undefined): Promise<string | null> {
    if (!email) return null;
    const key = email.trim().toLowerCase();
    if (!this.members.has(key)) {
      const user = await s.users.findByEmail(key);
      const member = user ? await s.users.findMembership(this.blog.id, user.id) : undefined;
      this.members.set(key, member ? user!.id : null);
    }
    return this.members.get(key)!;
  }

  private cleanLabels(item: ImportedPost): string[] {
    const names = new Set<string>();
    for (const raw of item.labels) {
      const { name, changed } = cleanLabelName(raw);
      if (!name) continue;
      if (changed) this.warn(`a label was changed to fit Dastan (${changed}): "${raw}" → "${name}"`, item.line);
      names.add(name);
    }
    const list = [...names];
    if (list.length > MAX_LABELS) {
      this.warn(`"${item.title}" has ${list.length} labels; the first ${MAX_LABELS} are kept`, item.line);
      return list.slice(0, MAX_LABELS);
    }
    return list;
  }

  private async writePost(s: ImportWriteServices, item: ImportedPost): Promise<void> {
    const name = `"${item.title || '(untitled)'}"`;
    const existing = this.posts.get(item.sourceId);
    if (existing && this.deps.existingPosts.has(item.sourceId)) {
      this.alreadyImported++;
      await this.storeOldAddresses(s, item, existing);
      return;
    }
    if (existing) {
      this.warn(`${name} has the same source ID as an earlier entry of the file; it is left out`, item.line);
      return;
    }
    if (byteLength(item.body) > MAX_BODY_BYTES) {
      this.skip('a body larger than 2 MB', name, item.line);
      return;
    }
    let title = item.title;
    if (title.length > MAX_TITLE) {
      title = Array.from(title).slice(0, MAX_TITLE).join('').slice(0, MAX_TITLE);
      this.warn(`a title longer than ${MAX_TITLE} characters was cut: ${name.slice(0, 80)}…`, item.line);
    }
    let searchDescription = item.searchDescription?.replace(/\s+/g, ' ').trim();
    if (searchDescription && searchDescription.length > SEARCH_DESCRIPTION) {
      this.warn(`a search description (or excerpt) longer than ${SEARCH_DESCRIPTION} characters was cut`, item.line);
      searchDescription = Array.from(searchDescription).slice(0, SEARCH_DESCRIPTION).join('').slice(0, SEARCH_DESCRIPTION);
    }
    let draft = item.status === 'draft';
    const publishedAt = item.publishedAt;
    if (!draft && publishedAt === undefined) {
      if (item.status === 'scheduled') {
        this.warn(`${name} is scheduled but has no date; it is imported as a draft`, item.line);
        draft = true;
      } else {
        this.warn(`${name} has no date; it is published with the time of the import`, item.line);
      }
    }
    const labels = this.cleanLabels(item);
    const authorId = await this.memberFor(s, item.author?.email);
    if (authorId) this.matchedMembers.add(authorId);

    const wanted = item.permalink;
    let slug = wanted?.slug.replace(/\.html$/, '').normalize('NFC');
    if (slug !== undefined && !isValidSlug(slug)) {
      this.warn(`the permalink "${slug}" has characters Dastan does not allow in one; a new one was made from the title`, item.line);
      slug = undefined;
    }
    const keepMonth = item.kind === 'post' && !draft && wanted?.year !== undefined && wanted.month !== undefined && slug !== undefined;
    const input: NewPost = {
      blogId: this.blog.id,
      kind: item.kind,
      title,
      body: item.body,
      format: item.format,
      labels,
      publishedAt,
      draft,
      slug,
      pathYear: keepMonth ? wanted.year : undefined,
      pathMonth: keepMonth ? wanted.month : undefined,
      searchDescription,
      commentsSetting: item.commentsSetting,
      authorId,
      authorName: item.author?.name.slice(0, 200),
      id: item.keepId,
      sourceId: item.sourceId,
      updatedAt: item.updatedAt,
    };

    let post: PostRow;
    try {
      post = await s.posts.createPost(input);
    } catch (error) {
      const slugProblem = error instanceof ConflictError || (error instanceof InvalidInputError && error.field === 'slug');
      if (!slugProblem) {
        if (error instanceof InvalidInputError) {
          this.skip(error.message, name, item.line);
          return;
        }
        throw error;
      }
      post = await s.posts.createPost({ ...input, slug: undefined, pathYear: undefined, pathMonth: undefined });
      this.warn(`the permalink of ${name} was taken or not allowed (${error.message}); it got a new one`, item.line);
    }
    const path = post.status === 'draft' ? null : postPath(post);
    const stored = { id: post.id, path };
    this.posts.set(item.sourceId, stored);

    const a = this.added;
    if (item.kind === 'page') a.pages++;
    else a.posts++;
    if (post.status === 'draft') a.drafts++;
    if (post.status === 'scheduled') a.scheduled++;
    for (const label of labels) this.labels.add(label);
    a.labels = this.labels.size;
    if (item.author?.name) this.authors.add(item.author.name);
    a.authors = this.authors.size;
    a.members = this.matchedMembers.size;

    const kept = wanted?.path && path !== null && redirectKey(wanted.path) !== redirectKey(path);
    await this.storeOldAddresses(s, kept ? { ...item, oldAddresses: [...item.oldAddresses, { from: wanted.path! }] } : item, stored);
  }

  private async storeOldAddresses(s: ImportWriteServices, item: ImportedPost, post: StoredPost): Promise<void> {
    // A draft had no public address to keep.
    if (item.status === 'draft') return;
    const rows: Omit<NewRedirectRow, 'created_at'>[] = [];
    const own = post.path ? redirectKey(post.path) : undefined;
    const now = this.deps.now();
    for (const address of item.oldAddresses) {
      const from = redirectKey(address.from);
      if (!from || from === own) continue;
      const target = address.to === 'comments-feed' ? `/feeds/${post.id}/comments/default` : null;
      rows.push({ blog_id: this.blog.id, from_path: from, post_id: post.id, target_path: target });
    }
    await this.storeRedirects(s, rows, now, (row) => row.target_path ?? post.path ?? `post ${post.id}`);
  }

  private async storeRedirects(
    s: ImportWriteServices,
    rows: Omit<NewRedirectRow, 'created_at'>[],
    now: number,
    describe: (row: Omit<NewRedirectRow, 'created_at'>) => string,
  ): Promise<number> {
    const unique = new Map(rows.map((r) => [r.from_path, r]));
    if (unique.size === 0) return 0;
    const inserted = await s.redirects.insertMany([...unique.values()].map((r) => ({ ...r, created_at: now })));
    for (const from of inserted) this.redirects.push({ from, to: describe(unique.get(from)!) });
    this.added.redirects += inserted.length;
    return inserted.length;
  }

  /** Writes a redirect item; false when it waits for its post. */
  private async writeRedirect(s: ImportWriteServices, item: ImportedRedirect, final: boolean): Promise<boolean> {
    const from = redirectKey(item.from);
    if (!from) return true;
    const now = this.deps.now();
    if ('post' in item.to) {
      const post = this.posts.get(item.to.post);
      if (!post) {
        if (final) this.skip('a redirect to a post the import does not have', item.from);
        else this.waitingRedirects.push(item);
        return final;
      }
      const target = item.to.commentsFeed ? `/feeds/${post.id}/comments/default` : null;
      await this.storeRedirects(
        s,
        [{ blog_id: this.blog.id, from_path: from, post_id: post.id, target_path: target }],
        now,
        (r) => r.target_path ?? post.path ?? post.id,
      );
      return true;
    }
    // A fixed target must be a path on this blog: a file can never make the blog redirect elsewhere.
    if ('path' in item.to && !/^\/(?![/\\])[^\s]*$/.test(item.to.path)) {
      this.skip('a redirect to an address outside the blog', `${item.from} → ${item.to.path}`);
      return true;
    }
    const to = 'label' in item.to ? { ...item.to, label: cleanLabelName(item.to.label).name } : item.to;
    await this.storeRedirects(
      s,
      [{ blog_id: this.blog.id, from_path: from, post_id: null, target_path: targetPath(to) }],
      now,
      (r) => r.target_path!,
    );
    return true;
  }

  /** Writes a comment; false when it waits for its post (until the end). */
  private async writeComment(s: ImportWriteServices, item: ImportedComment, final: boolean): Promise<boolean> {
    const entry = `comment by ${item.authorName || 'Anonymous'}${item.sourceId ? ` (${item.sourceId})` : ''}`;
    const existing = this.comments.get(item.sourceId);
    if (existing) {
      this.alreadyImported++;
      // An earlier run may have stopped before linking this reply to its parent.
      if (!existing.hasParent && item.parentSourceId)
        this.orphanReplies.push({ commentId: existing.id, postId: existing.postId, parentSourceId: item.parentSourceId });
      return true;
    }
    let postId = this.posts.get(item.replyTo)?.id;
    let parentSourceId = item.parentSourceId;
    if (!postId) {
      // Blogger's thr:in-reply-to may name the comment a reply answers rather than its post.
      const answered = this.comments.get(item.replyTo);
      if (answered) {
        postId = answered.postId;
        parentSourceId ??= item.replyTo;
      }
    }
    if (!postId) {
      if (!final) {
        this.waitingComments.push(item);
        return false;
      }
      this.skip('a comment on a post that is not in the file (or was not imported)', entry, item.line);
      return true;
    }
    if (byteLength(item.body) > MAX_COMMENT_BYTES) {
      this.skip('a comment larger than 64 KB', entry, item.line);
      return true;
    }
    let parentId: string | undefined;
    let orphan = false;
    if (parentSourceId) {
      const parent = this.comments.get(parentSourceId);
      if (parent && parent.postId === postId) parentId = parent.id;
      else if (parent) this.warn('a reply to a comment on another post was kept as a comment of its own post', item.line);
      else orphan = true;
    }
    const authorName = (item.authorName.replace(/[\u0000-\u001F\u007F]/g, '').trim() || 'Anonymous').slice(0, MAX_AUTHOR_NAME);
    let comment;
    try {
      comment = await s.comments.addComment({
        blogId: this.blog.id,
        postId,
        parentId: parentId ?? null,
        authorName,
        authorUrl: item.authorUrl,
        authorEmail: item.authorEmail,
        body: item.body,
        status: item.status,
        createdAt: item.createdAt,
        id: item.keepId,
        sourceId: item.sourceId,
      });
    } catch (error) {
      if (error instanceof InvalidInputError) {
        this.skip(`a comment Dastan cannot take: ${error.message}`, entry, item.line);
        return true;
      }
      throw error;
    }
    this.comments.set(item.sourceId, { id: comment.id, postId, hasParent: parentId !== undefined });
    if (orphan) this.orphanReplies.push({ commentId: comment.id, postId, parentSourceId: parentSourceId! });
    this.added.comments++;
    if (item.status === 'pending') this.added.pendingComments++;
    if (item.status === 'spam') this.added.spamComments++;
    return true;
  }

  /** Writes what waited for its post, and links replies to parents that came later in the file. */
  private async finish(s: ImportWriteServices): Promise<void> {
    let waiting = this.waitingComments.splice(0);
    const late = waiting.length + this.waitingRedirects.length;
    // A waiting comment may answer another waiting one: go round while that helps (those still
    // waiting go back to waitingComments).
    while (waiting.length > 0) {
      for (const comment of waiting) await this.writeComment(s, comment, false);
      const still = this.waitingComments.splice(0);
      const stuck = still.length === waiting.length;
      waiting = still;
      if (stuck) break;
    }
    for (const comment of waiting) await this.writeComment(s, comment, true);
    for (const redirect of this.waitingRedirects.splice(0)) await this.writeRedirect(s, redirect, true);
    for (let i = 0; i < late; i++) this.progress();
    for (const reply of this.orphanReplies) {
      const parent = this.comments.get(reply.parentSourceId);
      if (parent && parent.postId === reply.postId && parent.id !== reply.commentId) {
        await s.setCommentParent(this.blog.id, reply.commentId, parent.id);
      } else {
        this.warn('a reply to a comment that is not in the file was kept as a comment of its own');
      }
    }
  }
}
