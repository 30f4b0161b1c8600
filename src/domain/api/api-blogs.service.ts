/**
 * The Blogger API's blogs, users and page views: a blog by ID or address, the caller's own blogs (as
 * far as their token reaches), their role on one, and a blog's view counts (admins only).
 */
import type { BlogService } from '../blogs/blog.service.js';
import type { BlogRepository } from '../../storage/repositories/blog.repository.js';
import type { UserRepository } from '../../storage/repositories/user.repository.js';
import type { ApiQueryRepository } from '../../storage/repositories/api-query.repository.js';
import type { BlogRow, Role, UserRow } from '../../storage/schema.js';
import { ForbiddenError, InvalidInputError, NotFoundError, UnauthorizedError } from '../errors.js';
import { hasRoleAtLeast } from '../policies/actor.js';
import { standingOn, hasLevel, type ApiCaller, type BlogStanding } from './api-access.js';

export type PageViewRange = '7DAYS' | '30DAYS' | 'all';

export class ApiBlogsService {
  constructor(
    private readonly blogs: BlogRepository,
    private readonly blogService: BlogService,
    private readonly users: UserRepository,
    private readonly queries: ApiQueryRepository,
  ) {}

  /** The blog and the caller's standing on it; 404 for a blog that does not exist. */
  async open(caller: ApiCaller, blogId: string): Promise<{ blog: BlogRow; standing: BlogStanding }> {
    const blog = /^\d{1,30}$/.test(blogId) ? await this.blogs.findById(blogId) : undefined;
    if (!blog) throw new NotFoundError('There is no blog with that ID.');
    const membership = caller.grant ? await this.users.findMembership(blog.id, caller.grant.userId) : undefined;
    const standing = standingOn(caller, blog.id, membership?.role ?? null);
    // A private blog answers only to a token of one of its readers or members that reaches it.
    if (blog.visibility === 'private' && !hasLevel(standing, 'read')) {
      if (!caller.grant)
        throw new UnauthorizedError('This blog is private: send a token of one of its readers (Authorization: Bearer TOKEN).');
      throw new ForbiddenError('This blog is private, and this token does not reach it.');
    }
    return { blog, standing };
  }

  /** The blog that answers at `url` (its host: a subdomain, a custom domain, or the base domain), if the caller may see it. */
  async byUrl(caller: ApiCaller, url: string): Promise<BlogRow> {
    let host: string;
    try {
      host = new URL(url).host;
    } catch {
      throw new InvalidInputError('url must be a blog\u2019s address, like https://travel.example.com/.', 'url');
    }
    const blog = await this.blogService.blogForHost(host);
    if (!blog) throw new NotFoundError('No blog answers at that address.');
    return (await this.open(caller, blog.id)).blog;
  }

  counts(blogId: string) {
    return this.queries.liveCounts(blogId);
  }

  /** The signed-in user (`self`, or their own ID). */
  async self(caller: ApiCaller, userId: string): Promise<UserRow> {
    if (!caller.grant) throw new UnauthorizedError('This call needs a token: send Authorization: Bearer TOKEN.');
    if (userId !== 'self' && userId !== caller.grant.userId) throw new ForbiddenError('You can only read your own user.');
    const user = await this.users.findById(caller.grant.userId);
    if (!user) throw new UnauthorizedError('The token\u2019s user no longer exists.');
    return user;
  }

  /** The caller's blogs that their token reaches, with their role on each. */
  async ofUser(caller: ApiCaller, userId: string): Promise<{ blog: BlogRow; role: Role }[]> {
    const user = await this.self(caller, userId);
    const all = await this.users.blogsOfUser(user.id);
    return all.filter((b) => hasLevel(standingOn(caller, b.blog.id, b.role), 'read'));
  }

  /** Every blog the user is a member of, with their role: what a new token may be scoped to. */
  membershipsOf(userId: string): Promise<{ blog: BlogRow; role: Role }[]> {
    return this.users.blogsOfUser(userId);
  }

  /** Page views over the ranges asked for, from Dastan's own counts (people only, no bots). */
  async pageViews(blog: BlogRow, standing: BlogStanding, ranges: PageViewRange[]): Promise<{ range: PageViewRange; count: number }[]> {
    if (!hasLevel(standing, 'read') || !hasRoleAtLeast(standing.actor, 'admin'))
      throw new ForbiddenError('Only the blog\u2019s owners and admins can read its page views.');
    const totals = await this.queries.viewTotals(blog.id);
    const value: Record<PageViewRange, number> = { '7DAYS': totals.week, '30DAYS': totals.month, all: totals.all };
    return ranges.map((range) => ({ range, count: value[range] }));
  }
}
