/**
 * A blog's members and invitations. Owners and admins invite (the link is mailed when SMTP is set up
 * and shown once to copy); the member policy decides who may give or take which role.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as z from 'zod';
import { AppError, NotFoundError } from '../../../domain/errors.js';
import { linkBase } from '../../dashboard-helpers/link-base.js';
import { canChangeMember, canInvite, canSeeMembers } from '../../../domain/policies/member.policy.js';
import { ROLES } from '../../../domain/users/user.service.js';
import { formatDateTime } from '../../../render/dates.js';
import { isId } from '../../../storage/ids.js';
import type { Role } from '../../../storage/schema.js';
import {
  authOf,
  dashboardText,
  dashboardTexts,
  formRefusal,
  formValues,
  sendPage,
  signedIn,
  type AdminDeps,
  type BlogPage,
} from '../../dashboard-helpers/admin-page.js';
import { authorize, blogAccess, type BlogAccess } from '../../dashboard-helpers/blog-access.js';
import { blogNav } from '../../dashboard-helpers/blog-nav.js';
import { parseForm, textField } from '../../dashboard-helpers/forms.js';

type Params = { blog: string; user: string; invite: string };
const roleField = z.enum(['owner', 'admin', 'author', 'contributor', 'reader'], { error: 'Please choose a role from the list.' });
const inviteForm = z.object({ email: textField('The e-mail address', 254, false), role: roleField });
const changeForm = z.object({
  role: z.enum(['owner', 'admin', 'author', 'contributor', 'reader', 'remove'], { error: 'Please choose a role from the list.' }),
});

export function registerMemberRoutes(app: FastifyInstance, deps: AdminDeps<BlogPage | 'mailer'>): void {
  const { services } = deps;

  const page = async (
    request: FastifyRequest,
    reply: FastifyReply,
    access: BlogAccess,
    extra: Record<string, unknown> = {},
    status = 200,
  ) => {
    const { blog, actor } = access;
    const members = await services.members.membersOf(blog.id);
    const invites = await services.members.listInvites(blog.id);
    return sendPage(
      deps,
      request,
      reply,
      'members',
      {
        title: dashboardText(request, 'admin.nav.members'),
        blog: blogNav(request, deps, access),
        members: members.map((m) => ({
          id: m.user_id,
          name: m.display_name,
          email: m.email,
          role: m.role,
          isMe: m.user_id === actor.userId,
          roles: ROLES.filter((r) => r !== m.role && canChangeMember(actor, m.role, r)),
          canRemove: canChangeMember(actor, m.role, null),
        })),
        invites: invites.map((i) => ({
          id: i.id,
          email: i.email,
          role: i.role,
          roleName: i.role ? dashboardText(request, `admin.role.${i.role}`) : '',
          expires: formatDateTime(i.expires_at, dashboardTexts(request).locale, blog.time_zone),
          canWithdraw: i.role !== null && canInvite(actor, i.role),
        })),
        inviteRoles: ROLES.filter((r) => canInvite(actor, r)),
        mails: services.mailer.delivers,
        form: {},
        ...extra,
      },
      status,
    );
  };

  app.get<{ Params: Params; Querystring: { done?: string } }>(
    '/admin/blogs/:blog/members',
    { preHandler: signedIn },
    async (request, reply) => {
      const access = await blogAccess(request, services, request.params.blog);
      authorize(canSeeMembers(access.actor));
      const done = request.query.done;
      const notice = done && ['role', 'removed', 'withdrawn'].includes(done) ? dashboardText(request, `admin.members.done.${done}`) : null;
      return page(request, reply, access, { notice });
    },
  );

  app.post<{ Params: Params }>('/admin/blogs/:blog/members/invite', { preHandler: signedIn }, async (request, reply) => {
    const access = await blogAccess(request, services, request.params.blog);
    authorize(canSeeMembers(access.actor));
    try {
      const input = parseForm(inviteForm, request.body);
      authorize(canInvite(access.actor, input.role), `Your role cannot invite an ${input.role}.`);
      const invitation = await services.members.invite(
        access.blog,
        input.email,
        input.role,
        authOf(request).user,
        linkBase(request, services.blogs),
      );
      return page(request, reply, access, {
        notice: invitation.mailed
          ? dashboardText(request, 'admin.members.mailed', { email: input.email.trim() })
          : dashboardText(request, 'admin.members.sendLink', { email: input.email.trim() }),
        link: invitation.link,
      });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const reason = formRefusal(request, error, { email: 'admin.members.emailAddress', role: 'admin.members.role' });
      return page(request, reply, access, { error: reason, form: formValues(request.body) }, error.status);
    }
  });

  app.post<{ Params: Params }>('/admin/blogs/:blog/members/:user', { preHandler: signedIn }, async (request, reply) => {
    const access = await blogAccess(request, services, request.params.blog);
    authorize(canSeeMembers(access.actor));
    const input = parseForm(changeForm, request.body);
    const membership = isId(request.params.user) ? await services.members.membership(access.blog.id, request.params.user) : undefined;
    if (!membership) throw new NotFoundError('That person is not a member of this blog.');
    const to: Role | null = input.role === 'remove' ? null : input.role;
    authorize(canChangeMember(access.actor, membership.role, to), 'Your role cannot make that change.');
    await services.members.changeRole(access.blog.id, membership.user_id, to);
    return reply.redirect(`/admin/blogs/${access.blog.name}/members?done=${to ? 'role' : 'removed'}`, 303);
  });

  app.post<{ Params: Params }>('/admin/blogs/:blog/invites/:invite/withdraw', { preHandler: signedIn }, async (request, reply) => {
    const access = await blogAccess(request, services, request.params.blog);
    authorize(canSeeMembers(access.actor));
    const invite = (await services.members.listInvites(access.blog.id)).find((i) => i.id === request.params.invite);
    if (!invite?.role) throw new NotFoundError('That invitation does not exist.');
    authorize(canInvite(access.actor, invite.role));
    await services.members.withdrawInvite(access.blog.id, invite.id);
    return reply.redirect(`/admin/blogs/${access.blog.name}/members?done=withdrawn`, 303);
  });
}
