/**
 * Editing posts and pages from the dashboard: saving as a draft, submitting for review (contributors),
 * publishing or scheduling, the trash, and a revision for every save (the last 50 are kept). Callers
 * check the policies first; this service keeps the content rules.
 */
import { newId } from '../../storage/ids.js';
import type { PostAdminRepository } from '../../storage/repositories/post-admin.repository.js';
import type { PostRepository } from '../../storage/repositories/post.repository.js';
import type { RevisionRepository } from '../../storage/repositories/revision.repository.js';
import type { BlogRow, CommentsSetting, PostKind, PostRow, PostUpdate, Role, UserRow } from '../../storage/schema.js';
import type { Actor } from '../policies/actor.js';
import { postHtmlRules } from '../text/html-rules.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors.js';
import { yearMonthIn } from '../text/time.js';
import { coverColumns, parseCoverImage } from './cover-image.js';
import { postContent, postTitle, renderBody, type PostContent } from './post-content.js';
import { publishes, statusAfterSave, type SaveAction } from './save-action.js';
import type { PostService } from './post.service.js';

export const KEPT_REVISIONS = 50;

/** What the editor's form sends. */
export interface EditorInput {
  title: string;
  body: string;
  format: 'html' | 'markdown';
  labels: string[];
  /** A custom permalink slug; '' for automatic. */
  slug: string;
  /** The publish time; undefined for "now" (or, on a published post, unchanged). */
  publishedAt?: number;
  searchDescription: string;
  commentsSetting: CommentsSetting;
  /** Whether publishing mails the post to subscribers (default) or puts it on the blog only. */
  mailMode?: 'blog-and-mail' | 'blog-only';
  /** The author: the writer, or another member an admin picked. */
  author: Pick<UserRow, 'id' | 'display_name'>;
  /** The saver's role on the blog: it picks the HTML allow-list (domain/text/html-rules.ts). */
  role: Role | null;
  /** The cover image as the form has it ('' address: none); undefined leaves the post's cover as it is. */
  cover?: { url: string; alt: string };
}

export type { SaveAction } from './save-action.js';

/** The editor's input through the post's content rules, under the saver's HTML allow-list. */
function contentOf(blog: BlogRow, input: EditorInput): Promise<PostContent> {
  return postContent(
    {
      title: input.title,
      body: input.body,
      format: input.format,
      labels: input.labels,
      searchDescription: input.searchDescription,
      authorName: input.author.display_name,
    },
    postHtmlRules(input.role, blog.embed_providers),
  );
}

/** The columns a save, an autosave or a preview takes from the form. */
type ContentColumns = Pick<
  PostRow,
  'title' | 'body_html' | 'body_text' | 'search_description' | 'comments_setting' | 'author_id' | 'author_name' | 'updated_at'
> &
  Partial<Pick<PostRow, 'cover_image_url' | 'cover_image_alt'>>;

/** The columns a save or an autosave writes from the content. */
function contentPatch(content: PostContent, input: EditorInput, now: number): ContentColumns {
  return {
    title: content.title,
    body_html: content.bodyHtml,
    body_text: content.bodyText,
    search_description: content.searchDescription,
    comments_setting: input.commentsSetting,
    author_id: input.author.id,
    author_name: content.authorName,
    updated_at: now,
    ...(input.cover ? coverColumns(parseCoverImage(input.cover.url, input.cover.alt)) : {}),
  };
}

export class PostEditor {
  constructor(
    private readonly posts: PostRepository,
    private readonly admin: PostAdminRepository,
    private readonly revisions: RevisionRepository,
    private readonly postService: PostService,
    private readonly contentChanged: (blogId: string) => Promise<void>,
    private readonly now: () => number = Date.now,
    /** Told when a post goes live by a save (the newsletter mails it; it mails each post once, ever). */
    private readonly published: (post: PostRow) => Promise<void> = async () => {},
    /** Told when a post goes live by a save, a live post is edited, taken back to a draft, or moved to the trash (the blog's webhooks). */
    private readonly changed: (
      change: 'published' | 'updated' | 'unpublished' | 'deleted',
      post: PostRow,
    ) => Promise<void> = async () => {},
  ) {}

