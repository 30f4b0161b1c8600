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
import { dashboardText, dashboardTexts, sendPage, statusWordsOf } from './admin-page.js';
import { blogAccess } from './blog-access.js';
import { blogNav } from './blog-nav.js';

/** The heading and the reason in the user's language. The reason given is English, so other languages say the status's own. */
function errorWords(request: FastifyRequest, status: number, message: string): { title: string; message: string } {
  const name = statusWordsOf(status);
  const texts = dashboardTexts(request);
  const title = texts.text(`admin.error.heading.${name}`);
  return { title, message: texts.language === 'en' ? message : texts.text(`admin.error.message.${name}`) };
}

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
      ? { href: `/admin/blogs/${blog.name}`, text: dashboardText(request, 'admin.error.backToBlog', { title: blog.title }) }
      : request.auth
        ? { href: '/admin', text: dashboardText(request, 'admin.error.backToBlogs') }
        : { href: `/admin/sign-in?next=${encodeURIComponent(request.url)}`, text: dashboardText(request, 'admin.error.signIn') };
    await sendPage(deps, request, reply, 'error', { ...errorWords(request, status, message), blog, status, back }, status);
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
