/**
 * Accounts in the dashboard: sign in, sign out (here or everywhere), change the password, reset a
 * forgotten one by mailed link, sign up when the platform allows it, and the secret feed addresses of
 * the private blogs the user reads.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as z from 'zod';
import { linkBase } from '../../dashboard-helpers/link-base.js';
import { clearSessionCookie, sessionToken, setSessionCookie } from '../../auth/session-cookie.js';
import { authOf, dashboardText, formValues, orShowForm, sendPage, signedIn, type AdminDeps } from '../../dashboard-helpers/admin-page.js';
import { parseForm, safeNext, textField } from '../../dashboard-helpers/forms.js';
import { LANGUAGE_NAMES, LANGUAGES } from '../../../render/i18n/translate.js';
import { presentReading } from '../../../render/dashboard/reading.presenter.js';
import { NotFoundError } from '../../../domain/errors.js';
import { blogUrl } from './home.routes.js';

const signInForm = z.object({
  email: textField('The e-mail address', 254, false),
  password: textField('The password', 1024, false),
  next: textField('next', 2000),
});
const signUpForm = z.object({
  email: textField('The e-mail address', 254, false),
  password: textField('The password', 1024, false),
  displayName: textField('Your name', 100),
  next: textField('next', 2000),
});
const passwordForm = z.object({
  current: textField('The current password', 1024, false),
  password: textField('The new password', 1024, false),
});
const emailForm = z.object({ email: textField('The e-mail address', 254, false) });
const languageForm = z.object({ language: textField('The language', 20, false) });
const resetForm = z.object({ password: textField('The new password', 1024, false) });

/** The label of each field, for a refusal in another language than English. */
const FIELDS = {
  email: 'admin.signin.email',
  password: 'admin.signin.password',
  displayName: 'admin.signin.yourName',
  current: 'admin.account.currentPassword',
  language: 'admin.account.languageLabel',
};