  async create(blog: BlogRow, kind: PostKind, input: EditorInput, action: SaveAction, savedBy: string): Promise<PostRow> {
    const status = statusAfterSave(action, 'draft', input.publishedAt, null, this.now());
    const post = await this.postService.createPost({
      blogId: blog.id,
      kind,
      title: input.title,
      body: input.body,
      format: input.format,
      labels: input.labels,
      publishedAt: publishes(action, 'draft') ? input.publishedAt : undefined,
      draft: status === 'draft' || status === 'pending',
      slug: input.slug,
      searchDescription: input.searchDescription,
      commentsSetting: input.commentsSetting,
      mailMode: kind === 'post' ? input.mailMode : undefined,
      authorId: input.author.id,
      authorName: input.author.display_name,
      htmlRules: postHtmlRules(input.role, blog.embed_providers),
      coverImageUrl: input.cover?.url,
      coverImageAlt: input.cover?.alt,
    });
    if (status === 'pending') await this.posts.update(blog.id, post.id, { status: 'pending' });
    await this.keepRevision(post.blog_id, post.id, post.title, post.body_html, savedBy);
    const mailOnly = action === 'mail' && kind === 'post';
    if (mailOnly) await this.posts.update(blog.id, post.id, { mail_mode: 'mail-only' });
    const saved = (await this.posts.findById(blog.id, post.id))!;
    if (saved.status === 'live' || mailOnly) await this.published(saved);
    if (saved.status === 'live') await this.changed('published', saved);
    return saved;
  }

  async update(blog: BlogRow, post: PostRow, input: EditorInput, action: SaveAction, savedBy: string): Promise<PostRow> {
    const now = this.now();
    const content = await contentOf(blog, input);
    const { title, labels } = content;
    const patch: PostUpdate = contentPatch(content, input, now);
    patch.status = statusAfterSave(action, post.status, input.publishedAt, post.published_at, now);
    // Once mailed on its own, a post stays "e-mail only": that is what its subscribers got.
    if (action === 'mail' && post.kind === 'post') patch.mail_mode = 'mail-only';
    else if (input.mailMode && post.kind === 'post' && post.mail_mode !== 'mail-only') patch.mail_mode = input.mailMode;
    if (publishes(action, post.status)) {
      const publishedAt = input.publishedAt ?? post.published_at ?? now;
      patch.published_at = publishedAt;
      // A post's address is fixed the first time it is published, so links to it keep working.
      if (post.kind === 'post' && post.path_year === null) {
        const month = yearMonthIn(publishedAt, blog.time_zone);
        if (month.year < 1970 || month.year > 9999)
          throw new InvalidInputError('The publish date must be between 1970 and 9999.', 'publishedAt');
        patch.path_year = month.year;
        patch.path_month = month.month;
        patch.slug = await this.slugFor(blog, post, input.slug || undefined, title, month);
      }
    } else if (input.publishedAt !== undefined) patch.published_at = input.publishedAt;
    if (patch.slug === undefined && input.slug && input.slug !== post.slug) {
      const month = post.path_year !== null ? { year: post.path_year, month: post.path_month! } : null;
      patch.slug = await this.postService.chooseSlug(blog.id, post.kind, month, title, input.slug);
    }
    await this.posts.update(blog.id, post.id, patch, labels);
    await this.keepRevision(blog.id, post.id, title, content.bodyHtml, savedBy);
    await this.contentChanged(blog.id);
    const saved = (await this.posts.findById(blog.id, post.id))!;
    const wentLive = post.status !== 'live' && saved.status === 'live';
    if (wentLive || (action === 'mail' && saved.kind === 'post')) await this.published(saved);
    if (wentLive) await this.changed('published', saved);
    else if (post.status === 'live' && saved.status !== 'live') await this.changed('unpublished', saved);
    else if (saved.status === 'live') await this.changed('updated', saved);
    return saved;
  }

  /**
   * An autosave of a draft or a submitted post: its content changes, its status does not, and no
   * revision is kept (revisions are for saves a person chose). Published posts change only by a save.
   */
  async autosave(blog: BlogRow, post: PostRow, input: EditorInput): Promise<void> {
    if (post.status !== 'draft' && post.status !== 'pending') {
      throw new ConflictError('A published or scheduled post is saved when you press a save button.');
    }
    const content = await contentOf(blog, input);
    await this.posts.update(blog.id, post.id, contentPatch(content, input, this.now()), content.labels);
  }

