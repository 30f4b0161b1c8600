/**
 * Storing an import's posts and pages: prepared by the post service (so their HTML is sanitized and
 * checked like everything else) and added to the batch (write-batch.ts). Titles, excerpts and labels
 * cut to fit with a warning, the old permalink kept when it is free (else a new one, and the old
 * address redirects), authors matched to members by e-mail. A post an earlier import stored is not
 * added again; its old addresses are made sure of.
 */
import { ConflictError, InvalidInputError } from '../../domain/errors.js';
import {
  authorNameLine,
  isBodyTooLarge,
  MAX_AUTHOR_NAME,
  MAX_LABELS,
  MAX_SEARCH_DESCRIPTION,
  MAX_TITLE,
  searchDescriptionLine,
} from '../../domain/posts/post-content.js';
import type { NewPost, PreparedPost } from '../../domain/posts/post.service.js';
import { postRefresh } from '../../domain/posts/post-refresh.js';
import { redirectKey } from '../../domain/redirects/redirect-key.js';
import { isValidSlug } from '../../domain/text/slug.js';
import { postPath } from '../../domain/blogs/urls.js';
import type { PostRow } from '../../storage/schema.js';
import { cutText } from '../common.js';
import type { ImportedPost } from '../import-model.js';
import { cleanLabelName } from '../labels.js';
import { addOwnCopy, ownCopy } from '../own-copy.js';
import type { RedirectWriter } from './redirect-writer.js';
import type { WriteBatch } from './write-batch.js';
import type { WriterState } from './writer-state.js';

/** How a warning names an entry: its title, at most 80 characters of it. */
function entryName(item: ImportedPost): string {
  const title = item.title || '(untitled)';
  return `"${title.length > 80 ? `${cutText(title, 80)}…` : title}"`;
}

export class PostWriter {
  private readonly members = new Map<string, string | null>();
  private readonly labels = new Set<string>();
  private readonly authors = new Set<string>();
  private readonly matchedMembers = new Set<string>();

  constructor(
    private readonly state: WriterState,
    private readonly redirects: RedirectWriter,
  ) {}

  /** The member an author is, by e-mail (null when no member of this blog has it). */
  private async memberFor(batch: WriteBatch, email: string | undefined): Promise<string | null> {
    if (!email) return null;
    const key = email.trim().toLowerCase();
    if (!this.members.has(key)) {
      const { users } = batch.services.store;
      const user = await users.findByEmail(key);
      const member = user ? await users.findMembership(this.state.blog.id, user.id) : undefined;
      this.members.set(ownCopy(key), member ? user!.id : null);
    }
    return this.members.get(key)!;
  }

  private cleanLabels(item: ImportedPost): string[] {
    const names = new Set<string>();
    for (const raw of item.labels) {
      const { name, changed } = cleanLabelName(raw);
      if (changed) this.state.warnAbout(`a label was changed to fit Dastan (${changed}): "${raw}" → "${name}"`, entryName(item), item.line);
      if (name) names.add(name);
    }
    const list = [...names];
    if (list.length > MAX_LABELS) {
      this.state.warn(`"${item.title}" has ${list.length} labels; the first ${MAX_LABELS} are kept`, item.line);
      return list.slice(0, MAX_LABELS);
    }
    return list;
  }

  /** Prepares the post (or page) and adds it to the batch, with its old addresses. */
  async write(batch: WriteBatch, item: ImportedPost): Promise<void> {
    const state = this.state;
    const name = `"${item.title || '(untitled)'}"`;
    const stored = state.posts.get(item.sourceId);
    if (stored && state.posts.isEarlier(item.sourceId)) {
      state.alreadyImported++;
      if (state.update) await this.refresh(batch, item, stored.id);
      this.redirects.storeOldAddresses(batch, item, stored);
      return;
    }
    if (stored) {
      state.skip('an entry with the same source ID as an earlier entry of the file', `${name} (${item.sourceId})`, item.line);
      return;
    }
    const same = batch.existingPost(item);
    // A post this run stored is an entry of this file, not one the blog had.
    if (same && !(same.source_id && state.posts.has(same.source_id) && !state.posts.isEarlier(same.source_id))) {
      state.alreadyImported++;
      if (state.update) await this.refresh(batch, item, same.id);
      else
        state.warn(
          'entries already in the blog (the same Dastan ID, or the same address and publication time) were left as they are',
          item.line,
        );
      state.posts.set(item.sourceId, { id: same.id, path: same.status === 'draft' ? null : postPath(same) });
      state.recognised.add(same.id);
      return;
    }
    const input = await this.inputOf(batch, item);
    if (!input) return;
    const wanted = item.permalink;
    const { draft, slug } = input;
    const keepMonth = item.kind === 'post' && !draft && wanted?.year !== undefined && wanted.month !== undefined && slug !== undefined;
    input.pathYear = keepMonth ? wanted.year : undefined;
    input.pathMonth = keepMonth ? wanted.month : undefined;

    const prepare = (post: NewPost) => batch.services.posts.preparePost(batch.blog, post, batch.postKeys);
    let prepared: PreparedPost;
    try {
      prepared = await prepare(input);
    } catch (error) {
      const slugProblem = error instanceof ConflictError || (error instanceof InvalidInputError && error.field === 'slug');
      if (!slugProblem) {
        if (error instanceof InvalidInputError) {
          state.skip(error.message, name, item.line);
          return;
        }
        throw error;
      }
      prepared = await prepare({ ...input, slug: undefined, pathYear: undefined, pathMonth: undefined });
      state.warn(`the permalink of ${name} was taken or not allowed (${error.message}); it got a new one`, item.line);
    }
    batch.addPost(prepared);
    const post = prepared.row;
    const path = post.status === 'draft' ? null : postPath(post);
    const saved = { id: post.id, path };
    state.posts.set(item.sourceId, saved);
    this.count(item, post, input.labels ?? []);

    const kept = wanted?.path && path !== null && redirectKey(wanted.path) !== redirectKey(path);
    this.redirects.storeOldAddresses(batch, kept ? { ...item, oldAddresses: [...item.oldAddresses, { from: wanted.path! }] } : item, saved);
  }

