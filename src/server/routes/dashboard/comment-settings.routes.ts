/** A blog's comment settings (/admin/blogs/NAME/settings/comments): admins and the owner change them. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as z from 'zod';
import { canEditSettings } from '../../../domain/policies/blog.policy.js';
import { parseWordList, type CommentSettings } from '../../../domain/comments/comment-settings.js';
import {
  dashboardText,
  formValues,
  orShowForm,
  sendPage,
  signedIn,
  type AdminDeps,
  type BlogPage,
} from '../../dashboard-helpers/admin-page.js';
import { authorize, blogAccess, type BlogAccess } from '../../dashboard-helpers/blog-access.js';
import { blogNav } from '../../dashboard-helpers/blog-nav.js';
import { checkbox, parseForm, textField } from '../../dashboard-helpers/forms.js';

type Params = { blog: string };
const whole = (label: string) =>
  z
    .string({ error: `${label}: please enter a number.` })
    .regex(/^\d{1,5}$/, `${label} must be a whole number.`)
    .transform(Number);
const maybeWhole = (label: string) =>
  z
    .string({ error: `${label}: please enter a number.` })
    .regex(/^\d{0,5}$/, `${label} must be a whole number, or empty.`)
    .optional()
    .transform((v) => (v ? Number(v) : null));

const form = z.object({
  access: z.enum(['anyone', 'users', 'members'], { error: 'Please choose who may comment.' }),
  moderation: z.enum(['always', 'older', 'never'], { error: 'Please choose a moderation mode.' }),
  moderationDays: whole('The days before moderation'),
  closeDays: maybeWhole('The days before comments close'),
  depth: whole('The reply depth'),
  holdWords: textField('The hold words', 50_000),
  rejectWords: textField('The reject words', 50_000),
  maxLinks: maybeWhole('The most links'),
  proofOfWork: checkbox,
  notifyModerators: checkbox,
  notifyAuthors: checkbox,
});

function valuesOf(s: CommentSettings): Record<string, unknown> {
  return {
    ...s,
    closeDays: s.closeDays ?? '',
    maxLinks: s.maxLinks ?? '',
    holdWords: s.holdWords.join('\n'),
    rejectWords: s.rejectWords.join('\n'),
  };
}

/** The label of each field, for a refusal in another language than English. */
const FIELDS = {
  access: 'admin.settings.comments.who',
  moderation: 'admin.settings.comments.moderation',
  moderationDays: 'admin.settings.comments.moderationDays',
  closeDays: 'admin.settings.comments.closeDays',
  depth: 'admin.settings.comments.depth',
  holdWords: 'admin.settings.comments.holdWords',
  rejectWords: 'admin.settings.comments.rejectWords',
  maxLinks: 'admin.settings.comments.maxLinks',
};
const ACCESSES = ['anyone', 'users', 'members'] as const;
const MODERATIONS = ['never', 'older', 'always'] as const;

export function registerCommentSettingsRoutes(app: FastifyInstance, deps: AdminDeps<BlogPage | 'commentSettings'>): void {
  const { services } = deps;
  const model = (request: FastifyRequest, access: BlogAccess, values: Record<string, unknown>) => ({
    title: dashboardText(request, 'admin.settings.comments.title'),
    blog: blogNav(request, deps, access),
    form: values,
    accesses: ACCESSES.map((value) => ({ value, name: dashboardText(request, `admin.settings.comments.access.${value}`) })),
    moderations: MODERATIONS.map((value) => ({ value, name: dashboardText(request, `admin.settings.comments.moderate.${value}`) })),
  });
  const url = '/admin/blogs/:blog/settings/comments';

  app.get<{ Params: Params; Querystring: { done?: string } }>(url, { preHandler: signedIn }, async (request, reply) => {
    const access = await blogAccess(request, services, request.params.blog);
    authorize(canEditSettings(access.actor));
    const settings = await services.commentSettings.forBlog(access.blog.id);
    return sendPage(deps, request, reply, 'comment-settings', {
      ...model(request, access, valuesOf(settings)),
      notice: request.query.done === 'saved' ? dashboardText(request, 'admin.settings.saved') : null,
    });
  });

  app.post<{ Params: Params }>(url, { preHandler: signedIn }, async (request, reply) => {
    const access = await blogAccess(request, services, request.params.blog);
    authorize(canEditSettings(access.actor));
    const shown = { ...formValues(request.body), proofOfWork: false, notifyModerators: false, notifyAuthors: false };
    return orShowForm(
      deps,
      request,
      reply,
      { template: 'comment-settings', model: model(request, access, shown), fields: FIELDS },
      async () => {
        const input = parseForm(form, request.body);
        await services.commentSettings.save(access.blog.id, {
          ...input,
          holdWords: parseWordList(input.holdWords),
          rejectWords: parseWordList(input.rejectWords),
        });
        return reply.redirect(`/admin/blogs/${access.blog.name}/settings/comments?done=saved`, 303);
      },
    );
  });
}
