/**
 * A blog's old addresses (kept by an import or made by its owners) answer with a 301 or 302 to where
 * their content lives now.
 * Used by the reader routes' 404 handler and by the home page for WordPress's `/?p=123` links.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { postPath } from '../domain/blogs/urls.js';
import type { Services } from '../services.js';

/** Where the request's address moved to, when it is a known old address of its blog. */
export async function importedRedirect(
  services: Pick<Services, 'redirects'>,
  request: FastifyRequest,
): Promise<{ location: string; status: 301 | 302 } | undefined> {
  if (!request.blog || (request.method !== 'GET' && request.method !== 'HEAD')) return undefined;
  const found = await services.redirects.resolve(request.blog, request.url);
  if (!found) return undefined;
  return { location: 'path' in found.to ? found.to.path : postPath(found.to.post), status: found.status };
}

/**
 * Sends the redirect. A 301 may be cached for an hour (old links are followed by crawlers again and
 * again); a 302 is "for now", so it is not cached at all.
 */
export function sendMoved(reply: FastifyReply, moved: { location: string; status: 301 | 302 }): FastifyReply {
  return reply.header('cache-control', moved.status === 301 ? 'public, max-age=3600' : 'no-store').redirect(moved.location, moved.status);
}
