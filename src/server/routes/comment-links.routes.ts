/**
 * The links in comment mail. Opening one shows a page with one button (mail scanners open links, so a
 * GET changes nothing); pressing it acts. The signed token in the link is the authority: moderation
 * links expire after 7 days and work once; unsubscribe links stop reply mail for one comment.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as z from 'zod';
import type { Services } from '../../services.js';
import type { CommentPages } from '../../render/comment-pages.js';
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
    const verb = action === 'approve' ? 'Approve' : 'Mark as spam';
    return send(
      request,
      reply,
      pages.render(site, '/comments/moderate', {
        title: `${verb}: a comment by ${comment.author_name}`,
        lines: [`On the blog “${blog.title}”. Status now: ${comment.status}.`],
        form: { action: '/comments/moderate', button: verb, fields: [{ name: 'token', value: token }], previewText: undefined },
      }),
    );
  });

  app.post('/comments/moderate', async (request, reply) => {
    const site = siteOf(request, services.blogs);
    const { token } = parseForm(tokenForm, request.body);
    const { blog, action } = await services.commentModeration.actByLink(token, originOf(request));
    return send(
      request,
      reply,
      pages.render(site, '/comments/moderate', {
        title: action === 'approve' ? 'Comment approved' : 'Comment marked as spam',
        lines: [action === 'approve' ? 'The comment now shows on the post.' : 'The comment will not be shown.'],
        link: { url: `/admin/blogs/${blog.name}/comments`, text: 'Open the moderation queue' },
      }),
    );
  });

  app.get('/comments/unsubscribe', async (request, reply) => {
    const site = siteOf(request, services.blogs);
    const { token } = parseForm(tokenForm, request.query);
    return send(
      request,
      reply,
      pages.render(site, '/comments/unsubscribe', {
        title: 'Stop mail about replies',
        lines: ['You will no longer be mailed about replies to this comment.'],
        form: { action: '/comments/unsubscribe', button: 'Unsubscribe', fields: [{ name: 'token', value: token }] },
      }),
    );
  });

  app.post('/comments/unsubscribe', async (request, reply) => {
    const site = siteOf(request, services.blogs);
    const { token } = parseForm(tokenForm, request.body);
    await services.commentModeration.unsubscribe(token);
    return send(
      request,
      reply,
      pages.render(site, '/comments/unsubscribe', { title: 'Unsubscribed', lines: ['No more mail about replies to this comment.'] }),
    );
  });
}
