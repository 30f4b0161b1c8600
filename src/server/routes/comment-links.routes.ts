/**
 * The links in comment mail. Opening one shows a page with one button (mail scanners open links, so a
 * GET changes nothing); pressing it acts. The signed token in the link is the authority: moderation
 * links expire after 7 days and work once; unsubscribe links stop reply mail for one comment.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as z from 'zod';
import type { Services } from '../../services.js';
import type { CommentPages } from '../../render/comment-pages.js';
import { mailModeratedNotice, mailModerationNotice, replyMailStopNotice, replyMailStoppedNotice } from '../../render/comment-notices.js';
import { blogTexts } from '../../render/i18n/blog-texts.js';
import type { BlogRow } from '../../storage/schema.js';
import { siteOf } from '../site.js';
import { parseForm, textField } from '../dashboard-helpers/forms.js';

const tokenForm = z.object({ token: textField('The link', 2000, false) });

export function registerCommentLinkRoutes(
  app: FastifyInstance,
  deps: { services: Pick<Services, 'blogs' | 'commentModeration'>; pages: CommentPages },
): void {
  const { services, pages } = deps;
  const originOf = (request: FastifyRequest) => (blog: BlogRow) => {
    const port = /:(\d+)$/.exec(request.headers.host ?? '')?.[1] ?? '';
    return services.blogs.homeUrl(blog, { protocol: request.protocol === 'https' ? 'https' : 'http', port });
  };
  const send = async (request: FastifyRequest, reply: import('fastify').FastifyReply, html: Promise<string>) =>
    reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .send(await html);

  app.get('/comments/moderate', async (request, reply) => {
    const site = siteOf(request, services.blogs);
    const { token } = parseForm(tokenForm, request.query);
    const { comment, action, blog } = await services.commentModeration.linkTarget(token);
    const notice = mailModerationNotice(token, action, comment, blog.title, blogTexts(site.blog));
    return send(request, reply, pages.render(site, '/comments/moderate', notice));
  });

  app.post('/comments/moderate', async (request, reply) => {
    const site = siteOf(request, services.blogs);
    const { token } = parseForm(tokenForm, request.body);
    const { blog, action } = await services.commentModeration.actByLink(token, originOf(request));
    return send(request, reply, pages.render(site, '/comments/moderate', mailModeratedNotice(action, blog.name, blogTexts(site.blog))));
  });

  app.get('/comments/unsubscribe', async (request, reply) => {
    const site = siteOf(request, services.blogs);
    const { token } = parseForm(tokenForm, request.query);
    return send(request, reply, pages.render(site, '/comments/unsubscribe', replyMailStopNotice(token, blogTexts(site.blog))));
  });

  app.post('/comments/unsubscribe', async (request, reply) => {
    const site = siteOf(request, services.blogs);
    const { token } = parseForm(tokenForm, request.body);
    await services.commentModeration.unsubscribe(token);
    return send(request, reply, pages.render(site, '/comments/unsubscribe', replyMailStoppedNotice(blogTexts(site.blog))));
  });
}
