/** A blog's settings: admins change them; only the owner changes the custom domain. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as z from 'zod';
import { canDeleteBlog, canEditSettings, canSetDomain } from '../../../domain/policies/blog.policy.js';
import type { BlogRow } from '../../../storage/schema.js';
import {
  dashboardText,
  dashboardTexts,
  formValues,
  orShowForm,
  sendPage,
  signedIn,
  type AdminDeps,
  type BlogPage,
} from '../../dashboard-helpers/admin-page.js';
import { authorize, blogAccess, type BlogAccess } from '../../dashboard-helpers/blog-access.js';
import { blogNav } from '../../dashboard-helpers/blog-nav.js';
import { parseForm, textField } from '../../dashboard-helpers/forms.js';
import { choiceOptions, languageChoices, timeZoneChoices } from '../../../render/dashboard/locale-choices.js';

type Params = { blog: string };
const whole = (label: string) =>
  z
    .string({ error: `${label}: please enter a number.` })
    .regex(/^\d{1,4}$/, `${label} must be a whole number.`)
    .transform(Number);

const settingsForm = z.object({
  title: textField('The title', 200, false),
  description: textField('The description', 2000),
  language: textField('The language', 35, false),
  timeZone: textField('The time zone', 64, false),
  postsPerPage: whole('Posts per page'),
  popularWindow: z.enum(['7d', '30d', 'all'], { error: 'Please choose a popular-posts window from the list.' }),
  popularCount: whole('The number of popular posts'),
  snippetLength: whole('The snippet length'),
  excerptLength: whole('The excerpt length').optional(),
  searchDescription: textField('The search description', 300),
  labelsStyle: z.enum(['list', 'cloud'], { error: 'Please choose list or cloud for the labels.' }).optional(),
  customDomain: textField('The custom domain', 253).optional(),
  visibility: z.enum(['public', 'private'], { error: 'Please choose who may read the blog.' }).optional(),
});

function valuesOf(blog: BlogRow): Record<string, string> {
  return {
    title: blog.title,
    description: blog.description,
    language: blog.language,
    timeZone: blog.time_zone,
    postsPerPage: String(blog.posts_per_page),
    popularWindow: blog.popular_window,
    popularCount: String(blog.popular_count),
    snippetLength: String(blog.snippet_length),
    excerptLength: String(blog.excerpt_length),
    searchDescription: blog.search_description,
    labelsStyle: blog.labels_style,
    customDomain: blog.custom_domain ?? '',
    visibility: blog.visibility,
  };
}

/** The label of each field, for a refusal in another language than English. */
const FIELDS = {
  title: 'admin.settings.title',
  description: 'admin.settings.description',
  language: 'admin.settings.language',
  timeZone: 'admin.settings.timeZone',
  postsPerPage: 'admin.settings.postsPerPage',
  popularWindow: 'admin.settings.popularWindow',
  popularCount: 'admin.settings.popularCount',
  snippetLength: 'admin.settings.snippetLength',
  excerptLength: 'admin.settings.excerptLength',
  searchDescription: 'admin.settings.searchDescription',
  labelsStyle: 'admin.settings.labelsStyle',
  customDomain: 'admin.settings.customDomain',
  visibility: 'admin.settings.readers',
};
const WINDOWS = ['7d', '30d', 'all'] as const;

export function registerSettingsRoutes(app: FastifyInstance, deps: AdminDeps<BlogPage>): void {
  const { services } = deps;
  const model = (request: FastifyRequest, access: BlogAccess, form: Record<string, string>) => ({
    title: dashboardText(request, 'admin.nav.settings'),
    blog: blogNav(request, deps, access),
    form,
    languageOptions: choiceOptions(languageChoices(form.language, dashboardTexts(request).language), form.language),
    timeZoneOptions: choiceOptions(timeZoneChoices(form.timeZone), form.timeZone),
    canSetDomain: canSetDomain(access.actor),
    canOwn: canDeleteBlog(access.actor),
    readersUrl: `/admin/blogs/${access.blog.name}/members`,
    windows: WINDOWS.map((value) => ({ value, name: dashboardText(request, `admin.settings.window.${value}`) })),
  });

  app.get<{ Params: Params; Querystring: { done?: string } }>(
    '/admin/blogs/:blog/settings',
    { preHandler: signedIn },
    async (request, reply) => {
      const access = await blogAccess(request, services, request.params.blog);
      authorize(canEditSettings(access.actor));
      return sendPage(deps, request, reply, 'settings', {
        ...model(request, access, valuesOf(access.blog)),
        notice: request.query.done === 'saved' ? dashboardText(request, 'admin.settings.saved') : null,
      });
    },
  );

  app.post<{ Params: Params }>('/admin/blogs/:blog/settings', { preHandler: signedIn }, async (request, reply) => {
    const access = await blogAccess(request, services, request.params.blog);
    authorize(canEditSettings(access.actor));
    return orShowForm(
      deps,
      request,
      reply,
      { template: 'settings', model: model(request, access, formValues(request.body)), fields: FIELDS },
      async () => {
        const input = parseForm(settingsForm, request.body);
        const domain = (input.customDomain ?? '').trim().toLowerCase() || null;
        if (domain !== access.blog.custom_domain) authorize(canSetDomain(access.actor), 'Only the owner may change the custom domain.');
        await services.blogs.updateSettings(access.blog.id, {
          title: input.title,
          description: input.description,
          language: input.language.trim(),
          timeZone: input.timeZone.trim(),
          postsPerPage: input.postsPerPage,
          popularWindow: input.popularWindow,
          popularCount: input.popularCount,
          snippetLength: input.snippetLength,
          excerptLength: input.excerptLength,
          searchDescription: input.searchDescription,
          labelsStyle: input.labelsStyle,
          customDomain: domain,
          visibility: input.visibility,
        });
        return reply.redirect(`/admin/blogs/${access.blog.name}/settings?done=saved`, 303);
      },
    );
  });
}
