/**
 * The Blogger API's posts and pages: listing by status and labels in keyset pages, reading one by ID
 * or path, and writing them through the same editor (content rules, revisions, scheduling) as the
 * dashboard, under the same policies. Drafts, scheduled and trashed posts are for members only, and a
 * contributor or author sees only their own.
 */
import type { PostEditor, EditorInput } from '../posts/post-editor.service.js';
import type { PostRepository } from '../../storage/repositories/post.repository.js';
import type { UserRepository } from '../../storage/repositories/user.repository.js';
import type { ApiPostState, ApiQueryRepository } from '../../storage/repositories/api-query.repository.js';
import type { BlogRow, CommentsSetting, PostKind, PostRow } from '../../storage/schema.js';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../errors.js';
import { hasRoleAtLeast } from '../policies/actor.js';
import { canCreate, canDelete, canEdit, canPublish } from '../policies/post.policy.js';
import { canUseView, hasLevel, type ApiView, type BlogStanding } from './api-access.js';
import { makePageToken, readPageToken } from './page-token.js';

export interface ApiPostListParams {
  kind: PostKind;
  states?: ApiPostState[];
  labels?: string[];
  orderBy: 'published' | 'updated';
  ascending: boolean;
  startDate?: number;
  endDate?: number;
  view?: ApiView;
  maxResults: number;
  pageToken?: string;
}

/** A post as the API shows it: the row, its labels and its live comment count. */
export interface ApiPost {
  post: PostRow;
  labels: string[];
  replies: number;
}

/** What a client sends for a post or page (Blogger's resource; fields left out stay as they are on a patch). */
export interface ApiPostInput {
  title?: string;
  content?: string;
  labels?: string[];
  /** RFC 3339 publish time. */
  published?: string;
  readerComments?: 'ALLOW' | 'DONT_ALLOW_SHOW_EXISTING' | 'DONT_ALLOW_HIDE_EXISTING';
}

const COMMENTS: Record<NonNullable<ApiPostInput['readerComments']>, CommentsSetting> = {
  ALLOW: 'allow',
  DONT_ALLOW_SHOW_EXISTING: 'closed-show',
  DONT_ALLOW_HIDE_EXISTING: 'closed-hide',
};

const isVisibleToAll = (post: PostRow) => post.status === 'live' && post.trashed_at === null;

function parseTime(value: string | undefined, field: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) throw new InvalidInputError(`${field} must be a date-time like 2026-12-03T10:00:00Z.`, field);
  return ms;
}

export class ApiPostsService {
  constructor(
    private readonly queries: ApiQueryRepository,
    private readonly posts: PostRepository,
    private readonly users: UserRepository,
    private readonly editor: PostEditor,
    private readonly now: () => number = Date.now,
  ) {}

  /** One page of the blog's posts or pages, and the token for the next. */
  async list(blog: BlogRow, standing: BlogStanding, params: ApiPostListParams): Promise<{ items: ApiPost[]; nextPageToken?: string }> {
    const states = params.states ?? ['live'];
    const onlyLive = states.every((s) => s === 'live');
    if (params.view && !canUseView(standing, params.view)) throw new ForbiddenError('Your role on this blog does not allow that view.');
    if (!onlyLive && !hasLevel(standing, 'read'))
      throw new ForbiddenError('Only the blog\u2019s members can list drafts, scheduled or trashed posts.');
    // Authors and contributors see their own posts that are not live; admins see everyone's.
    const authorId = onlyLive || hasRoleAtLeast(standing.actor, 'admin') ? undefined : standing.actor.userId;
    const fingerprint = JSON.stringify([blog.id, params.kind, states, params.labels, params.orderBy, params.ascending, authorId]);
    const rows = await this.queries.listPosts(
      {
        blogId: blog.id,
        kind: params.kind,
        states,
        labels: params.labels,
        authorId,
        orderBy: params.orderBy,
        ascending: params.ascending,
        startDate: params.startDate,
        endDate: params.endDate,
        after: readPageToken(params.pageToken, fingerprint),
      },
      params.maxResults + 1,
    );
    const page = rows.slice(0, params.maxResults);
    const last = page.at(-1);
    const items = await this.withDetails(
      blog.id,
      page.map((r) => r.post),
    );
    return rows.length > params.maxResults && last
      ? { items, nextPageToken: makePageToken({ value: last.sortValue, id: last.post.id }, fingerprint) }
      : { items };
  }

