/**
 * The address mailed and copied links start with, built only from what is configured: the blog's own
 * host (its subdomain of BASE_DOMAIN, or its custom domain). The request's Host header picks the blog
 * but never goes into a link, so a forged Host (an IP address, another site, another port) cannot turn
 * a password-reset or invitation link into one that leads elsewhere.
 */
import type { FastifyRequest } from 'fastify';
import { normalizeHost, type BlogService } from '../../domain/blogs/blog.service.js';
import { InvalidInputError } from '../../domain/errors.js';

export function linkBase(request: FastifyRequest, blogs: BlogService): string {
  if (!request.blog) throw new InvalidInputError('Please open the dashboard at the address of one of the blogs here.');
  const protocol = request.protocol === 'https' ? 'https' : 'http';
  // A port is kept only when it is the one this server really listens on (a server run as :3000):
  // the socket says so, the Host header cannot.
  const named = /:(\d{1,5})$/.exec(request.headers.host ?? '')?.[1] ?? '';
  const listening = request.socket?.localPort;
  const port = named !== '' && Number(named) === listening && named !== (protocol === 'https' ? '443' : '80') ? named : '';
  const home = new URL(blogs.homeUrl(request.blog, { protocol, port }));
  // The blog's `www.` name is as configured as its bare one: keep the one the person used.
  if (normalizeHost(request.headers.host) === `www.${home.hostname}`) home.hostname = `www.${home.hostname}`;
  return home.origin;
}
