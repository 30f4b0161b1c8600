/** Before the first blog exists: a page with no blog behind it leads to the dashboard's set-up page. */
import type { FastifyInstance } from 'fastify';
import type { SetupService } from '../domain/accounts/setup.service.js';

/** A GET of a page with no blog behind it, on a server not yet set up, is sent to `/admin/setup`. */
export function registerSetupRedirect(app: FastifyInstance, setup: Pick<SetupService, 'isOpen'>): void {
  app.addHook('onRequest', async (request, reply) => {
    if (request.blog || request.method !== 'GET' || request.url.startsWith('/admin') || request.url.startsWith('/static/')) return;
    if (await setup.isOpen()) return reply.redirect('/admin/setup', 303);
  });
}
