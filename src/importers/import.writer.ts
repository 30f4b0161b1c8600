/**
 * The one writer of imports: prepares import items through the post and comment services (so imported
 * HTML is sanitized and checked like everything else) and stores them in transactions of a few hundred
 * entries, each batch in a few multi-row inserts (fast, and an interrupted import keeps the batches it
 * finished, whole). Every entry's source ID is remembered: running the same import again adds nothing
 * twice, and an interrupted one can simply be run again.
 *
 * The work is shared by writers/ of posts, comments and redirects over one WriterState; this module
 * batches the items, hands each to its writer, and finishes what waited for a later entry.
 */
import type { Kysely } from 'kysely';
import type { Storage } from '../storage/database.js';
import type { BlogRow, Database } from '../storage/schema.js';
import type { ImportedSettings, ImportedSubscriber, ImportItem } from './import-model.js';
import type { Groups } from './import-report.js';
import { CommentWriter } from './writer/comment-writer.js';
import { PostWriter } from './writer/post-writer.js';
import { RedirectWriter } from './writer/redirect-writer.js';
import { WriteBatch } from './writer/write-batch.js';
import { WriterState } from './writer/writer-state.js';
import type { ImportWriteServices } from './writer/write-services.js';

export interface ImportWriterDeps {
  storage: Storage;
  /** The write services over `db` (a transaction). */
  bind: (db: Kysely<Database>) => ImportWriteServices;
  /** The posts and comments earlier imports into the blog stored, by source ID (read when writing starts). */
  earlierPosts: AsyncIterable<{ sourceId: string; id: string }>;
  earlierComments: AsyncIterable<{ sourceId: string; id: string; postId: string; hasParent: boolean }>;
  now: () => number;
  /** Entries per transaction. */
  batchSize?: number;
  /** Any entry left out fails the import: it is written in one transaction, so nothing is kept. */
  strict?: boolean;
  /** Entries already in the blog are brought up to date from the file, not left as they are. */
  update?: boolean;
  /** Adds a batch of e-mail subscribers to the blog's list (the subscriber list service). */
  addSubscribers?: (
    blog: BlogRow,
    rows: { email: string; confirmedAt?: number }[],
  ) => Promise<{ added: number; alreadyThere: number; refused: string[] }>;
  /** Called after each batch of entries is stored, with the number written so far. */
  onWritten?(written: number): void;
}

export class ImportWriter {
  settings: Omit<ImportedSettings, 'type'> = {};

  private readonly state: WriterState;
  private readonly postWriter: PostWriter;
  private readonly commentWriter: CommentWriter;
  private readonly redirectWriter: RedirectWriter;
  private written = 0;
  /** Entries of the open batch: written once it is stored. */
  private batched = 0;
  /** E-mail subscribers of the open batch: added once its posts are stored. */
  private subscribers: ImportedSubscriber[] = [];

  constructor(
    blog: BlogRow,
    private readonly deps: ImportWriterDeps,
  ) {
    this.state = new WriterState(blog, deps.now, deps.strict, deps.update);
    this.redirectWriter = new RedirectWriter(this.state);
    this.postWriter = new PostWriter(this.state, this.redirectWriter);
    this.commentWriter = new CommentWriter(this.state);
  }

  /** What this run stored. */
  get added() {
    return this.state.added;
  }

  get skipped(): Groups {
    return this.state.skipped;
  }

  get warnings(): Groups {
    return this.state.warnings;
  }

  /** Every redirect this run stored: old address → where it leads. */
  get redirects(): { from: string; to: string }[] {
    return this.redirectWriter.redirects;
  }

  /** Posts, pages and comments an earlier import of the same source stored. */
  get alreadyImported(): number {
    return this.state.alreadyImported;
  }

  /** With `update`: the entries already there that changed, and those that did not. */
  get updated(): { posts: number; pages: number; comments: number; unchanged: number } {
    return { ...this.state.updated, unchanged: this.state.unchanged };
  }

  /** Stores every item; settings are kept aside for the caller to apply. */
  async write(items: AsyncIterable<ImportItem>): Promise<void> {
    for await (const post of this.deps.earlierPosts) this.state.posts.addEarlier(post.sourceId, post.id);
    for await (const { sourceId, ...comment } of this.deps.earlierComments) this.state.comments.addEarlier(sourceId, comment);
    const batchSize = this.deps.strict ? Infinity : (this.deps.batchSize ?? 500);
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
    this.progress();
  }

  /** Stores a batch of items in one transaction: prepared one by one, then inserted together. */
  private async inTransaction(items: ImportItem[]): Promise<void> {
    if (items.length === 0) return;
    await this.deps.storage.db.transaction().execute(async (trx) => {
      const batch = await WriteBatch.open(
        this.deps.bind(trx),
        this.state.blog.id,
        items.filter((item) => !this.isStored(item)),
      );
      for (const item of items) await this.writeItem(batch, item);
      await batch.store();
    });
    await this.addSubscribers();
    this.progress();
  }

  /** True for a post or comment this import (or an earlier one) already stored. */
  private isStored(item: ImportItem): boolean {
    if (item.type === 'post') return this.state.posts.has(item.sourceId);
    if (item.type === 'comment') return this.state.comments.has(item.sourceId);
    return false;
  }

  /** Reports the entries of the batch just stored. */
  private progress(): void {
    if (this.batched === 0) return;
    this.written += this.batched;
    this.batched = 0;
    this.deps.onWritten?.(this.written);
  }

  private async writeItem(batch: WriteBatch, item: ImportItem): Promise<void> {
    switch (item.type) {
      case 'post':
        await this.postWriter.write(batch, item);
        this.batched++;
        return;
      case 'comment':
        if (await this.commentWriter.write(batch, item, false)) this.batched++;
        return;
      case 'redirect':
        if (this.redirectWriter.write(batch, item, false)) this.batched++;
        return;
      case 'subscriber':
        this.subscribers.push(item);
        this.batched++;
        return;
      case 'media':
        // Listed in the report; downloaded afterwards only when the import asks for it (--media).
        return;
      case 'settings':
        this.settings = { ...item, title: item.title?.trim() || undefined, description: item.description?.trim() || undefined };
        return;
      case 'skip':
      case 'warning':
        // Counted when the file was checked, before anything was written.
        return;
    }
  }

  /** Adds the batch's e-mail subscribers to the blog's list; those already on it count as already there. */
  private async addSubscribers(): Promise<void> {
    const list = this.subscribers.splice(0);
    if (list.length === 0) return;
    const state = this.state;
    if (!this.deps.addSubscribers) {
      for (const s of list) state.skip('an e-mail subscriber (this installation keeps no subscriber list)', s.email, s.line);
      return;
    }
    const result = await this.deps.addSubscribers(
      state.blog,
      list.map((s) => ({ email: s.email, confirmedAt: s.consentAt })),
    );
    state.added.subscribers += result.added;
    state.alreadyImported += result.alreadyThere;
    for (const email of result.refused) state.skip('a subscriber whose address is not an e-mail address', email);
  }

  /** Writes what waited for its post, and links replies to parents that came later in the file. */
  private async finish(s: ImportWriteServices): Promise<void> {
    this.batched += this.commentWriter.waitingCount + this.redirectWriter.waitingCount;
    const batch = await WriteBatch.open(s, this.state.blog.id, this.commentWriter.waitingComments);
    await this.commentWriter.writeWaiting(batch);
    this.redirectWriter.writeWaiting(batch);
    await batch.store();
    await this.commentWriter.linkReplies(s);
  }
}