  /** One post or page; a non-live one only for members who may edit it. */
  async get(blog: BlogRow, standing: BlogStanding, kind: PostKind, id: string, view?: ApiView): Promise<ApiPost> {
    if (view && !canUseView(standing, view)) throw new ForbiddenError('Your role on this blog does not allow that view.');
    const post = await this.posts.findById(blog.id, id);
    if (!post || post.kind !== kind) throw new NotFoundError(kind === 'page' ? 'There is no such page.' : 'There is no such post.');
    if (!isVisibleToAll(post) && !(hasLevel(standing, 'read') && canEdit(standing.actor, post)))
      throw new NotFoundError('There is no such post.');
    return (await this.withDetails(blog.id, [post]))[0]!;
  }

  /** A live post by its path (`/YYYY/MM/slug.html`). */
  async getByPath(blog: BlogRow, path: string): Promise<ApiPost> {
    const match = /^\/(\d{4})\/(\d{2})\/([^/]+)\.html$/.exec(path);
    let slug: string | undefined;
    try {
      slug = match ? decodeURIComponent(match[3]!) : undefined;
    } catch {
      slug = undefined;
    }
    const post = match && slug ? await this.posts.findLivePost(blog.id, Number(match[1]), Number(match[2]), slug) : undefined;
    if (!post) throw new NotFoundError('No live post has that path.');
    return (await this.withDetails(blog.id, [post]))[0]!;
  }

  /** Live posts found by a full-text search, in the reader's order. */
  async withDetailsOf(blogId: string, posts: PostRow[]): Promise<ApiPost[]> {
    return this.withDetails(blogId, posts);
  }

  async insert(blog: BlogRow, standing: BlogStanding, kind: PostKind, input: ApiPostInput, isDraft: boolean): Promise<ApiPost> {
    if (!hasLevel(standing, 'write') || !canCreate(standing.actor, kind))
      throw new ForbiddenError('Your token or role does not allow writing here.');
    const draftPost = { kind, status: 'draft' as const, author_id: standing.actor.userId };
    if (!isDraft && !canPublish(standing.actor, draftPost))
      throw new ForbiddenError('Your role on this blog does not allow publishing; send it with isDraft=true.');
    if (input.title === undefined && input.content === undefined) throw new InvalidInputError('A post needs a title or content.', 'title');
    const me = await this.users.findById(standing.actor.userId);
    const post = await this.editor.create(
      blog,
      kind,
      this.editorInput(standing, input, undefined, me?.display_name ?? ''),
      isDraft ? 'draft' : 'publish',
      standing.actor.userId,
    );
    return (await this.withDetails(blog.id, [post]))[0]!;
  }

  /** PUT (`replace`) and PATCH: changes the post's content; `publish`/`revert` change its state too. */
  async update(
    blog: BlogRow,
    standing: BlogStanding,
    kind: PostKind,
    id: string,
    input: ApiPostInput,
    options: { replace: boolean; publish?: boolean; revert?: boolean },
  ): Promise<ApiPost> {
    const post = await this.editable(blog, standing, kind, id);
    if (options.replace && (input.title === undefined || input.content === undefined)) {
      throw new InvalidInputError('An update (PUT) sends the whole post: title and content. Use patch to change a part.', 'content');
    }
    if (options.publish && !canPublish(standing.actor, post)) throw new ForbiddenError('Your role on this blog does not allow publishing.');
    const action = options.revert
      ? 'draft'
      : options.publish || post.status === 'live' || post.status === 'scheduled'
        ? 'publish'
        : post.status === 'pending'
          ? 'submit'
          : 'draft';
    const labels = (await this.posts.labelsOf([post.id])).get(post.id) ?? [];
    const updated = await this.editor.update(
      blog,
      post,
      this.editorInput(standing, input, post, post.author_name, labels),
      action,
      standing.actor.userId,
    );
    return (await this.withDetails(blog.id, [updated]))[0]!;
  }

