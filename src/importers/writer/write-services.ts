import type { CommentService } from '../../domain/comments/comment.service.js';
import type { PostService } from '../../domain/posts/post.service.js';
import type { BlogRepository } from '../../storage/repositories/blog.repository.js';
import type { CommentRepository } from '../../storage/repositories/comment.repository.js';
import type { ImportBatchRepository } from '../../storage/repositories/import-batch.repository.js';
import type { PostRepository } from '../../storage/repositories/post.repository.js';
import type { RedirectRepository } from '../../storage/repositories/redirect.repository.js';
import type { UserRepository } from '../../storage/repositories/user.repository.js';

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
