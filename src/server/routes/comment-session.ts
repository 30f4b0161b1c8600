/**
 * The session on a blog's public host: the same cookie and rotation as the dashboard's. The comment
 * routes read it; reader pages read it only when the request carries the session cookie, so a signed-in
 * writer sees the controls of their own comments while everyone else gets the shared, cached page
 * without a database read.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { hashToken } from '../../domain/accounts/tokens.js';
import type { Services } from '../../services.js';
import type { BlogRow } from '../../storage/schema.js';
import type { ChangeableComments } from '../../domain/comments/own-comment.service.js';
import { sessionToken, setSessionCookie } from '../auth/session-cookie.js';

export async function resumeReaderSession(
  request: FastifyRequest,
  reply: FastifyReply,
  services: Pick<Services, 'sessions'>,
): Promise<void> {
  const token = sessionToken(request);
  if (!token) return;
  const active = await services.sessions.resume(token);
  request.auth = active ?? null;
  if (active?.newToken) {
    request.previousSessionId = hashToken(token);
    setSessionCookie(request, reply, active.newToken);
  }
}

/** A reader of a post page: signed in or not, and their comments on the blog they may still change. */
export interface PageReader {
  signedIn: boolean;
  own: ChangeableComments | null;
}

const ANONYMOUS: PageReader = { signedIn: false, own: null };

/** Who reads a post page; without the session cookie, no one in particular (and nothing is read). */
export async function pageReaderOf(
  request: FastifyRequest,
  reply: FastifyReply,
  services: Pick<Services, 'sessions' | 'ownComments'>,
  blog: BlogRow,
): Promise<PageReader> {
  if (!sessionToken(request)) return ANONYMOUS;
  await resumeReaderSession(request, reply, services);
  if (!request.auth) return ANONYMOUS;
  const own = await services.ownComments.changeable(blog, request.auth.user.id);
  return { signedIn: true, own: own.until.size > 0 ? own : null };
}