  /** Publishes now, or schedules for `publishDate` when it is ahead. */
  async publish(blog: BlogRow, standing: BlogStanding, kind: PostKind, id: string, publishDate?: string): Promise<ApiPost> {
    const post = await this.editable(blog, standing, kind, id);
    if (!canPublish(standing.actor, post)) throw new ForbiddenError('Your role on this blog does not allow publishing.');
    const at = parseTime(publishDate, 'publishDate');
    const labels = (await this.posts.labelsOf([post.id])).get(post.id) ?? [];
    const input = this.editorInput(standing, {}, post, post.author_name, labels);
    const updated = await this.editor.update(blog, post, { ...input, publishedAt: at }, 'publish', standing.actor.userId);
    return (await this.withDetails(blog.id, [updated]))[0]!;
  }

  /** Takes a published or scheduled post back to a draft. */
  async revert(blog: BlogRow, standing: BlogStanding, kind: PostKind, id: string): Promise<ApiPost> {
    const post = await this.editable(blog, standing, kind, id);
    if (!canPublish(standing.actor, post)) throw new ForbiddenError('Your role on this blog does not allow unpublishing.');
    await this.editor.applyToMany(blog, [post], 'draft', standing.actor);
    return (await this.withDetails(blog.id, [(await this.posts.findById(blog.id, id))!]))[0]!;
  }

  /** Moves to the trash (`useTrash`) or deletes for good. */
  async delete(blog: BlogRow, standing: BlogStanding, kind: PostKind, id: string, useTrash: boolean): Promise<void> {
    const post = await this.editable(blog, standing, kind, id, true);
    if (!canDelete(standing.actor, post)) throw new ForbiddenError('Your role on this blog does not allow deleting it.');
    if (post.trashed_at === null) await this.editor.moveToTrash(blog.id, [id]);
    if (!useTrash) await this.editor.deleteForever(blog.id, [id]);
  }

  private async editable(blog: BlogRow, standing: BlogStanding, kind: PostKind, id: string, trashedToo = false): Promise<PostRow> {
    const post = await this.posts.findById(blog.id, id);
    const visible = post && post.kind === kind && (trashedToo || post.trashed_at === null);
    if (!visible || !(hasLevel(standing, 'read') && canEdit(standing.actor, post))) {
      if (visible && isVisibleToAll(post) && hasLevel(standing, 'read'))
        throw new ForbiddenError('Your role on this blog does not allow changing it.');
      throw new NotFoundError(kind === 'page' ? 'There is no such page.' : 'There is no such post.');
    }
    if (!hasLevel(standing, 'write')) throw new ForbiddenError('This token may only read. Make one with write access to change posts.');
    return post;
  }

  private editorInput(
    standing: BlogStanding,
    input: ApiPostInput,
    post: PostRow | undefined,
    authorName: string,
    currentLabels: string[] = [],
  ): EditorInput {
    if (input.labels !== undefined && (!Array.isArray(input.labels) || input.labels.some((l) => typeof l !== 'string'))) {
      throw new InvalidInputError('labels must be a list of strings.', 'labels');
    }
    return {
      title: input.title ?? post?.title ?? '',
      body: input.content ?? post?.body_html ?? '',
      format: 'html',
      labels: input.labels ?? currentLabels,
      slug: '',
      publishedAt: parseTime(input.published, 'published'),
      searchDescription: post?.search_description ?? '',
      commentsSetting: input.readerComments ? COMMENTS[input.readerComments] : (post?.comments_setting ?? 'allow'),
      author: { id: post?.author_id ?? standing.actor.userId, display_name: authorName },
      role: standing.actor.role,
    };
  }

  private async withDetails(blogId: string, posts: PostRow[]): Promise<ApiPost[]> {
    const ids = posts.map((p) => p.id);
    const [labels, replies] = await Promise.all([this.posts.labelsOf(ids), this.queries.liveCommentCounts(blogId, ids)]);
    return posts.map((post) => ({ post, labels: labels.get(post.id) ?? [], replies: replies.get(post.id) ?? 0 }));
  }
}
