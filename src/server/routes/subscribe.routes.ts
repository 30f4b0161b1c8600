/**
 * Follow by e-mail on a blog's own host: `/subscribe` (the form), `/subscribe/confirm` (the link in the
 * confirm mail: a page with one button, since mail scanners open links), and `/unsubscribe` (the link in
 * every mail; a POST to it — the one-click unsubscribe of RFC 8058, sent by mail providers without a
 * session — ends the subscription). The signed token in the link is the authority.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as z from 'zod';
import type { SubscriptionService } from '../../domain/subscriptions/subscription.service.js';
import type { BlogService } from '../../domain/blogs/blog.service.js';
import type { CommentPages, Notice } from '../../render/comment-pages.js';
import { siteOf } from '../site.js';
import { parseForm, textField } from '../dashboard-helpers/forms.js';
import { AppError } from '../../domain/errors.js';
import { passRetryAfter } from '../errors.js';
import { blogTexts } from '../../render/i18n/blog-texts.js';
import { readerErrorText } from '../../render/reader-errors.js';
import {
  alreadyConfirmedNotice,
  checkInboxNotice,
  confirmNotice,
  subscribedNotice,
  subscribeFormNotice,
  unsubscribedNotice,
  unsubscribeNotice,
  type SubscribeValues,
} from '../../render/subscribe-notices.js';

const subscribeForm = z.object({
  email: textField('Your e-mail address', 254, false),
  frequency: z.enum(['each', 'weekly'], { error: 'Please choose every post or a weekly digest.' }).default('each'),
  _ts: textField('The form', 2000, false),
  homepage: textField('This field', 500).default(''),
  altcha: textField('The browser check', 10_000).default(''),
  js: textField('js', 10).default(''),
});
const text = (value: unknown) => (typeof value === 'string' ? value : '');
const tokenQuery = z.object({ t: textField('The link', 2000, false) });

export function registerSubscribeRoutes(
  app: FastifyInstance,
  deps: { subscriptions: SubscriptionService; blogs: BlogService; pages: CommentPages },
): void {
  const { subscriptions, pages } = deps;
  const show = async (request: FastifyRequest, reply: FastifyReply, path: string, notice: Notice, status = 200) =>
    reply
      .code(status)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      // The pages of the mailed links keep their token to themselves; the form's own page keeps the
      // app's same-origin policy, so the browser names it in its posts' Origin.
      .header('referrer-policy', path === '/subscribe' ? 'same-origin' : 'no-referrer')
      .send(await pages.render(siteOf(request, deps.blogs), path, notice));
  const formPage = (request: FastifyRequest, values: SubscribeValues, error?: string): Notice => {
    const blog = siteOf(request, deps.blogs).blog;
    return subscribeFormNotice(blog, blogTexts(blog), subscriptions.formStamp(blog), values, error);
  };
  const textsOf = (request: FastifyRequest) => blogTexts(siteOf(request, deps.blogs).blog);

  app.get('/subscribe', async (request, reply) => show(request, reply, '/subscribe', formPage(request, { email: '', frequency: 'each' })));

  app.post('/subscribe', async (request, reply) => {
    const blog = siteOf(request, deps.blogs).blog;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const json = (request.headers.accept ?? '').includes('application/json');
    reply.header('cache-control', 'no-store');
    let result;
    try {
      const form = parseForm(subscribeForm, request.body);
      const requester = { address: request.ip, proof: form.altcha, canSolve: form.js === '1' };
      result = await subscriptions.requestFromForm(
        blog,
        { email: form.email, frequency: form.frequency, stamp: form._ts, honeypot: form.homepage },
        requester,
      );
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      passRetryAfter(reply, error);
      const message = readerErrorText(blogTexts(blog), error);
      if (json) return reply.code(error.status).send({ error: error.id, message });
      const values = { email: text(body.email), frequency: text(body.frequency) || 'each' };
      return show(request, reply, '/subscribe', formPage(request, values, message), error.status);
    }
    if (result === 'challenge')
      return reply
        .code(202)
        .send({ status: 'challenge', message: blogTexts(blog).text('commentScript.checking'), challenge: await subscriptions.challenge() });
    const inbox = checkInboxNotice(blogTexts(blog));
    if (json) return reply.code(201).send({ status: 'requested', message: `${inbox.title}. ${inbox.lines[0]}` });
    return show(request, reply, '/subscribe', inbox);
  });

  app.get('/subscribe/confirm', async (request, reply) => {
    const { t } = parseForm(tokenQuery, request.query);
    const subscriber = await subscriptions.confirmTarget(siteOf(request, deps.blogs).blog, t);
    if (subscriber.status === 'active')
      return show(request, reply, '/subscribe/confirm', alreadyConfirmedNotice(textsOf(request), subscriber.email));
    return show(request, reply, '/subscribe/confirm', confirmNotice(textsOf(request), subscriber.email, t));
  });

  app.post('/subscribe/confirm', async (request, reply) => {
    const { t } = parseForm(tokenQuery, request.body);
    const blog = siteOf(request, deps.blogs).blog;
    const target = await subscriptions.confirmTarget(blog, t);
    if (target.status === 'active')
      return show(request, reply, '/subscribe/confirm', alreadyConfirmedNotice(blogTexts(blog), target.email));
    const subscriber = await subscriptions.confirm(blog, t);
    return show(request, reply, '/subscribe/confirm', subscribedNotice(blogTexts(blog), subscriber.email));
  });

  app.get('/unsubscribe', async (request, reply) => {
    const { t } = parseForm(tokenQuery, request.query);
    const subscriber = await subscriptions.unsubscribeTarget(siteOf(request, deps.blogs).blog, t);
    return show(request, reply, '/unsubscribe', unsubscribeNotice(textsOf(request), subscriber.email, t));
  });

  // RFC 8058: the token is in the URL; the body is "List-Unsubscribe=One-Click" (or the page's form).
  app.post('/unsubscribe', async (request, reply) => {
    const { t } = parseForm(tokenQuery, request.query);
    const subscriber = await subscriptions.unsubscribe(siteOf(request, deps.blogs).blog, t);
    return show(request, reply, '/unsubscribe', unsubscribedNotice(textsOf(request), subscriber.email));
  });
}
