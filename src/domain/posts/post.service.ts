/**
 * Writing posts and pages: the permalink (slug unique per blog and month, a suffix on collision), the
 * status from the publish time, the ID; the content itself follows the rules in post-content.ts.
 */
import { isId, newId } from '../../storage/ids.js';
import type { BlogRepository } from '../../storage/repositories/blog.repository.js';
import type { PostRepository } from '../../storage/repositories/post.repository.js';
import type { BlogRow, CommentsSetting, PostKind, PostRow, PostStatus } from '../../storage/schema.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors.js';
import { postHtmlRules, type PostHtmlRules } from '../text/html-rules.js';
import { isValidSlug, slugify } from '../text/slug.js';
import { coverColumns, parseCoverImage } from './cover-image.js';
import { yearMonthIn } from '../text/time.js';
import { postContent } from './post-content.js';

export interface NewPost {
  blogId: string;
  kind?: PostKind;
  title: string;
  /** The body, as HTML (sanitized here) or Markdown. */
  body: string;
  format?: 'html' | 'markdown';
  labels?: readonly string[];
  /** Publish time; a future time schedules the post. Defaults to now. */
  publishedAt?: number;
  draft?: boolean;
  /** A custom permalink slug; taken ones are refused. Default: from the title. */
  slug?: string;
  searchDescription?: string;
  /** The cover image: an upload path or an http(s) URL, and its text alternative (see cover-image.ts). */
  coverImageUrl?: string;
  coverImageAlt?: string;
  commentsSetting?: CommentsSetting;
  /** Whether publishing mails the post to subscribers (the default) or not. */
  mailMode?: 'blog-and-mail' | 'blog-only';
  authorId?: string | null;
  authorName?: string;
  /** Keep this ID (an imported Blogger ID) when it is free. */
  id?: string;
  sourceId?: string;
  updatedAt?: number;
  /** Keep this permalink year and month (an imported URL) instead of the publish time's. */
  pathYear?: number;
  pathMonth?: number;
  /** The allow-list for the body; default: the operator's (full) with the blog's embed providers. */
  htmlRules?: PostHtmlRules;
}

const COMMENTS_SETTINGS: readonly CommentsSetting[] = ['allow', 'closed-show', 'closed-hide'];

/**
 * What storing a post asks of the posts already stored: the repository, or an import's batch, which
 * asks once for all its entries and counts its own rows not yet inserted.
 */
export interface PostKeys {
  /** True when any blog has a post with this ID. */
  isIdTaken(id: string): Promise<boolean>;
  /** True when the blog has a post or page of this kind at this permalink. */
  isPermalinkTaken(blogId: string, kind: PostKind, year: number | null, month: number | null, slug: string): Promise<boolean>;
}

/** A post ready to be stored: its row and its label names. */
export interface PreparedPost {
  row: PostRow;
  labels: string[];
}

/** The slug a post or page gets from its title, before a suffix makes it free. */
export function titleSlug(title: string, kind: PostKind): string {
  return slugify(title) || (kind === 'page' ? 'page' : 'blog-post');
}

export class PostService {
  constructor(
    private readonly posts: PostRepository,
    private readonly blogs: BlogRepository,
    private readonly contentChanged: (blogId: string) => Promise<void>,
    private readonly now: () => number = Date.now,
  ) {}

  async createPost(input: NewPost): Promise<PostRow> {
    const blog = await this.blogs.findById(input.blogId);
    if (!blog) throw new NotFoundError('That blog does not exist.');
    const { row, labels } = await this.preparePost(blog, input);
    const post = await this.posts.insert(row, labels);
    await this.contentChanged(blog.id);
    return post;
  }

