/**
 * A blog's webhooks in the dashboard (owners only): add an endpoint with its events (the signing
 * secret is shown once), turn it off and on, remove it, and read its deliveries with every try and the
 * answer's code; a delivery can be sent again.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as z from 'zod';
import { canManageWebhooks } from '../../../domain/policies/blog.policy.js';
import { eventChoices, presentDelivery, presentWebhook } from '../../../render/dashboard/webhooks.presenter.js';
import { textsFor } from '../../../render/i18n/translate.js';
import { orShowForm, sendPage, signedIn, type AdminDeps, type BlogPage } from '../../dashboard-helpers/admin-page.js';
import { authorize, blogAccess } from '../../dashboard-helpers/blog-access.js';
import { blogNav } from '../../dashboard-helpers/blog-nav.js';
import { manyField, parseForm, textField } from '../../dashboard-helpers/forms.js';

type Params = { blog: string; id: string; delivery: string };
const createForm = z.object({ url: textField('The endpoint address', 2000, false), events: manyField('Events', 50) });

export function registerWebhookRoutes(app: FastifyInstance, deps: AdminDeps<BlogPage | 'webhooks'>): void {
  const { services } = deps;

  const access = async (request: FastifyRequest<{ Params: Partial<Params> }>) => {
    const found = await blogAccess(request, services, request.params.blog ?? '');
    authorize(canManageWebhooks(found.actor));
    return found;
  };
  const listModel = async (request: FastifyRequest<{ Params: Partial<Params> }>, found: Awaited<ReturnType<typeof access>>) => {
    const texts = textsFor(request.auth?.user.language || 'en');
    return {
      title: texts.text('admin.webhooks.title'),
      blog: blogNav(request, deps, found),
      hooks: (await services.webhooks.list(found.blog.id)).map(presentWebhook),
      events: eventChoices(),
    };
  };

  app.get<{ Params: Params }>('/admin/blogs/:blog/webhooks', { preHandler: signedIn }, async (request, reply) => {
    const found = await access(request);
    return sendPage(deps, request, reply, 'webhooks', await listModel(request, found));
  });

  app.post<{ Params: Params }>('/admin/blogs/:blog/webhooks', { preHandler: signedIn }, async (request, reply) => {
    const found = await access(request);
    const model = await listModel(request, found);
    return orShowForm(
      deps,
      request,
      reply,
      {
        template: 'webhooks',
        model: { ...model, form: { url: (request.body as { url?: unknown })?.url } },
        fields: { url: 'admin.webhooks.url', events: 'admin.webhooks.events' },
      },
      async () => {
        const input = parseForm(createForm, request.body);
        const made = await services.webhooks.create(found.blog.id, found.actor.userId, input.url, input.events);
        return sendPage(deps, request, reply, 'webhooks', {
          ...(await listModel(request, found)),
          made: { url: made.url, secret: made.secret },
        });
      },
    );
  });

  app.get<{ Params: Params }>('/admin/blogs/:blog/webhooks/:id', { preHandler: signedIn }, async (request, reply) => {
    const found = await access(request);
    const hook = await services.webhooks.find(found.blog.id, request.params.id);
    const deliveries = await services.webhooks.deliveries(found.blog.id, hook.id);
    const texts = textsFor(request.auth?.user.language || 'en');
    return sendPage(deps, request, reply, 'webhook', {
      title: texts.text('admin.webhooks.deliveriesTitle'),
      blog: blogNav(request, deps, found),
      hook: presentWebhook(hook),
      deliveries: deliveries.map((d) => presentDelivery(d, request.auth?.user.language || found.blog.language, found.blog.time_zone)),
      notice: (request.query as { done?: string }).done === 'again' ? texts.text('admin.webhooks.queuedAgain') : null,
    });
  });

  app.post<{ Params: Params }>(
    '/admin/blogs/:blog/webhooks/:id/deliveries/:delivery/again',
    { preHandler: signedIn },
    async (request, reply) => {
      const found = await access(request);
      const hook = await services.webhooks.find(found.blog.id, request.params.id);
      await services.webhooks.redeliver(found.blog.id, hook.id, request.params.delivery);
      return reply.redirect(`/admin/blogs/${found.blog.name}/webhooks/${hook.id}?done=again`, 303);
    },
  );

  for (const [action, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    app.post<{ Params: Params }>(`/admin/blogs/:blog/webhooks/:id/${action}`, { preHandler: signedIn }, async (request, reply) => {
      const found = await access(request);
      await services.webhooks.setEnabled(found.blog.id, request.params.id, enabled);
      return reply.redirect(`/admin/blogs/${found.blog.name}/webhooks`, 303);
    });
  }

  app.post<{ Params: Params }>('/admin/blogs/:blog/webhooks/:id/delete', { preHandler: signedIn }, async (request, reply) => {
    const found = await access(request);
    await services.webhooks.remove(found.blog.id, request.params.id);
    return reply.redirect(`/admin/blogs/${found.blog.name}/webhooks`, 303);
  });
}
