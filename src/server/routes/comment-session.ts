/**
 * The session on a blog's public host, read only by the comment routes (reader pages never read it, so
 * they stay the same for everyone and can be cached): the same cookie and rotation as the dashboard's.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { hashToken } from '../../domain/accounts/tokens.js';
import type { Services } from '../../services.js';
import { sessionToken, setSessionCookie } from '../auth/session-cookie.js';

export async function resumeReaderSession(request: FastifyRequest, reply: FastifyReply, services: Services): Promise<void> {
  const token = sessionToken(request);
  if (!token) return;
  const active = await services.sessions.resume(token);
  request.auth = active ?? null;
  if (active?.newToken) {
    request.previousSessionId = hashToken(token);
    setSessionCookie(request, reply, active.newToken);
  }
}
