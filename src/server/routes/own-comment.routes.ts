/**
 * A signed-in writer's own comment, for 15 minutes after posting it: `GET /comments/ID/edit` (a page
 * with the text in a box, or the text as JSON for the page's script), `POST /comments/ID/edit`,
 * `GET /comments/ID/delete` (a page that asks first) and `POST /comments/ID/delete`. Pages and forms
 * work without JavaScript and carry the session's CSRF token; a POST without it changes nothing (403).
 * Someone else's comment is refused with 403, a closed window with 403 `edit_window_closed`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as z from 'zod';
import { AppError, UnauthorizedError } from '../../domain/errors.js';
import type { OwnWriter } from '../../domain/comments/own-comment.service.js';
import type { Services } from '../../services.js';
import type { Csrf } from '../auth/csrf.js';
import type { CommentPages, Notice } from '../../render/comment-pages.js';
import { blogTexts } from '../../render/i18n/blog-texts.js';
import { changedMessage, changeHeldNotice, deleteNotice, editNotice, ownCommentUrl } from '../../render/own-comment-notices.js';
import { readerErrorText } from '../../render/reader-errors.js';
import { siteOf } from '../site.js';
import { parseForm, textField } from '../dashboard-helpers/forms.js';
import { resumeReaderSession } from './comment-session.js';

export interface OwnCommentRouteDeps {
  services: Pick<Services, 'blogs' | 'members' | 'ownComments' | 'sessions'>;
  csrf: Csrf;
  pages: CommentPages;
}

type ById = { Params: { id: string } };

const editForm = z.object({ body: textField('The comment', 200_000) });

function wantsJson(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('application/json');
}

/** A refusal of what was typed (empty, too long, a blocked word): shown again in the form, not a dead end. */
function isRetryable(error: unknown): error is AppError {
  return error instanceof AppError && (error.status === 400 || error.status === 413 || error.status === 422);
}

export function registerOwnCommentRoutes(app: FastifyInstance, deps: OwnCommentRouteDeps): void {
  const { services, csrf, pages } = deps;

  const sendPage = async (reply: FastifyReply, html: Promise<string>, status = 200) =>
    reply
      .code(status)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(await html);

  /** The signed-in user; a signed-out page request is sent to sign in and brought back here. */
  const signedInUser = async (request: FastifyRequest, reply: FastifyReply): Promise<string | null> => {
    await resumeReaderSession(request, reply, services);
    if (request.auth) return request.auth.user.id;
    if (request.method === 'GET' && !wantsJson(request)) return null;
    throw new UnauthorizedError('Please sign in to change your comment.');
  };
  const toSignIn = (request: FastifyRequest, reply: FastifyReply) =>
    reply.redirect(`/admin/sign-in?next=${encodeURIComponent(request.url)}`, 303);

  /** A state-changing request: signed in, and the form's token. */
  const writerOf = async (request: FastifyRequest, reply: FastifyReply, blogId: string): Promise<OwnWriter> => {
    const userId = (await signedInUser(request, reply))!;
    if (!csrf.isValid(request))
      throw new AppError(
        403,
        'csrf',
        'This form has expired or did not come from this page, so nothing was changed. Please reload the page and try again.',
      );
    return {
      userId,
      role: await services.members.roleOn(blogId, userId),
      address: request.ip,
      userAgent: String(request.headers['user-agent'] ?? '').slice(0, 500),
    };
  };

  app.get<ById>('/comments/:id/edit', async (request, reply) => {
    const site = siteOf(request, services.blogs);
    const userId = await signedInUser(request, reply);
    if (!userId) return toSignIn(request, reply);
    const own = await services.ownComments.open(site.blog, userId, request.params.id);
    if (wantsJson(request))
      return reply
        .header('cache-control', 'no-store')
        .send({ id: own.comment.id, text: own.text, until: new Date(own.until).toISOString() });
    return sendPage(
      reply,
      pages.render(site, `/comments/${own.comment.id}/edit`, editNotice(site, own, blogTexts(site.blog), csrf.tokenFor(request, reply))),
    );
  });

  app.post<ById>('/comments/:id/edit', async (request, reply) => {
    const site = siteOf(request, services.blogs);
    const writer = await writerOf(request, reply, site.blog.id);
    const { body } = parseForm(editForm, request.body);
    let own;
    try {
      own = await services.ownComments.edit(site.blog, writer, request.params.id, body, site.origin);
    } catch (error) {
      if (wantsJson(request) || !isRetryable(error)) throw error;
      // Without JavaScript: the edit page again, with what was typed and why it was not taken.
      const current = await services.ownComments.open(site.blog, writer.userId, request.params.id);
      const texts = blogTexts(site.blog);
      const typed = { text: body, error: readerErrorText(texts, error) };
      const notice: Notice = editNotice(site, current, texts, csrf.tokenFor(request, reply), typed);
      return sendPage(reply, pages.render(site, `/comments/${request.params.id}/edit`, notice), error.status);
    }
    const { comment } = own;
    reply.header('cache-control', 'no-store');
    const url = ownCommentUrl(own);
    if (wantsJson(request))
      return reply.send({
        status: comment.status,
        id: comment.id,
        html: comment.body_html,
        url,
        message: changedMessage(blogTexts(site.blog), comment.status),
      });
    if (comment.status === 'live') return reply.redirect(url, 303);
    return sendPage(reply, pages.render(site, `/comments/${comment.id}/edit`, changeHeldNotice(own, blogTexts(site.blog))), 202);
  });

  app.get<ById>('/comments/:id/delete', async (request, reply) => {
    const site = siteOf(request, services.blogs);
    const userId = await signedInUser(request, reply);
    if (!userId) return toSignIn(request, reply);
    const own = await services.ownComments.open(site.blog, userId, request.params.id);
    return sendPage(
      reply,
      pages.render(
        site,
        `/comments/${own.comment.id}/delete`,
        deleteNotice(site, own, blogTexts(site.blog), csrf.tokenFor(request, reply)),
      ),
    );
  });

  app.post<ById>('/comments/:id/delete', async (request, reply) => {
    const site = siteOf(request, services.blogs);
    const writer = await writerOf(request, reply, site.blog.id);
    const own = await services.ownComments.delete(site.blog, writer.userId, request.params.id);
    const url = ownCommentUrl(own, '#comments');
    reply.header('cache-control', 'no-store');
    return wantsJson(request)
      ? reply.send({ ok: true, status: 'deleted', url, message: blogTexts(site.blog).text('commentScript.deleted') })
      : reply.redirect(url, 303);
  });
}
