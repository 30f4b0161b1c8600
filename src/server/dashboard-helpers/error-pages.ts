/**
 * Refusals and failures inside the dashboard (`/admin/…`) as dashboard pages: the frame, a heading that
 * says what happened in plain words, the reason, and a way back — the blog's overview when the user is
 * a member of the blog the address names, their blogs otherwise, or the sign-in page. Unknown
 * `/admin/…` addresses get the same 404. If drawing the page fails too (the database is down), the
 * plain error page of errors.ts is used.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NotFoundError } from '../../domain/errors.js';
import type { AdminDeps, BlogPage } from './admin-page.js';
import { sendPage } from './admin-page.js';
import { blogAccess } from './blog-access.js';
import { blogNav } from './blog-nav.js';

const HEADINGS: Record<number, string> = {
  401: 'Please sign in',
  403: 'Your role cannot open this page',
  404: 'Page not found',
  409: 'That clashes with something already there',
  413: 'That is too large',
  429: 'Too many tries',
};

/** The blog menu when the URL names a blog of the signed-in user; null when not (or on any failure). */
async function navFor(request: FastifyRequest, deps: AdminDeps<BlogPage>) {
  const name = /^\/admin\/blogs\/([a-z0-9-]{1,63})(?:[/?#]|$)/.exec(request.url)?.[1];
  if (!name || !request.auth) return null;
  try {
    return blogNav(request, deps, await blogAccess(request, deps.services, name));
  } catch {
    return null;
  }
}

/** Sends a dashboard error page with `status`; answers false when it could not be drawn. */
export async function sendDashboardError(
  deps: AdminDeps<BlogPage>,
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  message: string,
): Promise<boolean> {
  try {
    const blog = status >= 500 ? null : await navFor(request, deps);
    const back = blog
      ? { href: `/admin/blogs/${blog.name}`, text: `Back to ${blog.title}` }
      : request.auth
        ? { href: '/admin', text: 'Back to your blogs' }
        : { href: `/admin/sign-in?next=${encodeURIComponent(request.url)}`, text: 'Sign in' };
    await sendPage(
      deps,
      request,
      reply,
      'error',
      { title: HEADINGS[status] ?? (status >= 500 ? 'Something went wrong' : 'That could not be done'), blog, status, message, back },
      status,
    );
    return true;
  } catch (error) {
    request.log.error({ err: error }, 'the dashboard error page failed');
    return false;
  }
}

/**
 * Unknown addresses under /admin answer the dashboard's 404 page. A wildcard route is matched last (after
 * every static and parametric route), so it only meets addresses no other route takes.
 */
export function registerDashboardNotFound(app: FastifyInstance, deps: AdminDeps<BlogPage>): void {
  app.get('/admin/*', async (request, reply) => {
    const message = new NotFoundError('There is no dashboard page at this address.').message;
    if (await sendDashboardError(deps, request, reply, 404, message)) return reply;
    return reply.code(404).type('text/plain; charset=utf-8').send('Not found');
  });
}
