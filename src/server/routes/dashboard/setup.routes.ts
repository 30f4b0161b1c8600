/**
 * The first-run set-up page. While the database has no users, every page that has no blog to show
 * leads here; once the owner and the first blog exist, the page is gone for good (404).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as z from 'zod';
import { NotFoundError } from '../../../domain/errors.js';
import { sessionToken, setSessionCookie } from '../../auth/session-cookie.js';
import { dashboardText, dashboardTexts, formValues, orShowForm, sendPage, type AdminDeps } from '../../dashboard-helpers/admin-page.js';
import { browserLanguage } from '../../dashboard-helpers/browser-language.js';
import { parseForm, textField } from '../../dashboard-helpers/forms.js';
import { choiceOptions, languageChoices, timeZoneChoices } from '../../../render/dashboard/locale-choices.js';

const setupForm = z.object({
  email: textField('The e-mail address', 254, false),
  password: textField('The password', 1024, false),
  displayName: textField('Your name', 100),
  blogName: textField('The blog name', 63, false),
  blogTitle: textField('The blog title', 200, false),
  language: textField('The language', 35),
  timeZone: textField('The time zone', 64),
});

/** The label of each field, for a refusal in another language than English. */
const FIELDS = {
  email: 'admin.signin.email',
  password: 'admin.signin.password',
  displayName: 'admin.signin.yourName',
  blogName: 'admin.blogs.name',
  blogTitle: 'admin.settings.title',
  language: 'admin.settings.language',
  timeZone: 'admin.settings.timeZone',
};

export function registerSetupRoutes(app: FastifyInstance, deps: AdminDeps<'sessions' | 'setup'> & { baseDomain: string }): void {
  const { services } = deps;

  // The blog's language starts as the browser's: the person setting up most likely writes in it.
  const model = (request: FastifyRequest, sent: Record<string, string>) => {
    const form = { language: browserLanguage(request.headers['accept-language']), timeZone: 'UTC', ...sent };
    return {
      title: dashboardText(request, 'admin.setup.title'),
      blogAddress: `NAME.${deps.baseDomain}`,
      form,
      languageOptions: choiceOptions(languageChoices(form.language, dashboardTexts(request).language), form.language),
      timeZoneOptions: choiceOptions(timeZoneChoices(form.timeZone), form.timeZone),
    };
  };

  app.get('/admin/setup', async (request, reply) => {
    if (!(await services.setup.isOpen())) throw new NotFoundError('Dastan is already set up. Please sign in.');
    return sendPage(deps, request, reply, 'setup', model(request, {}));
  });

  app.post('/admin/setup', async (request, reply) => {
    if (!(await services.setup.isOpen())) throw new NotFoundError('Dastan is already set up. Please sign in.');
    return orShowForm(
      deps,
      request,
      reply,
      { template: 'setup', model: model(request, formValues(request.body)), fields: FIELDS },
      async () => {
        const input = parseForm(setupForm, request.body);
        const { user, blog } = await services.setup.setUp({
          ...input,
          language: input.language || undefined,
          timeZone: input.timeZone || undefined,
        });
        const started = await services.sessions.start(user, sessionToken(request));
        setSessionCookie(request, reply, started.token);
        return reply.redirect(`/admin/blogs/${blog.name}?welcome=1`, 303);
      },
    );
  });
}
