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
import { InvalidInputError } from '../../domain/errors.js';

const subscribeForm = z.object({
  email: textField('Your e-mail address', 254, false),
  frequency: z.enum(['each', 'weekly'], { error: 'Please choose every post or a weekly digest.' }).default('each'),
  _ts: textField('The form', 2000, false),
  homepage: textField('This field', 500).default(''),
});
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
      .header('referrer-policy', 'no-referrer')
      .send(await pages.render(siteOf(request, deps.blogs), path, notice));
  const formPage = (request: FastifyRequest, values: { email: string; frequency: string }, error?: string): Notice => {
    const blog = siteOf(request, deps.blogs).blog;
    return {
      title: `Follow ${blog.title} by e-mail`,
      lines: ['New posts come to your inbox. We send a link to confirm first; every mail has a link to leave.'],
      error,
      form: {
        action: '/subscribe',
        button: 'Subscribe',
        fields: [{ name: '_ts', value: subscriptions.formStamp(blog) }],
        inputs: [{ name: 'email', label: 'Your e-mail address', type: 'email', value: values.email, autocomplete: 'email' }],
        choice: {
          name: 'frequency',
          legend: 'How often',
          options: [
            { value: 'each', label: 'Every new post', checked: values.frequency !== 'weekly' },
            { value: 'weekly', label: 'A weekly digest', checked: values.frequency === 'weekly' },
          ],
        },
        honeypot: true,
      },
    };
  };

  app.get('/subscribe', async (request, reply) => show(request, reply, '/subscribe', formPage(request, { email: '', frequency: 'each' })));

  app.post('/subscribe', async (request, reply) => {
    const blog = siteOf(request, deps.blogs).blog;
    const body = (request.body ?? {}) as Record<string, unknown>;
    try {
      const form = parseForm(subscribeForm, request.body);
      await subscriptions.requestFromForm(blog, { email: form.email, frequency: form.frequency, stamp: form._ts, honeypot: form.homepage });
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      const values = {
        email: typeof body.email === 'string' ? body.email : '',
        frequency: typeof body.frequency === 'string' ? body.frequency : 'each',
      };
      return show(request, reply, '/subscribe', formPage(request, values, error.message), 400);
    }
    return show(request, reply, '/subscribe', {
      title: 'Please check your inbox',
      lines: ['If the address can take mail, a link to confirm your subscription is on its way. Nothing is sent until you open it.'],
    });
  });

  app.get('/subscribe/confirm', async (request, reply) => {
    const { t } = parseForm(tokenQuery, request.query);
    const subscriber = await subscriptions.confirmTarget(siteOf(request, deps.blogs).blog, t);
    return show(request, reply, '/subscribe/confirm', {
      title: 'Confirm your subscription',
      lines: [`Follow this blog by e-mail as ${subscriber.email}.`],
      form: { action: '/subscribe/confirm', button: 'Confirm', fields: [{ name: 't', value: t }] },
    });
  });

  app.post('/subscribe/confirm', async (request, reply) => {
    const { t } = parseForm(tokenQuery, request.body);
    const subscriber = await subscriptions.confirm(siteOf(request, deps.blogs).blog, t);
    return show(request, reply, '/subscribe/confirm', {
      title: 'You are subscribed',
      lines: [`New posts will come to ${subscriber.email}.`],
      link: { url: '/', text: 'Back to the blog' },
    });
  });

  app.get('/unsubscribe', async (request, reply) => {
    const { t } = parseForm(tokenQuery, request.query);
    const subscriber = await subscriptions.unsubscribeTarget(siteOf(request, deps.blogs).blog, t);
    return show(request, reply, '/unsubscribe', {
      title: 'Unsubscribe',
      lines: [`Stop mail from this blog to ${subscriber.email}.`],
      form: { action: `/unsubscribe?t=${encodeURIComponent(t)}`, button: 'Unsubscribe', fields: [] },
    });
  });

  // RFC 8058: the token is in the URL; the body is "List-Unsubscribe=One-Click" (or the page's form).
  app.post('/unsubscribe', async (request, reply) => {
    const { t } = parseForm(tokenQuery, request.query);
    const subscriber = await subscriptions.unsubscribe(siteOf(request, deps.blogs).blog, t);
    return show(request, reply, '/unsubscribe', {
      title: 'You are unsubscribed',
      lines: [`No more mail from this blog goes to ${subscriber.email}.`],
      link: { url: '/subscribe', text: 'Subscribe again' },
    });
  });
}
