/**
 * The one place errors become answers: an AppError gets its status and message (an HTML page for
 * people, JSON for programs); Fastify's own client errors keep their 4xx; anything else is logged
 * and answered with a plain 500 that shows nothing of the inside.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { encode } from 'html-entities';
import { AppError } from '../domain/errors.js';
import { blogTexts } from '../render/i18n/blog-texts.js';
import { readerErrorPage } from '../render/reader-errors.js';
import { isRightToLeft } from '../domain/text/direction.js';
import { storageTrouble, type StorageTrouble } from '../storage/storage-errors.js';

function wantsJson(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return request.url.startsWith('/api/') || (accept.includes('application/json') && !accept.includes('text/html'));
}

/** A small self-contained page for errors and the host-less 404 (no blog, so no theme). */
export function plainPage(title: string, message: string, lang = 'en'): string {
  return `<!DOCTYPE html>
<html lang="${encode(lang)}" dir="${isRightToLeft(lang) ? 'rtl' : 'ltr'}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${encode(title)}</title>
<style>body{font:1.05rem/1.6 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1.25rem;color:#1f2328;background:#fff}@media (prefers-color-scheme:dark){body{color:#e6edf3;background:#0d1117}a{color:#79b8ff}}</style></head>
<body><main id="main"><h1>${encode(title)}</h1><p>${encode(message)}</p></main></body>
</html>`;
}

export function sendError(request: FastifyRequest, reply: FastifyReply, status: number, id: string, message: string): FastifyReply {
  reply.code(status).header('cache-control', 'no-store');
  if (wantsJson(request)) return reply.type('application/json; charset=utf-8').send({ error: id, message });
  const titles: Record<number, string> = {
    400: 'Bad request',
    404: 'Not found',
    405: 'Not allowed',
    409: 'Conflict',
    413: 'Too large',
    415: 'Unsupported type',
    429: 'Too many requests',
    // Storage that cannot take a write, and a search gate that is full: either way, come back shortly.
    503: 'Please try again shortly',
  };
  return reply
    .type('text/html; charset=utf-8')
    .send(plainPage(titles[status] ?? (status >= 500 ? 'Something went wrong' : 'Cannot do that'), message));
}

/** Draws an error as a dashboard page (the dashboard sets it); answers false when it could not. */
export type DashboardErrorPage = (request: FastifyRequest, reply: FastifyReply, status: number, message: string) => Promise<boolean>;

declare module 'fastify' {
  interface FastifyInstance {
    /** Set by the dashboard: errors under /admin are shown inside it, with a way back. */
    dashboardErrorPage: DashboardErrorPage | null;
  }
}

/** What a person is told when storage cannot take a write; nothing was changed, so they may simply retry. */
const STORAGE_MESSAGES: Record<StorageTrouble, string> = {
  full: 'The server’s disk is full, so nothing was saved and nothing was changed. Please try again in a few minutes; the site’s owner has been told in the server’s log.',
  'read-only':
    'The server’s database is read-only just now, so nothing was saved and nothing was changed. Please try again later; the site’s owner has been told in the server’s log.',
  unavailable: 'The server cannot reach its database just now, so nothing was saved. Please try again in a few minutes.',
};

/** Seconds a client is asked to wait after a 503. */
export const RETRY_AFTER_SECONDS = 60;

/** An error as a status, a stable id and a message for people (an unexpected one is logged, its details kept inside). */
function describeError(error: FastifyError | AppError | Error, request: FastifyRequest): { status: number; id: string; message: string } {
  if (error instanceof AppError) return { status: error.status, id: error.id, message: error.message };
  const status = (error as FastifyError).statusCode;
  if (status && status >= 400 && status < 500) {
    const message =
      (error as FastifyError).validation !== undefined
        ? `The request was not understood: ${error.message}.`
        : status === 413
          ? 'What you sent is too large.'
          : error.message || 'The request was not understood.';
    return { status, id: (error as FastifyError).code?.toLowerCase() ?? 'bad_request', message };
  }
  const trouble = storageTrouble(error);
  if (trouble) {
    request.log.error({ err: error }, `storage ${trouble}: answered 503`);
    return { status: 503, id: `storage_${trouble.replace('-', '_')}`, message: STORAGE_MESSAGES[trouble] };
  }
  request.log.error({ err: error }, 'request failed');
  return { status: 500, id: 'internal', message: 'Something went wrong on our side. Please try again in a moment.' };
}

/** Passes a rate limit's wait on to the client as Retry-After (for routes that answer the error themselves). */
export function passRetryAfter(reply: FastifyReply, error: unknown): void {
  if (error instanceof AppError && 'retryAfterSeconds' in error) reply.header('retry-after', String(error.retryAfterSeconds));
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.decorate('dashboardErrorPage', null);
  app.setErrorHandler(async (error: FastifyError | AppError | Error, request, reply) => {
    const { status, id, message } = describeError(error, request);
    if (status === 503)
      reply.header('retry-after', String((error as { retryAfterSeconds?: number }).retryAfterSeconds ?? RETRY_AFTER_SECONDS));
    const dashboard = app.dashboardErrorPage;
    if (dashboard && request.url.startsWith('/admin') && !wantsJson(request)) {
      if (await dashboard(request, reply, status, message)) return reply;
    }
    // A host that names no blog: the not-found handler decides between "no blog yet" and a plain 404.
    if (error instanceof AppError && status === 404 && !request.blog) {
      reply.callNotFound();
      return reply;
    }
    // A reader on a blog's own host (a used link, a refused form, a script's request) reads the blog's language.
    const blog = request.blog;
    if (blog && error instanceof AppError && status < 500 && !request.url.startsWith('/admin') && !request.url.startsWith('/api/')) {
      const texts = blogTexts(blog);
      if (texts.language !== 'en') {
        const page = readerErrorPage(texts, error);
        if (wantsJson(request)) return sendError(request, reply, status, id, page.message);
        reply.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8');
        return reply.send(plainPage(page.title, page.message, blog.language));
      }
    }
    return sendError(request, reply, status, id, message);
  });
}