export function registerAccountRoutes(
  app: FastifyInstance,
  deps: AdminDeps<'accounts' | 'blogs' | 'sessions' | 'members' | 'users'>,
): void {
  const { services } = deps;
  const signedInTo = (request: FastifyRequest, reply: FastifyReply, token: string, next = '/admin') => {
    setSessionCookie(request, reply, token);
    return reply.redirect(next, 303);
  };

  app.get<{ Querystring: { next?: string } }>('/admin/sign-in', async (request, reply) => {
    const next = safeNext(typeof request.query.next === 'string' ? request.query.next : undefined);
    // Already signed in (a second tab, the back button): straight on to where the link was going.
    if (request.auth) return reply.redirect(next, 303);
    const title = dashboardText(request, 'admin.signin.title');
    return sendPage(deps, request, reply, 'sign-in', { title, next, signup: services.accounts.signupAllowed, form: {} });
  });

  app.post('/admin/sign-in', async (request, reply) => {
    const values = formValues(request.body);
    const form = {
      template: 'sign-in',
      model: {
        title: dashboardText(request, 'admin.signin.title'),
        next: safeNext(values.next),
        signup: services.accounts.signupAllowed,
        form: values,
      },
      fields: FIELDS,
    };
    return orShowForm(deps, request, reply, form, async () => {
      const input = parseForm(signInForm, request.body);
      const started = await services.accounts.signIn({ ...input, address: request.ip, replacingToken: sessionToken(request) });
      return signedInTo(request, reply, started.token, safeNext(input.next));
    });
  });

  app.post('/admin/sign-out', async (request, reply) => {
    await services.sessions.end(sessionToken(request));
    clearSessionCookie(request, reply);
    return reply.redirect('/admin/sign-in', 303);
  });

  app.post('/admin/sign-out-everywhere', { preHandler: signedIn }, async (request, reply) => {
    await services.sessions.endAll(authOf(request).user.id);
    clearSessionCookie(request, reply);
    return reply.redirect('/admin/sign-in', 303);
  });

  const accountModel = async (request: FastifyRequest) => ({
    title: dashboardText(request, 'admin.account.title'),
    languages: LANGUAGES.map((code) => ({ code, name: LANGUAGE_NAMES[code], current: code === (authOf(request).user.language || 'en') })),
    reading: presentReading(await services.members.readers.privateBlogsOf(authOf(request).user.id), (blog) => blogUrl(request, deps, blog)),
  });
  app.get<{ Querystring: { done?: string } }>('/admin/account', { preHandler: signedIn }, async (request, reply) =>
    sendPage(deps, request, reply, 'account', {
      ...(await accountModel(request)),
      notice: ['password', 'language'].includes(request.query.done ?? '')
        ? dashboardText(request, `admin.account.done.${request.query.done}`)
        : null,
      feedRenewed: request.query.done === 'feed',
    }),
  );

  // A new secret feed address for one private blog the user reads; the old one stops working.
  app.post<{ Params: { blog: string } }>('/admin/account/feeds/:blog/renew', { preHandler: signedIn }, async (request, reply) => {
    const userId = authOf(request).user.id;
    const reading = await services.members.readers.privateBlogsOf(userId);
    const found = reading.find((r) => r.blog.name === request.params.blog);
    if (!found) throw new NotFoundError('You read no private blog by that name.');
    await services.members.readers.renewFeedKey(found.blog.id, userId);
    return reply.redirect('/admin/account?done=feed', 303);
  });

  app.post('/admin/account/language', { preHandler: signedIn }, async (request, reply) =>
    orShowForm(deps, request, reply, { template: 'account', model: await accountModel(request), fields: FIELDS }, async () => {
      const { language } = parseForm(languageForm, request.body);
      await services.accounts.setLanguage(authOf(request).user, language, LANGUAGES);
      return reply.redirect('/admin/account?done=language', 303);
    }),
  );

  app.post('/admin/account/password', { preHandler: signedIn }, async (request, reply) =>
    orShowForm(deps, request, reply, { template: 'account', model: await accountModel(request), fields: FIELDS }, async () => {
      const input = parseForm(passwordForm, request.body);
      const started = await services.accounts.changePassword(authOf(request).user, input.current, input.password);
      return signedInTo(request, reply, started.token, '/admin/account?done=password');
    }),
  );

  app.get('/admin/forgot', async (request, reply) =>
    sendPage(deps, request, reply, 'forgot', { title: dashboardText(request, 'admin.signin.forgot'), form: {} }),
  );

  app.post('/admin/forgot', async (request, reply) =>
    orShowForm(
      deps,
      request,
      reply,
      {
        template: 'forgot',
        model: { title: dashboardText(request, 'admin.signin.forgot'), form: formValues(request.body) },
        fields: FIELDS,
      },
      async () => {
        const input = parseForm(emailForm, request.body);
        await services.accounts.requestReset(input.email, linkBase(request, services.blogs), request.ip);
        return sendPage(deps, request, reply, 'forgot', { title: dashboardText(request, 'admin.signin.checkMail'), sent: true });
      },
    ),
  );

  app.get<{ Params: { token: string } }>('/admin/reset/:token', async (request, reply) => {
    const usable = await services.accounts.isResetUsable(request.params.token);
    return sendPage(
      deps,
      request,
      reply,
      'reset',
      { title: dashboardText(request, 'admin.signin.newPassword'), usable, token: request.params.token },
      usable ? 200 : 410,
    );
  });

  app.post<{ Params: { token: string } }>('/admin/reset/:token', async (request, reply) => {
    const model = { title: dashboardText(request, 'admin.signin.newPassword'), usable: true, token: request.params.token };
    return orShowForm(deps, request, reply, { template: 'reset', model, fields: FIELDS }, async () => {
      const input = parseForm(resetForm, request.body);
      const started = await services.accounts.resetPassword(request.params.token, input.password);
      return signedInTo(request, reply, started.token);
    });
  });

  app.get<{ Querystring: { next?: string } }>('/admin/sign-up', async (request, reply) => {
    if (!services.accounts.signupAllowed) {
      return sendPage(
        deps,
        request,
        reply,
        'sign-in',
        {
          title: dashboardText(request, 'admin.signin.title'),
          next: '/admin',
          error: dashboardText(request, 'admin.signin.closed'),
          form: {},
        },
        403,
      );
    }
    const next = safeNext(typeof request.query.next === 'string' ? request.query.next : undefined);
    return sendPage(deps, request, reply, 'sign-up', { title: dashboardText(request, 'admin.signin.signUp'), next, form: {} });
  });

  app.post('/admin/sign-up', async (request, reply) =>
    orShowForm(
      deps,
      request,
      reply,
      {
        template: 'sign-up',
        model: {
          title: dashboardText(request, 'admin.signin.signUp'),
          next: safeNext(formValues(request.body).next),
          form: formValues(request.body),
        },
        fields: FIELDS,
      },
      async () => {
        const { next, ...input } = parseForm(signUpForm, request.body);
        const started = await services.accounts.signUp({ ...input, replacingToken: sessionToken(request) });
        return signedInTo(request, reply, started.token, safeNext(next));
      },
    ),
  );
}
