/**
 * `GET /_dastan/tls-ask?domain=HOST`: what a TLS-terminating proxy asks before it gets a certificate on
 * demand (Caddy's `on_demand_tls { ask … }`): 200 when HOST is served by this install — a blog's custom
 * domain, NAME.BASE_DOMAIN of a blog, or the base domain with a primary blog — and 404 otherwise, so a
 * stranger pointing a name at the server cannot make it fetch certificates for names it does not serve.
 * It reads no Host header (the proxy asks over loopback) and changes nothing.
 */
import type { FastifyInstance } from 'fastify';
import type { BlogService } from '../../domain/blogs/blog.service.js';

/** The address the README's Caddy recipe puts in `ask`. */
export const TLS_ASK_PATH = '/_dastan/tls-ask';

export function registerTlsAskRoutes(app: FastifyInstance, deps: { blogs: BlogService }): void {
  app.get(TLS_ASK_PATH, async (request, reply) => {
    const domain = (request.query as { domain?: unknown }).domain;
    reply.header('cache-control', 'no-store').type('text/plain; charset=utf-8');
    // A host name only: no port, path or user part (normalizeHost would strip a port and answer for it).
    if (typeof domain !== 'string' || domain.length > 253 || !/^[a-z0-9.-]+$/i.test(domain))
      return reply.code(400).send('Please ask with ?domain= and a host name.\n');
    const blog = await deps.blogs.blogForHost(domain);
    return blog ? reply.code(200).send('yes\n') : reply.code(404).send('This install serves no blog at that name.\n');
  });
}
