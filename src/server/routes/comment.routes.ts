/**
 * The reader's comment form on a blog's host: its token (GET /comments/token, never cached — the post
 * page itself is cached and so carries none), posting (POST /comments: a redirect to the new comment,
 * an "awaiting moderation" page, or JSON for the page's script), and the comment script. A POST without
 * a valid token changes nothing: a form sent without JavaScript gets a "check and post" page that
 * carries a fresh token (one more click). The writer's own edit and delete: own-comment.routes.ts.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as z from 'zod';
import { AppError } from '../../domain/errors.js';
import type { CommentForm, Writer } from '../../domain/comments/comment-submission.service.js';
import type { Services } from '../../services.js';
import type { Csrf } from '../auth/csrf.js';
import type { CommentPages } from '../../render/comment-pages.js';
import { commentScriptMessages, loadCommentsScript } from '../../render/comment-script.js';
import { blogTexts } from '../../render/i18n/blog-texts.js';
import { postPath } from '../../domain/blogs/urls.js';
import { etagOf } from '../page-cache.js';
import { siteOf } from '../site.js';
import { parseForm, textField } from '../dashboard-helpers/forms.js';
import { resumeReaderSession } from './comment-session.js';

export interface CommentRouteDeps {
  services: Pick<Services, 'blogs' | 'commentSubmissions' | 'members' | 'proofOfWork' | 'sessions'>;
  csrf: Csrf;
  pages: CommentPages;
}

const formSchema = z.object({
  postId: textField('The post', 20, false),
  parentId: textField('The comment replied to', 20),
  name: textField('The name', 1000),
  email: textField('The e-mail address', 1000),
  url: textField('The website', 2000),
  body: textField('The comment', 200_000),
  notify: textField('Mail me replies', 10),
  homepage: textField('The hidden field', 1000),
  _ts: textField('The form stamp', 1000),
  altcha: textField('The proof of work', 10_000),
  js: textField('js', 10),
});

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
    const input = parseForm(formSchema, request.body);
    const json = wantsJson(request);
    if (!csrf.isValid(request)) {
      if (json) throw new AppError(403, 'csrf', 'This form has expired. Please reload the page and try again.');
      // Without JavaScript the cached page had no token: show the comment back with one.
      const fields = Object.entries({ ...input, altcha: '', js: '' }).map(([name, value]) => ({ name, value }));
      fields.push({ name: '_csrf', value: csrf.tokenFor(request, reply) });
      const html = await pages.render(site, '/comments', {
        title: 'Check and post your comment',
        lines: ['Please check your comment, then post it.'],
        form: { action: '/comments', button: 'Post comment', fields, previewText: input.body },
      });
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
    }
    const form: CommentForm = {
      postId: input.postId,
      parentId: input.parentId,
      name: input.name,
      email: input.email,
      url: input.url,
      body: input.body,
      notifyReplies: input.notify !== '',
      honeypot: input.homepage,
      stamp: input._ts,
      proof: input.altcha,
      canSolve: input.js === '1',
    };
    const role = request.auth ? await services.members.roleOn(site.blog.id, request.auth.user.id) : null;
    const writer: Writer = {
      address: request.ip,
      userAgent: String(request.headers['user-agent'] ?? '').slice(0, 500),
      user: request.auth ? { id: request.auth.user.id, name: request.auth.user.display_name, email: request.auth.user.email, role } : null,
    };
    let result;
    try {
      result = await services.commentSubmissions.submit(site.blog, form, writer, site.origin);
    } catch (error) {
      if (error instanceof AppError && 'retryAfterSeconds' in error) reply.header('retry-after', String(error.retryAfterSeconds));
      throw error;
    }
    reply.header('cache-control', 'no-store');
    const texts = blogTexts(site.blog);
    if (result.kind === 'challenge') {
      return reply.code(202).send({
        status: 'challenge',
        message: texts.text('commentScript.challenge'),
        challenge: await services.proofOfWork.challenge(),
      });
    }
    const { comment, post } = result;
    const anchor = `c${comment.id}`;
    const url = `${postPath(post)}#${anchor}`;
    const message = texts.text(comment.status === 'live' ? 'commentScript.published' : 'commentScript.awaiting');
    if (json) return reply.code(201).send({ status: comment.status, id: comment.id, anchor, url, message });
    if (comment.status === 'live') return reply.redirect(url, 303);
    const html = await pages.render(site, '/comments', {
      title: texts.text('moderation.title'),
      lines: [message, texts.text('moderation.note')],
      link: {
        url: `${postPath(post)}#comments`,
        text: texts.text('moderation.back', { title: post.title || texts.text('list.untitled') }),
      },
    });
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
