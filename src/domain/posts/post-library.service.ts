/**
 * What the dashboard reads of a blog's posts and pages: one by its id, a filtered page of the list, the
 * labels and reader figures beside each row, the label names to filter by, and a post's revisions. The
 * writes are PostEditor's; this keeps the dashboard's routes off the repositories.
 */
import type { AdminPostFilter, AdminPostPage, PostAdminRepository } from '../../storage/repositories/post-admin.repository.js';
import type { PostFigures, PostFiguresRepository } from '../../storage/repositories/post-figures.repository.js';
import type { PostRepository } from '../../storage/repositories/post.repository.js';
import type { RevisionRepository } from '../../storage/repositories/revision.repository.js';
import type { PostRevisionRow, PostRow } from '../../storage/schema.js';

/** The repositories it reads, named as in services.ts's `repositories` (which is handed in whole). */
export interface PostLibraryDeps {
  posts: PostRepository;
  postAdmin: PostAdminRepository;
  revisions: RevisionRepository;
  postFigures: PostFiguresRepository;
}

/** One page of the dashboard's list with what each row shows beside the post: its labels and reader figures. */
export interface PostListing extends AdminPostPage {
  labels: Map<string, string[]>;
  figures: Map<string, PostFigures>;
}

export type { AdminPostFilter };

export class PostLibrary {
  constructor(private readonly deps: PostLibraryDeps) {}

  /** The post or page `id` of the blog, trashed or not. */
  find(blogId: string, id: string): Promise<PostRow | undefined> {
    return this.deps.posts.findById(blogId, id);
  }

  /** Those of `ids` that are posts or pages of the blog. */
  findMany(blogId: string, ids: readonly string[]): Promise<PostRow[]> {
    return this.deps.postAdmin.findByIds(blogId, ids);
  }

  /** One page of the dashboard's list, filtered, newest first, with the total. */
  list(filter: AdminPostFilter, limit: number, offset: number): Promise<AdminPostPage> {
    return this.deps.postAdmin.list(filter, limit, offset);
  }

  /** One page of the list, as `list`, with each row's labels and figures. */
  async listing(filter: AdminPostFilter, limit: number, offset: number): Promise<PostListing> {
    const found = await this.list(filter, limit, offset);
    const ids = found.posts.map((p) => p.id);
    return { ...found, labels: await this.labelsOf(ids), figures: await this.figuresOf(filter.blogId, ids) };
  }

  /** Each post's label names, by post id. */
  labelsOf(postIds: readonly string[]): Promise<Map<string, string[]>> {
    return this.deps.posts.labelsOf(postIds);
  }

  /** One post's label names. */
  async labelsOfPost(postId: string): Promise<string[]> {
    return (await this.deps.posts.labelsOf([postId])).get(postId) ?? [];
  }

  /** Every label name the blog uses, in order, for the filters and the editor's suggestions. */
  labelNames(blogId: string): Promise<string[]> {
    return this.deps.postAdmin.labelNames(blogId);
  }

  /** Views and comments of each post, by post id, for the list's figures. */
  figuresOf(blogId: string, postIds: readonly string[]): Promise<Map<string, PostFigures>> {
    return this.deps.postFigures.figuresOf(blogId, postIds);
  }

  /** The post's kept revisions, newest first. */
  revisions(blogId: string, postId: string): Promise<PostRevisionRow[]> {
    return this.deps.revisions.listForPost(blogId, postId);
  }

  /** One revision of the post, if it is kept. */
  revision(blogId: string, postId: string, revisionId: string): Promise<PostRevisionRow | undefined> {
    return this.deps.revisions.find(blogId, postId, revisionId);
  }
}
