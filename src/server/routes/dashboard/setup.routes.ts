/**
 * The first-run set-up page. While the database has no users, every page that has no blog to show
 * leads here; once the owner and the first blog exist, the page is gone for good (404).
 */
import type { FastifyInstance } from 'fastify';
import * as z from 'zod';
import { NotFoundError } from '../../../domain/errors.js';
import { sessionToken, setSessionCookie } from '../../auth/session-cookie.js';
import { formValues, orShowForm, sendPage, type AdminDeps } from '../../dashboard-helpers/admin-page.js';
import { parseForm, textField } from '../../dashboard-helpers/forms.js';
import { languageChoices, timeZoneChoices } from '../../../render/dashboard/locale-choices.js';

const setupForm = z.object({
  email: textField('The e-mail address', 254, false),
  password: textField('The password', 1024, false),
  displayName: textField('Your name', 100),
  blogName: textField('The blog name', 63, false),
  blogTitle: textField('The blog title', 200, false),
  language: textField('The language', 35),
  timeZone: textField('The time zone', 64),
});

export function registerSetupRoutes(app: FastifyInstance, deps: AdminDeps<'sessions' | 'setup'> & { baseDomain: string }): void {
  const { services } = deps;

  // A page with no blog behind it, on a server not yet set up: go to the set-up page.
  app.addHook('onRequest', async (request, reply) => {
    if (request.blog || request.method !== 'GET' || request.url.startsWith('/admin') || request.url.startsWith('/static/')) return;
    if (await services.setup.isOpen()) return reply.redirect('/admin/setup', 303);
  });

  const model = (form: Record<string, string>) => ({
    title: 'Set up Dastan',
    baseDomain: deps.baseDomain,
    form: { language: 'en', timeZone: 'UTC', ...form },
    languages: languageChoices(form.language),
    timeZones: timeZoneChoices(form.timeZone),
  });

  app.get('/admin/setup', async (request, reply) => {
    if (!(await services.setup.isOpen())) throw new NotFoundError('Dastan is already set up. Please sign in.');
    return sendPage(deps, request, reply, 'setup', model({}));
  });

  app.post('/admin/setup', async (request, reply) => {
    if (!(await services.setup.isOpen())) throw new NotFoundError('Dastan is already set up. Please sign in.');
    return orShowForm(deps, request, reply, { template: 'setup', model: model(formValues(request.body)) }, async () => {
      const input = parseForm(setupForm, request.body);
      const { user, blog } = await services.setup.setUp({
        ...input,
        language: input.language || undefined,
        timeZone: input.timeZone || undefined,
      });
      const started = await services.sessions.start(user, sessionToken(request));
      setSessionCookie(request, reply, started.token);
      return reply.redirect(`/admin/blogs/${blog.name}?welcome=1`, 303);
    });
  });
}
