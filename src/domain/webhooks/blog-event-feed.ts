/**
 * Turns what the services did (a post went live, a comment was approved, a member joined) into blog
 * events with their data, as a webhook receiver reads it: IDs as strings, the blog and the public
 * address of the post. Comments carry no e-mail address: that is the commenter's, not the receiver's.
 */
import type { BlogRow, CommentRow, PostRow, Role } from '../../storage/schema.js';
import type { BlogRepository } from '../../storage/repositories/blog.repository.js';
import { postPath } from '../blogs/urls.js';
import type { BlogEvents } from './blog-events.js';

export type PostChange = 'published' | 'updated' | 'unpublished' | 'deleted';
export type CommentChange = 'created' | 'approved' | 'spam';

export class BlogEventFeed {
  constructor(
    private readonly events: BlogEvents,
    private readonly blogs: BlogRepository,
    private readonly homeUrl: (blog: BlogRow) => string,
  ) {}

  async post(change: PostChange, post: PostRow): Promise<void> {
    const blog = await this.blogs.findById(post.blog_id);
    if (!blog) return;
    const home = this.homeUrl(blog).replace(/\/$/, '');
    const hasAddress = post.kind === 'page' || post.path_year !== null;
    await this.events.emit(blog.id, `${post.kind === 'page' ? 'page' : 'post'}.${change}`, {
      blog: this.blogData(blog),
      [post.kind === 'page' ? 'page' : 'post']: {
        id: post.id,
        title: post.title,
        status: post.status,
        url: hasAddress ? home + postPath(post) : null,
        published: post.published_at === null ? null : new Date(Number(post.published_at)).toISOString(),
        updated: new Date(Number(post.updated_at)).toISOString(),
        author: post.author_name,
      },
    });
  }

  async comments(change: CommentChange, blog: BlogRow, comments: readonly CommentRow[]): Promise<void> {
    for (const comment of comments) {
      await this.events.emit(blog.id, `comment.${change}`, {
        blog: this.blogData(blog),
        comment: {
          id: comment.id,
          postId: comment.post_id,
          inReplyTo: comment.parent_id,
          status: change === 'created' ? comment.status : change === 'approved' ? 'live' : 'spam',
          author: comment.author_name,
          content: comment.body_html,
          published: new Date(Number(comment.created_at)).toISOString(),
        },
      });
    }
  }

  async memberAdded(blogId: string, userId: string, role: Role): Promise<void> {
    const blog = await this.blogs.findById(blogId);
    if (blog) await this.events.emit(blog.id, 'member.added', { blog: this.blogData(blog), member: { userId, role } });
  }

  private blogData(blog: BlogRow) {
    return { id: blog.id, name: blog.name, title: blog.title, url: this.homeUrl(blog) };
  }
}
