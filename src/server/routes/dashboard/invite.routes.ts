/**
 * Accepting an invitation: a signed-in user joins with one button; someone new picks a name and a
 * password (the e-mail is the invited one); someone with an account is asked to sign in first.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as z from 'zod';
import { NotFoundError } from '../../../domain/errors.js';
import type { BlogRow } from '../../../storage/schema.js';
import { setSessionCookie } from '../../auth/session-cookie.js';
import { dashboardText, orShowForm, sendPage, type AdminDeps } from '../../dashboard-helpers/admin-page.js';
import { textsFor } from '../../../render/i18n/translate.js';
import { parseForm, textField } from '../../dashboard-helpers/forms.js';

type Params = { token: string };
const newAccountForm = z.object({ displayName: textField('Your name', 100), password: textField('The password', 1024, false) });

export function registerInviteRoutes(app: FastifyInstance, deps: AdminDeps<'blogs' | 'members' | 'sessions' | 'users'>): void {
  const { services } = deps;

  /** Where a new reader lands: the blog's home when this host is the blog's, else the list of their blogs. */
  const readerLanding = (request: FastifyRequest, blog: BlogRow) => (request.blog?.id === blog.id ? '/' : '/admin');

  const load = async (token: string) => {
    const invite = await services.members.findInvite(token);
    const blog = invite?.blog_id ? await services.blogs.findById(invite.blog_id) : undefined;
    if (!invite || !blog) return undefined;
    const hasAccount = await services.users.hasAccount(invite.email);
    return { invite, blog, hasAccount };
  };

  /** The invitation page's words, the same for showing it and for showing it again with an error. */
  // Someone not signed in reads the invitation in the blog's language; a user in their own.
  const inviteModel = (request: FastifyRequest<{ Params: Params }>, found: NonNullable<Awaited<ReturnType<typeof load>>>) => ({
    language: found.blog.language,
    title: textsFor(request.auth?.user.language || found.blog.language).text('admin.invite.title', { blog: found.blog.title }),
    blogTitle: found.blog.title,
    role: found.invite.role,
    email: found.invite.email,
    hasAccount: found.hasAccount,
    signInUrl: `/admin/sign-in?next=${encodeURIComponent(request.url)}`,
    token: request.params.token,
  });

  app.get<{ Params: Params }>('/admin/invite/:token', async (request, reply) => {
    const found = await load(request.params.token);
    if (!found) {
      return sendPage(deps, request, reply, 'invite', { title: dashboardText(request, 'admin.invite.goneTitle'), gone: true }, 410);
    }
    return sendPage(deps, request, reply, 'invite', inviteModel(request, found));
  });

  app.post<{ Params: Params }>('/admin/invite/:token', async (request, reply) => {
    const found = await load(request.params.token);
    if (!found) throw new NotFoundError('This invitation has expired or was already used.');
    const model = inviteModel(request, found);
    return orShowForm(deps, request, reply, { template: 'invite', model }, async () => {
      // A reader goes on to read the blog (on this host, where the session is); a writer to its posts.
      const onward = found.invite.role === 'reader' ? readerLanding(request, found.blog) : `/admin/blogs/${found.blog.name}/posts`;
      if (request.auth) {
        await services.members.accept(request.params.token, { user: request.auth.user });
        return reply.redirect(onward, 303);
      }
      const input = parseForm(newAccountForm, request.body);
      const { user } = await services.members.accept(request.params.token, input);
      const started = await services.sessions.start(user);
      setSessionCookie(request, reply, started.token);
      return reply.redirect(onward, 303);
    });
  });
}
