/**
 * What every dashboard handler shares: its parts (services, views, CSRF), rendering a page with the
 * signed-in user and the form token filled in, the guard that asks for a sign-in, and showing a
 * form again with the reason it was refused.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../services.js';
import type { AdminPageBase, AdminViews } from '../../render/dashboard/admin-views.js';
import { AppError, UnauthorizedError } from '../../domain/errors.js';
import type { ActiveSession } from '../../domain/accounts/session.service.js';
import type { Csrf } from '../auth/csrf.js';
import { textsFor } from '../../render/i18n/translate.js';

/**
 * What a dashboard route module receives: the few services it uses (`AdminDeps<'posts' | 'blogs'>`), the
 * views and the CSRF signer. Only register-dashboard.ts holds every service; a module names its own.
 */
export interface AdminDeps<K extends keyof Services = never> {
  services: Pick<Services, K>;
  views: AdminViews;
  csrf: Csrf;
}

/** The services every page about one blog uses: who may open it (blogAccess) and its menu (blogNav). */
export type BlogPage = 'blogs' | 'members' | 'commentModeration' | 'contact';

export type PageModel = Omit<AdminPageBase, 'csrf' | 'user'> & Record<string, unknown>;

/** Renders a dashboard page (never cached: it is private and carries a form token). */
export async function sendPage(
  deps: AdminDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  template: string,
  model: PageModel,
  status = 200,
): Promise<FastifyReply> {
  const user = request.auth ? { name: request.auth.user.display_name, email: request.auth.user.email } : null;
  const texts = textsFor(request.auth?.user.language || 'en');
  const html = await deps.views.render(
    template,
    { ui: uiOf(model), section: navSectionOf(request.url), ...model, csrf: deps.csrf.tokenFor(request, reply), user },
    texts,
  );
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
}

/** A dashboard message in the signed-in user's language (a page's title, which the layout prints as it is). */
export function dashboardText(request: FastifyRequest, key: string, values?: Record<string, unknown>): string {
  return textsFor(request.auth?.user.language || 'en').text(key, values);
}

/**
 * The page's language and direction: a page about a blog is laid out in the blog's direction, so an
 * Urdu blog's dashboard reads right to left (the stylesheet uses logical properties throughout).
 */
function uiOf(model: PageModel): { lang: string; dir: 'ltr' | 'rtl' } {
  const blog = model.blog as { dir?: 'ltr' | 'rtl' } | null | undefined;
  // The words are English until the translation catalogue lands, so the language stays 'en'.
  return { lang: 'en', dir: blog?.dir ?? 'ltr' };
}

/** Which side-navigation entry a dashboard URL belongs to (`/admin/blogs/NAME/SECTION/…`). */
export function navSectionOf(url: string): string {
  const match = /^\/admin\/blogs\/[^/?#]+(?:\/([^/?#]+))?/.exec(url);
  if (!match) return '';
  return match[1] ?? 'overview';
}

/**
 * Runs `work`; when it fails with an AppError, shows the form again with the reason and the values
 * sent (never a password), with the error's status. Other errors go to the error handler.
 */
export async function orShowForm(
  deps: AdminDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  form: { template: string; model: PageModel },
  work: () => Promise<FastifyReply>,
): Promise<FastifyReply> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (error.status === 429)
      reply.header('retry-after', String((error as AppError & { retryAfterSeconds?: number }).retryAfterSeconds ?? 60));
    return sendPage(deps, request, reply, form.template, { ...form.model, error: error.message }, error.status);
  }
}

/** The signed-in user of a route guarded by `signedIn`. */
export function authOf(request: FastifyRequest): ActiveSession {
  if (!request.auth) throw new UnauthorizedError('Please sign in first.');
  return request.auth;
}

/** A route-level preHandler: only signed-in users reach the handler. */
export async function signedIn(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
  if (request.auth) return undefined;
  if (request.method === 'GET') return reply.redirect(`/admin/sign-in?next=${encodeURIComponent(request.url)}`, 303);
  throw new UnauthorizedError('Please sign in first.');
}

/** The form values to show again: the body's strings, without passwords or the token. */
export function formValues(body: unknown): Record<string, string> {
  const values: Record<string, string> = {};
  if (typeof body !== 'object' || body === null) return values;
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (typeof value === 'string' && !/password|current|_csrf/i.test(key)) values[key] = value;
  }
  return values;
}
