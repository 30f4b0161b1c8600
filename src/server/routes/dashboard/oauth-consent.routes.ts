/**
 * The consent screen of the OAuth / IndieAuth server (`/admin/oauth/authorize`): a signed-in member sees
 * which app asks, for what, and chooses the blogs it may reach; allowing sends the browser back to the
 * app with a code, denying with `access_denied`. The form carries the dashboard's CSRF token and passes
 * its Origin check like any other, so another site cannot click "Allow" for the user.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as z from 'zod';
import { presentConsent, sameAddress } from '../../../render/dashboard/oauth.presenter.js';
import { textsFor } from '../../../render/i18n/translate.js';
import { authOf, orShowForm, sendPage, signedIn, type AdminDeps } from '../../dashboard-helpers/admin-page.js';
import { manyField, parseForm } from '../../dashboard-helpers/forms.js';
import { issuerOf } from '../oauth/oauth.routes.js';
import { allowFormTarget } from '../../frame-sources.js';

const decision = z.object({ decision: z.enum(['allow', 'deny']), blogs: manyField('Blogs', 500) }).passthrough();

export function registerOAuthConsentRoutes(app: FastifyInstance, deps: AdminDeps<'api' | 'blogs'>): void {
  const { services } = deps;
  const memberships = async (request: FastifyRequest, userId: string) => {
    const protocol = request.protocol === 'https' ? 'https' : 'http';
    const port = /:(\d+)$/.exec(request.headers.host ?? '')?.[1] ?? '';
    return (await services.api.blogs.membershipsOf(userId)).map((m) => ({
      ...m,
      home: services.blogs.homeUrl(m.blog, { protocol, port }),
    }));
  };
  const title = (request: FastifyRequest) => textsFor(request.auth?.user.language || 'en').text('admin.oauth.title');

  app.get('/admin/oauth/authorize', { preHandler: signedIn }, async (request, reply) => {
    const asked = await services.api.oauth.ask(request.query as Record<string, unknown>, issuerOf(request));
    if ('redirect' in asked) return reply.redirect(asked.redirect, 303);
    const mine = await memberships(request, authOf(request).user.id);
    allowFormTarget(reply, asked.redirectUri);
    return sendPage(deps, request, reply, 'oauth-consent', { title: title(request), ...presentConsent(asked, mine) });
  });

  app.post('/admin/oauth/authorize', { preHandler: signedIn }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const user = authOf(request).user;
    const mine = await memberships(request, user.id);
    const asked = await services.api.oauth.ask(body, issuerOf(request));
    if ('redirect' in asked) return reply.redirect(asked.redirect, 303);
    allowFormTarget(reply, asked.redirectUri);
    return orShowForm(
      deps,
      request,
      reply,
      { template: 'oauth-consent', model: { title: title(request), ...presentConsent(asked, mine) } },
      async () => {
        const form = parseForm(decision, body);
        // Only blogs the user is a member of; the API checks their role again on every request.
        const chosen = mine.filter((m) => form.blogs.includes(m.blog.id));
        const me = chosen.find((m) => asked.me !== '' && sameAddress(m.home, asked.me)) ?? chosen[0];
        const location = await services.api.oauth.decide(
          body,
          { id: user.id, blogs: chosen.map((m) => m.blog.id), me: me ? new URL(me.home).href : null },
          form.decision === 'allow',
          issuerOf(request),
        );
        return reply.redirect(location, 303);
      },
    );
  });
}
