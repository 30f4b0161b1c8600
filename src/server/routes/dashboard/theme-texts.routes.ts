/**
 * A blog's Theme → Texts page: every message its theme prints, in English and in the blog's language,
 * each with a field for the blog's own wording. Owners and admins only (canEditTheme).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as z from 'zod';
import { OVERRIDE_MAX, parseTextOverrides } from '../../../domain/themes/text-overrides.js';
import { catalogue, parseOverrides, textsFor } from '../../../render/i18n/translate.js';
import { dashboardText, orShowForm, sendPage, signedIn } from '../../dashboard-helpers/admin-page.js';
import type { BlogAccess } from '../../dashboard-helpers/blog-access.js';
import { blogNav } from '../../dashboard-helpers/blog-nav.js';
import { parseForm } from '../../dashboard-helpers/forms.js';
import { themeAccess, type ThemeRouteDeps } from '../../dashboard-helpers/theme-access.js';

const textsForm = z
  .record(
    z.string().max(100),
    z.union([z.string().max(OVERRIDE_MAX * 2, `A message is at most ${OVERRIDE_MAX} characters.`), z.array(z.string())]),
  )
  .transform((fields) => {
    const sent: Record<string, string> = {};
    for (const [key, value] of Object.entries(fields)) if (key !== '_csrf') sent[key] = Array.isArray(value) ? (value[0] ?? '') : value;
    return sent;
  });

export function registerThemeTextRoutes(app: FastifyInstance, deps: ThemeRouteDeps): void {
  const { services } = deps;
  const model = (request: FastifyRequest, access: BlogAccess, values: Record<string, string>) => {
    const texts = textsFor(access.blog.language);
    const own = catalogue(texts.language);
    return {
      title: dashboardText(request, 'admin.themeTexts.title'),
      blog: blogNav(request, deps, access),
      language: texts.language,
      messages: Object.entries(catalogue('en')).map(([key, english]) => ({
        key,
        english,
        own: own[key] ?? english,
        value: values[key] ?? '',
      })),
    };
  };

  app.get<{ Params: { blog: string }; Querystring: { done?: string } }>(
    '/admin/blogs/:blog/theme/texts',
    { preHandler: signedIn },
    async (request, reply: FastifyReply) => {
      const access = await themeAccess(request, deps);
      return sendPage(deps, request, reply, 'theme-texts', {
        ...model(request, access, parseOverrides(access.blog.text_overrides)),
        notice: request.query.done === 'saved' ? dashboardText(request, 'admin.themeTexts.saved') : null,
      });
    },
  );

  app.post<{ Params: { blog: string } }>('/admin/blogs/:blog/theme/texts', { preHandler: signedIn }, async (request, reply) => {
    const access = await themeAccess(request, deps);
    const sent = parseForm(textsForm, request.body ?? {});
    return orShowForm(deps, request, reply, { template: 'theme-texts', model: model(request, access, sent) }, async () => {
      const texts = textsFor(access.blog.language);
      const current = Object.fromEntries(Object.keys(catalogue('en')).map((key) => [key, texts.source(key)]));
      await services.themes.saveTextOverrides(access.blog, parseTextOverrides(sent, current, texts.locale));
      return reply.redirect(`/admin/blogs/${access.blog.name}/theme/texts?done=saved`, 303);
    });
  });
}
