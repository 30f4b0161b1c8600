/**
 * A blog's old addresses (kept by an import) answer with a 301 to where their content lives now.
 * Used by the reader routes' 404 handler and by the home page for WordPress's `/?p=123` links.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { postPath } from '../domain/blogs/urls.js';
import type { Services } from '../services.js';

/** Where the request's address moved to, when it is a known old address of its blog. */
export async function importedRedirect(services: Pick<Services, 'redirects'>, request: FastifyRequest): Promise<string | undefined> {
  if (!request.blog || (request.method !== 'GET' && request.method !== 'HEAD')) return undefined;
  const destination = await services.redirects.resolve(request.blog, request.url);
  if (!destination) return undefined;
  return 'path' in destination ? destination.path : postPath(destination.post);
}

/** Sends the 301 (cacheable for an hour: old links are followed by crawlers again and again). */
export function sendMoved(reply: FastifyReply, location: string): FastifyReply {
  return reply.header('cache-control', 'public, max-age=3600').redirect(location, 301);
}
