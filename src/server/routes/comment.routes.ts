/**
 * The reader's comment form on a blog's host: its token (GET /comments/token, never cached — the post
 * page itself is cached and so carries none), posting (POST /comments: a redirect to the new comment,
 * an "awaiting moderation" page, or JSON for the page's script), and the comment script. A POST without
 * a valid token changes nothing: a form sent without JavaScript gets a "check and post" page that
 * carries a fresh token (one more click). The writer's own edit and delete: own-comment.routes.ts.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../domain/errors.js';
import type { Services } from '../../services.js';
import type { Csrf } from '../auth/csrf.js';
import type { CommentPages } from '../../render/comment-pages.js';
import { commentScriptMessages, loadCommentsScript } from '../../render/comment-script.js';
import { blogTexts } from '../../render/i18n/blog-texts.js';
import { awaitingModerationNotice, checkAndPostNotice, commentOutcome } from '../../render/comment-notices.js';
import { passRetryAfter } from '../errors.js';
import { etagOf } from '../page-cache.js';
import { siteOf } from '../site.js';
import { parseForm } from '../dashboard-helpers/forms.js';
import { commentFormOf, commentFormSchema, writerOf } from './comment-form.js';
import { resumeReaderSession } from './comment-session.js';

export interface CommentRouteDeps {
  services: Pick<Services, 'blogs' | 'commentSubmissions' | 'members' | 'proofOfWork' | 'sessions'>;
  csrf: Csrf;
  pages: CommentPages;
}

/** Runs a submission; a rate limit's wait is passed on as Retry-After before the error page is sent. */
async function withRetryAfter<T>(reply: FastifyReply, submit: () => Promise<T>): Promise<T> {
  try {
    return await submit();
  } catch (error) {
    passRetryAfter(reply, error);
    throw error;
  }
}

function wantsJson(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('application/json');
}

export function registerCommentRoutes(app: FastifyInstance, deps: CommentRouteDeps): void {
  const { services, csrf, pages } = deps;

  app.get('/comments/token', async (request, reply) => {
    const { blog } = siteOf(request, services.blogs);
    await resumeReaderSession(request, reply, services);
    const user = request.auth ? { name: request.auth.user.display_name } : null;
    const messages = commentScriptMessages(blogTexts(blog), user?.name ?? null);
    return reply.header('cache-control', 'no-store').send({ csrf: csrf.tokenFor(request, reply), user, messages });
  });

  app.post('/comments', async (request, reply) => {
    const site = siteOf(request, services.blogs);
    await resumeReaderSession(request, reply, services);
    const input = parseForm(commentFormSchema, request.body);
    const json = wantsJson(request);
    if (!csrf.isValid(request)) {
      if (json) throw new AppError(403, 'csrf', 'This form has expired. Please reload the page and try again.');
      // Without JavaScript the cached page had no token: show the comment back with one.
      const html = await pages.render(site, '/comments', checkAndPostNotice(input, csrf.tokenFor(request, reply), blogTexts(site.blog)));
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
    }
    const role = request.auth ? await services.members.roleOn(site.blog.id, request.auth.user.id) : null;
    const result = await withRetryAfter(reply, () =>
      services.commentSubmissions.submit(site.blog, commentFormOf(input), writerOf(request, role), site.origin),
    );
    reply.header('cache-control', 'no-store');
    const texts = blogTexts(site.blog);
    if (result.kind === 'challenge') {
      return reply
        .code(202)
        .send({ status: 'challenge', message: texts.text('commentScript.challenge'), challenge: await services.proofOfWork.challenge() });
    }
    const outcome = commentOutcome(result.comment, result.post, texts);
    if (json) return reply.code(201).send(outcome);
    if (outcome.status === 'live') return reply.redirect(outcome.url, 303);
    const html = await pages.render(site, '/comments', awaitingModerationNotice(outcome, result.post, texts));
    return reply.code(202).type('text/html; charset=utf-8').send(html);
  });

  const bundle = loadCommentsScript();
  if (bundle) {
    const script = bundle.js;
    const etag = etagOf(script);
    app.get('/static/comments.js', async (_request, reply) =>
      reply
        .type('text/javascript; charset=utf-8')
        .header('cache-control', 'public, max-age=31536000, immutable')
        .header('etag', etag)
        .send(script),
    );
  }
}