  /**
   * The row a new post of `blog` is stored as, and its labels — checked, the body sanitized, with a free
   * permalink and ID — without storing anything. `keys` says which IDs and permalinks are taken.
   */
  async preparePost(blog: BlogRow, input: NewPost, keys: PostKeys = this.posts): Promise<PreparedPost> {
    const now = this.now();
    const kind = input.kind ?? 'post';
    if (input.commentsSetting && !COMMENTS_SETTINGS.includes(input.commentsSetting)) {
      throw new InvalidInputError('Reader comments are allow, closed-show or closed-hide.', 'commentsSetting');
    }
    if (input.publishedAt !== undefined && !Number.isFinite(input.publishedAt))
      throw new InvalidInputError('The publish date is not a date.', 'publishedAt');
    const content = await postContent(input, input.htmlRules ?? postHtmlRules('owner', blog.embed_providers));
    const { title, labels } = content;

    const publishedAt = input.publishedAt ?? (input.draft ? null : now);
    const status: PostStatus = input.draft ? 'draft' : publishedAt !== null && publishedAt > now ? 'scheduled' : 'live';
    const month = kind === 'post' && publishedAt !== null && !input.draft ? this.permalinkMonth(blog, publishedAt, input) : null;
    const slug = await this.chooseSlug(blog.id, kind, month, title, input.slug, keys);
    // Post IDs are unique across blogs: an imported ID is kept only when no blog uses it yet.
    const id = input.id && isId(input.id) && !(await keys.isIdTaken(input.id)) ? input.id : newId(now);

    const row: PostRow = {
      id,
      mail_mode: input.mailMode ?? 'blog-and-mail',
      blog_id: blog.id,
      kind,
      status,
      title,
      slug,
      path_year: month?.year ?? null,
      path_month: month?.month ?? null,
      body_html: content.bodyHtml,
      body_text: content.bodyText,
      search_description: content.searchDescription,
      comments_setting: input.commentsSetting ?? 'allow',
      author_id: input.authorId ?? null,
      author_name: content.authorName,
      published_at: publishedAt,
      created_at: now,
      updated_at: input.updatedAt ?? now,
      trashed_at: null,
      source_id: input.sourceId ?? null,
      ...coverColumns(parseCoverImage(input.coverImageUrl, input.coverImageAlt)),
      menu_order: 0,
    };
    return { row, labels };
  }

  private permalinkMonth(blog: BlogRow, publishedAt: number, input: NewPost): { year: number; month: number } {
    if (input.pathYear !== undefined && input.pathMonth !== undefined) {
      if (
        !Number.isInteger(input.pathYear) ||
        input.pathYear < 1970 ||
        input.pathYear > 9999 ||
        !Number.isInteger(input.pathMonth) ||
        input.pathMonth < 1 ||
        input.pathMonth > 12
      ) {
        throw new InvalidInputError('A permalink year and month must be a real month.', 'slug');
      }
      return { year: input.pathYear, month: input.pathMonth };
    }
    const ym = yearMonthIn(publishedAt, blog.time_zone);
    if (ym.year < 1970 || ym.year > 9999) throw new InvalidInputError('The publish date must be between 1970 and 9999.', 'publishedAt');
    return ym;
  }

  /** A free permalink slug: the custom one (refused when taken or malformed) or one from the title. */
  async chooseSlug(
    blogId: string,
    kind: PostKind,
    month: { year: number; month: number } | null,
    title: string,
    custom?: string,
    keys: PostKeys = this.posts,
  ): Promise<string> {
    const taken = (slug: string) => keys.isPermalinkTaken(blogId, kind, month?.year ?? null, month?.month ?? null, slug);
    if (custom !== undefined && custom.trim() !== '') {
      const slug = custom
        .trim()
        .replace(/\.html$/, '')
        .normalize('NFC');
      if (!isValidSlug(slug))
        throw new InvalidInputError('A permalink is letters, digits, "-" and "_" only, at most 100 characters.', 'slug');
      if (await taken(slug)) throw new ConflictError(`The permalink "${slug}" is already used.`);
      return slug;
    }
    const base = titleSlug(title, kind);
    if (!(await taken(base))) return base;
    for (let n = 2; n < 1000; n++) {
      const candidate = `${base}-${n}`;
      if (!(await taken(candidate))) return candidate;
    }
    return `${base}-${newId()}`;
  }
}
