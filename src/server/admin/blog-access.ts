/**
 * The blog a dashboard URL names (`/admin/blogs/NAME/…`) and the signed-in user's role on it. A user
 * who is not a member gets the same 404 as for a blog that does not exist: another blog's dashboard
 * neither opens nor confirms that the blog is there.
 */
import type { FastifyRequest } from 'fastify';
import { ForbiddenError, NotFoundError } from '../../domain/errors.js';
import type { Actor } from '../../domain/policies/actor.js';
import type { Services } from '../../services.js';
import type { BlogRow } from '../../storage/schema.js';
import { authOf } from './admin-page.js';
import { canModerate } from '../../domain/policies/comment.policy.js';

export interface BlogAccess {
  blog: BlogRow;
  actor: Actor;
  /** Comments awaiting moderation, for the blog menu's badge (moderators only). */
  pendingComments?: number;
}

export async function blogAccess(request: FastifyRequest, services: Services, name: string): Promise<BlogAccess> {
  const auth = authOf(request);
  const blog = /^[a-z0-9-]{1,63}$/.test(name) ? await services.repositories.blogs.findByName(name) : undefined;
  const membership = blog ? await services.repositories.users.findMembership(blog.id, auth.user.id) : undefined;
  if (!blog || !membership) throw new NotFoundError('You have no blog by that name.');
  const actor: Actor = { userId: auth.user.id, role: membership.role };
  const pendingComments = canModerate(actor) ? await services.commentModeration.countPending(blog.id) : undefined;
  return { blog, actor, pendingComments };
}

/** Throws a 403 with `message` unless the policy allowed it. */
export function authorize(allowed: boolean, message = 'Your role on this blog does not allow that.'): void {
  if (!allowed) throw new ForbiddenError(message);
}