  /**
   * The post as the form has it now, without saving anything: what "Preview" shows, before the first
   * save and with a published post's unsaved changes. The body goes through the same sanitizer as a save.
   */
  async preview(blog: BlogRow, kind: PostKind, input: EditorInput, post: PostRow | null): Promise<{ post: PostRow; labels: string[] }> {
    const now = this.now();
    const content = await contentOf(blog, input);
    const publishedAt = input.publishedAt ?? post?.published_at ?? now;
    const month = post?.path_year != null ? { year: post.path_year, month: post.path_month! } : yearMonthIn(publishedAt, blog.time_zone);
    const shown: PostRow = {
      id: post?.id ?? newId(now),
      blog_id: blog.id,
      kind,
      status: post?.status ?? 'draft',
      mail_mode: post?.mail_mode ?? 'blog-and-mail',
      cover_image_url: post?.cover_image_url ?? '',
      cover_image_alt: post?.cover_image_alt ?? '',
      ...contentPatch(content, input, now),
      slug: post?.slug || input.slug || 'preview',
      path_year: month.year,
      path_month: month.month,
      published_at: publishedAt,
      created_at: post?.created_at ?? now,
      trashed_at: null,
      source_id: post?.source_id ?? null,
      menu_order: post?.menu_order ?? 0,
    };
    return { post: shown, labels: content.labels };
  }

  private async slugFor(blog: BlogRow, post: PostRow, custom: string | undefined, title: string, month: { year: number; month: number }) {
    if (!custom && !(await this.posts.isPermalinkTaken(blog.id, post.kind, month.year, month.month, post.slug))) return post.slug;
    return this.postService.chooseSlug(blog.id, post.kind, month, title, custom);
  }

  /** Publishes (or schedules, when its time is ahead) a post as it stands: an admin approving a submission. */
  async publish(blog: BlogRow, post: PostRow, by: Actor): Promise<PostRow> {
    return this.update(
      blog,
      post,
      {
        title: post.title,
        body: post.body_html,
        format: 'html',
        labels: (await this.posts.labelsOf([post.id])).get(post.id) ?? [],
        slug: '',
        publishedAt: post.published_at !== null && post.published_at > this.now() ? post.published_at : undefined,
        searchDescription: post.search_description,
        commentsSetting: post.comments_setting,
        author: { id: post.author_id ?? by.userId, display_name: post.author_name },
        role: by.role,
      },
      'publish',
      by.userId,
    );
  }

  /** A bulk action from the post list, on posts the caller may change. */
  async applyToMany(blog: BlogRow, posts: readonly PostRow[], action: 'trash' | 'publish' | 'draft', by: Actor): Promise<void> {
    if (action === 'trash')
      return this.moveToTrash(
        blog.id,
        posts.map((p) => p.id),
      );
    for (const post of posts) {
      if (action === 'publish') await this.publish(blog, post, by);
      else if (post.status !== 'draft') {
        await this.posts.update(blog.id, post.id, { status: 'draft', updated_at: this.now() });
        if (post.status === 'live') await this.changed('unpublished', { ...post, status: 'draft', updated_at: this.now() });
      }
    }
    await this.contentChanged(blog.id);
  }

  async moveToTrash(blogId: string, ids: readonly string[]): Promise<void> {
    const posts = await Promise.all(ids.map((id) => this.posts.findById(blogId, id)));
    await this.admin.setTrashed(blogId, ids, this.now(), this.now());
    await this.contentChanged(blogId);
    for (const post of posts) if (post && post.trashed_at === null) await this.changed('deleted', post);
  }

  async restore(blogId: string, ids: readonly string[]): Promise<void> {
    await this.admin.setTrashed(blogId, ids, null, this.now());
    await this.contentChanged(blogId);
  }

  /** Deletes trashed posts for good: these, or (no IDs) the whole trash. */
  async deleteForever(blogId: string, ids?: readonly string[]): Promise<number> {
    const n = await this.admin.deleteTrashed(blogId, ids);
    await this.contentChanged(blogId);
    return n;
  }

  /** Brings back a revision's title and body (itself kept as a new revision). */
  async restoreRevision(blog: BlogRow, post: PostRow, revisionId: string, by: Actor): Promise<PostRow> {
    const revision = await this.revisions.find(blog.id, post.id, revisionId);
    if (!revision) throw new NotFoundError('That revision does not exist.');
    const title = postTitle(revision.title);
    const body = await renderBody(revision.body_html, 'html', postHtmlRules(by.role, blog.embed_providers));
    await this.posts.update(blog.id, post.id, {
      title,
      body_html: body.html,
      body_text: body.text,
      updated_at: this.now(),
    });
    await this.keepRevision(blog.id, post.id, title, body.html, by.userId);
    await this.contentChanged(blog.id);
    return (await this.posts.findById(blog.id, post.id))!;
  }

  private async keepRevision(blogId: string, postId: string, title: string, bodyHtml: string, savedBy: string): Promise<void> {
    const now = this.now();
    await this.revisions.add(
      { id: newId(now), blog_id: blogId, post_id: postId, title, body_html: bodyHtml, saved_by: savedBy, created_at: now },
      KEPT_REVISIONS,
    );
  }
}