  /**
   * The post service's input for an entry, with a warning for each thing cut to fit; undefined (and
   * the entry skipped) when its body is too large to store.
   */
  private async inputOf(batch: WriteBatch, item: ImportedPost): Promise<NewPost | undefined> {
    const state = this.state;
    const name = entryName(item);
    if (isBodyTooLarge(item.body)) {
      state.skip('a body larger than 2 MB', name, item.line);
      return undefined;
    }
    let title = item.title;
    if (title.length > MAX_TITLE) {
      title = cutText(title, MAX_TITLE);
      state.warnAbout(`a title longer than ${MAX_TITLE} characters was cut`, name, item.line);
    }
    // The post's content rules (domain/posts/post-content.ts) cut both fields; the import says when they do.
    const searchDescription = item.searchDescription;
    if (searchDescriptionLine(searchDescription).length > MAX_SEARCH_DESCRIPTION) {
      state.warnAbout(`a search description (or excerpt) longer than ${MAX_SEARCH_DESCRIPTION} characters was cut`, name, item.line);
    }
    let draft = item.status === 'draft';
    const publishedAt = item.publishedAt;
    if (!draft && publishedAt === undefined) {
      if (item.status === 'scheduled') {
        state.warn(`${name} is scheduled but has no date; it is imported as a draft`, item.line);
        draft = true;
      } else {
        state.warn(`${name} has no date; it is published with the time of the import`, item.line);
      }
    }
    const authorName = item.author?.name;
    if (authorNameLine(authorName).length > MAX_AUTHOR_NAME) {
      state.warnAbout(`an author's name longer than ${MAX_AUTHOR_NAME} characters was cut`, name, item.line);
    }
    const labels = this.cleanLabels(item);
    const authorId = await this.memberFor(batch, item.author?.email);
    if (authorId) this.matchedMembers.add(authorId);

    let slug = item.permalink?.slug.replace(/\.html$/, '').normalize('NFC');
    if (slug !== undefined && !isValidSlug(slug)) {
      state.warn(`the permalink "${slug}" has characters Dastan does not allow in one; a new one was made from the title`, item.line);
      slug = undefined;
    }
    return {
      blogId: state.blog.id,
      kind: item.kind,
      title,
      body: item.body,
      format: item.format,
      labels,
      publishedAt,
      draft,
      slug,
      searchDescription,
      commentsSetting: item.commentsSetting,
      coverImageUrl: item.cover?.url,
      coverImageAlt: item.cover?.alt,
      authorId,
      authorName,
      id: item.keepId,
      sourceId: item.sourceId,
      updatedAt: item.updatedAt,
    };
  }

  /**
   * `--update`: brings the blog's post `id` in line with the entry (content rules as for any save);
   * its ID, permalink and status stay. Counted as updated or unchanged.
   */
  private async refresh(batch: WriteBatch, item: ImportedPost, id: string): Promise<void> {
    const state = this.state;
    const { posts } = batch.services.store;
    const row = await posts.findById(state.blog.id, id);
    if (!row) return;
    const input = await this.inputOf(batch, item);
    if (!input) return;
    const labels = (await posts.labelsOf([id])).get(id) ?? [];
    let change;
    try {
      change = await postRefresh(batch.blog, row, labels, input, state.now());
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      state.skip(`an update Dastan cannot take: ${error.message}`, `"${item.title || '(untitled)'}"`, item.line);
      return;
    }
    const wanted = item.status === 'draft' ? 'draft' : 'published';
    if (wanted !== (row.status === 'draft' ? 'draft' : 'published'))
      state.warn(
        `posts the file has as ${wanted} but the blog has otherwise kept the blog's status (publish or unpublish them in the editor)`,
        item.line,
      );
    if (!change) {
      state.unchanged++;
      return;
    }
    await posts.update(state.blog.id, id, change.patch, change.labels);
    if (row.kind === 'page') state.updated.pages++;
    else state.updated.posts++;
  }

  private count(item: ImportedPost, post: PostRow, labels: readonly string[]): void {
    const a = this.state.added;
    if (item.kind === 'page') a.pages++;
    else a.posts++;
    if (post.status === 'draft') a.drafts++;
    if (post.status === 'scheduled') a.scheduled++;
    for (const label of labels) addOwnCopy(this.labels, label);
    a.labels = this.labels.size;
    if (item.author?.name) addOwnCopy(this.authors, item.author.name);
    a.authors = this.authors.size;
    a.members = this.matchedMembers.size;
  }
}
