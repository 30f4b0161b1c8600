/**
 * Apps in the dashboard (`/admin/account/apps`): a developer registers an app for OAuth sign-in (name,
 * redirect addresses, public or confidential; a confidential app's secret is shown once) and deletes it;
 * every member sees the apps they signed in to, with what each may do, and disconnects one.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as z from 'zod';
import { presentApps } from '../../../render/dashboard/oauth.presenter.js';
import { textsFor } from '../../../render/i18n/translate.js';
import { authOf, orShowForm, sendPage, signedIn, type AdminDeps } from '../../dashboard-helpers/admin-page.js';
import { checkbox, parseForm, textField } from '../../dashboard-helpers/forms.js';
import { issuerOf } from '../oauth/oauth.routes.js';

const registerForm = z.object({
  name: textField('The app’s name', 100, false),
  homepage: textField('The app’s home page', 2000),
  redirect_uris: textField('Redirect addresses', 10_000, false),
  confidential: checkbox,
});
const disconnectForm = z.object({ client_id: textField('The app', 2000, false) });

export function registerOAuthAppRoutes(app: FastifyInstance, deps: AdminDeps<'api'>): void {
  const { oauth, blogs } = deps.services.api;
  const model = async (request: FastifyRequest, extra: Record<string, unknown> = {}) => {
    const user = authOf(request).user;
    const titles = new Map((await blogs.membershipsOf(user.id)).map((m) => [m.blog.id, m.blog.title]));
    const language = user.language || 'en';
    return {
      title: textsFor(language).text('admin.apps.title'),
      issuer: issuerOf(request),
      ...presentApps(await oauth.clientsOf(user.id), await oauth.connectedApps(user.id), titles, language),
      ...extra,
    };
  };

  app.get('/admin/account/apps', { preHandler: signedIn }, async (request, reply) =>
    sendPage(deps, request, reply, 'oauth-apps', await model(request)),
  );

  app.post('/admin/account/apps', { preHandler: signedIn }, async (request, reply) =>
    orShowForm(deps, request, reply, { template: 'oauth-apps', model: await model(request) }, async () => {
      const form = parseForm(registerForm, request.body);
      const made = await oauth.registerClient(authOf(request).user.id, {
        name: form.name ?? '',
        homepage: form.homepage || undefined,
        redirectUris: (form.redirect_uris ?? '').split(/\s+/).filter(Boolean),
        confidential: form.confidential,
      });
      return sendPage(
        deps,
        request,
        reply,
        'oauth-apps',
        await model(request, { made: { id: made.row.id, name: made.row.name, secret: made.secret } }),
      );
    }),
  );

  app.post<{ Params: { id: string } }>('/admin/account/apps/:id/delete', { preHandler: signedIn }, async (request, reply) => {
    await oauth.deleteClient(authOf(request).user.id, request.params.id);
    return reply.redirect('/admin/account/apps', 303);
  });

  app.post('/admin/account/apps/disconnect', { preHandler: signedIn }, async (request, reply) => {
    const form = parseForm(disconnectForm, request.body);
    await oauth.disconnect(authOf(request).user.id, form.client_id ?? '');
    return reply.redirect('/admin/account/apps', 303);
  });
}
