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
  /** Unread contact-form messages, for the inbox's badge (moderators only). */
  unreadMessages?: number;
  /** The user's other blogs, for the blog switcher. */
  others?: { name: string; title: string }[];
}

export async function blogAccess(
  request: FastifyRequest,
  services: Pick<Services, 'members' | 'commentModeration' | 'contact'>,
  name: string,
): Promise<BlogAccess> {
  const auth = authOf(request);
  if (!/^[a-z0-9-]{1,63}$/.test(name)) throw new NotFoundError('You have no blog by that name.');
  // One query for all the user's blogs answers both "is a member" and the switcher's list.
  const mine = await services.members.blogsOf(auth.user.id);
  const own = mine.find((m) => m.blog.name === name);
  if (!own) throw new NotFoundError('You have no blog by that name.');
  const { blog } = own;
  const actor: Actor = { userId: auth.user.id, role: own.role };
  const [pendingComments, unreadMessages] = canModerate(actor)
    ? await Promise.all([services.commentModeration.countPending(blog.id), services.contact.unread(blog.id)])
    : [undefined, undefined];
  const others = mine.filter((m) => m.blog.id !== blog.id).map((m) => ({ name: m.blog.name, title: m.blog.title }));
  return { blog, actor, pendingComments, unreadMessages, others };
}

/** Throws a 403 with `message` unless the policy allowed it. */
export function authorize(allowed: boolean, message = 'Your role on this blog does not allow that.'): void {
  if (!allowed) throw new ForbiddenError(message);
}
