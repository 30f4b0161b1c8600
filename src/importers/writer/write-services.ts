/**
 * What an import writes through, bound to one transaction: the post and comment services (their content
 * rules) and the repositories it reads and stores with, with no per-write cache invalidation.
 */
import type { Kysely } from 'kysely';
import { CommentService } from '../../domain/comments/comment.service.js';
import { PostService } from '../../domain/posts/post.service.js';
import { BlogRepository } from '../../storage/repositories/blog.repository.js';
import { CommentRepository } from '../../storage/repositories/comment.repository.js';
import { ImportBatchRepository } from '../../storage/repositories/import-batch.repository.js';
import { PostRepository } from '../../storage/repositories/post.repository.js';
import { RedirectRepository } from '../../storage/repositories/redirect.repository.js';
import { UserRepository } from '../../storage/repositories/user.repository.js';
import type { Database } from '../../storage/schema.js';

/** The services an import prepares its entries with, and the repositories it reads and stores through, bound to one transaction. */
export interface ImportWriteServices {
  posts: PostService;
  comments: CommentService;
  store: {
    blogs: BlogRepository;
    posts: PostRepository;
    comments: CommentRepository;
    batch: ImportBatchRepository;
    redirects: RedirectRepository;
    users: UserRepository;
  };
}

/**
 * The post and comment services over `db` — an import's transaction — with no per-write cache
 * invalidation (the import marks the blog changed once, at the end).
 */
export function importWriteServices(db: Kysely<Database>, now: () => number): ImportWriteServices {
  const blogs = new BlogRepository(db);
  const posts = new PostRepository(db);
  const comments = new CommentRepository(db);
  const unchanged = async () => {};
  return {
    posts: new PostService(posts, blogs, unchanged, now),
    comments: new CommentService(comments, posts, unchanged, now),
    store: {
      blogs,
      posts,
      comments,
      batch: new ImportBatchRepository(db),
      redirects: new RedirectRepository(db),
      users: new UserRepository(db),
    },
  };
}
