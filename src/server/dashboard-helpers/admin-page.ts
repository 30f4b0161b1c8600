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
import { textsFor, type Texts } from '../../render/i18n/translate.js';
import { isRightToLeft } from '../../domain/text/direction.js';
import { browserLanguage } from './browser-language.js';

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
  const texts = textsFor(dashboardLanguage(request, model));
  const html = await deps.views.render(
    template,
    { ui: uiOf(model, texts), section: navSectionOf(request.url), ...model, csrf: deps.csrf.tokenFor(request, reply), user },
    texts,
  );
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
}

/**
 * The language a dashboard page speaks: the signed-in user's choice; for someone not signed in, the
 * `language` the page names (an invitation's blog's), else the best the browser asks for (set-up,
 * sign-in, a forgotten password), else English.
 */
function dashboardLanguage(request: FastifyRequest, model?: PageModel): string {
  // A signed-in user's page that names a language names the blog's (the editor's writing language), not theirs.
  if (request.auth) return request.auth.user.language || browserLanguage(request.headers['accept-language']);
  const named = typeof model?.language === 'string' ? model.language : '';
  return named || browserLanguage(request.headers['accept-language']);
}

/** The messages in the signed-in user's language. */
export function dashboardTexts(request: FastifyRequest): Texts {
  return textsFor(dashboardLanguage(request));
}

/**
 * The language a dashboard page writes dates in: the signed-in user's, else the blog's (the pattern of
 * every translated list: an English-speaking owner of an Urdu blog with no language chosen sees its dates
 * as its readers do).
 */
export function dateLanguage(request: FastifyRequest, blogLanguage: string): string {
  return request.auth?.user.language || blogLanguage;
}

/** A dashboard message in the signed-in user's language (a page's title, which the layout prints as it is). */
export function dashboardText(request: FastifyRequest, key: string, values?: Record<string, unknown>): string {
  return dashboardTexts(request).text(key, values);
}

/**
 * The page's language and direction. Words in a right-to-left language (Urdu, Arabic, Persian) are laid
 * out right to left; in English, a page about a blog takes the blog's direction, so an Urdu blog's
 * dashboard reads right to left (the stylesheet uses logical properties throughout).
 */
function uiOf(model: PageModel, texts: Texts): { lang: string; dir: 'ltr' | 'rtl' } {
  const blog = model.blog as { dir?: 'ltr' | 'rtl' } | null | undefined;
  if (texts.language === 'en') return { lang: 'en', dir: blog?.dir ?? 'ltr' };
  return { lang: texts.language, dir: isRightToLeft(texts.language) ? 'rtl' : 'ltr' };
}

/** Which side-navigation entry a dashboard URL belongs to (`/admin/blogs/NAME/SECTION/…`). */
export function navSectionOf(url: string): string {
  const match = /^\/admin\/blogs\/[^/?#]+(?:\/([^/?#]+))?/.exec(url);
  if (!match) return '';
  return match[1] ?? 'overview';
}

/** The statuses with words of their own (`admin.error.heading.403`, `admin.error.message.403`); others say `other`. */
const NAMED_STATUSES = new Set([401, 403, 404, 409, 413, 429, 500]);

/** Which `admin.error.*.STATUS` messages speak of `status`. */
export function statusWordsOf(status: number): string {
  return NAMED_STATUSES.has(status) ? String(status) : status >= 500 ? '500' : 'other';
}

/**
 * A refused form's reason in the page's language. The domain words its reasons in English; in another
 * language, a form that names its fields' labels (`fields`: field → label key) points at the field the
 * reason is about, says so when a sign-in failed, and else gives the words of the error's status. A form
 * without `fields` keeps the domain's English reason.
 */
function formErrorText(texts: Texts, error: AppError, fields?: Readonly<Record<string, string>>): string {
  if (texts.language === 'en' || !fields) return error.message;
  const field = (error as AppError & { field?: string }).field;
  const label = field === undefined ? undefined : fields[field];
  if (label) return texts.text('admin.settings.error.field', { field: texts.text(label) });
  if (error.id === 'sign_in_failed') return texts.text('admin.signin.failed');
  return texts.text(`admin.error.message.${statusWordsOf(error.status)}`);
}

/** A refused form's reason in the signed-in user's language, for a route that shows its form again itself. */
export function formRefusal(request: FastifyRequest, error: AppError, fields: Readonly<Record<string, string>>): string {
  return formErrorText(dashboardTexts(request), error, fields);
}

/**
 * Runs `work`; when it fails with an AppError, shows the form again with the reason and the values sent
 * (never a password), with the error's status. The reason is in the page's language: what the form's
 * `explain` makes of the error (for a form whose refusals have words of their own, such as the editor's),
 * else formErrorText's. Other errors go to the error handler.
 */
export async function orShowForm(
  deps: AdminDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  form: {
    template: string;
    model: PageModel;
    fields?: Readonly<Record<string, string>>;
    explain?: (error: AppError) => string;
  },
  work: () => Promise<FastifyReply>,
): Promise<FastifyReply> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (error.status === 429)
      reply.header('retry-after', String((error as AppError & { retryAfterSeconds?: number }).retryAfterSeconds ?? 60));
    const reason = form.explain ? form.explain(error) : formErrorText(textsFor(dashboardLanguage(request, form.model)), error, form.fields);
    return sendPage(deps, request, reply, form.template, { ...form.model, error: reason }, error.status);
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
