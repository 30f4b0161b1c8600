/**
 * A blog's Theme page: choose a bundled theme, set its colours and fonts, and list the theme's files
 * (each with the editor and "reset to default"). Owners and admins only (the blog policy's
 * canEditTheme); the editor itself is in theme-files.routes.ts.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as z from 'zod';
import { FONT_STACKS, readThemeSettings, themeSettingsForm } from '../../../domain/themes/theme-settings.js';
import { themeColoursView } from '../../../render/dashboard/theme-colours.presenter.js';
import { ThemePreviews } from '../../../render/themes/theme-previews.js';
import { dashboardText, dashboardTexts, formValues, orShowForm, sendPage, signedIn } from '../../dashboard-helpers/admin-page.js';
import type { BlogAccess } from '../../dashboard-helpers/blog-access.js';
import { themeAccess, type ThemeRouteDeps } from '../../dashboard-helpers/theme-access.js';
import { blogNav } from '../../dashboard-helpers/blog-nav.js';
import { parseForm, textField } from '../../dashboard-helpers/forms.js';
import { registerThemeFileRoutes } from './theme-files.routes.js';
import { registerThemeImageRoutes, themePictures } from './theme-images.routes.js';
import { registerThemeTextRoutes } from './theme-texts.routes.js';
import { previewPath, registerThemePreviewRoutes } from './theme-preview.routes.js';
import { allowOwnFrames } from '../../frame-sources.js';

const chooseForm = z.object({ theme: textField('The theme', 40, false) });
const settingsForm = z.object({
  background: textField('The background colour', 20),
  text: textField('The text colour', 20),
  accent: textField('The accent colour', 20),
  headingFont: textField('The heading font', 40),
  bodyFont: textField('The body font', 40),
  contentWidth: textField('The content width', 10),
});

export function registerThemeRoutes(app: FastifyInstance, deps: ThemeRouteDeps & { uploadMaxBytes: number }): void {
  const { services, themes } = deps;
  const base = (access: BlogAccess) => `/admin/blogs/${access.blog.name}/theme`;

  const model = async (request: FastifyRequest, access: BlogAccess, settings: Record<string, string>) => {
    const own = new Set((await services.themes.ownFiles(access.blog)).map((f) => f.file));
    const texts = dashboardTexts(request);
    return {
      title: dashboardText(request, 'admin.nav.theme'),
      blog: blogNav(request, deps, access),
      current: access.blog.theme,
      themes: themes.bundled.list().map((t) => ({
        ...t,
        // A bundled theme's name is a word of the dashboard's language; a theme the catalogues do not know keeps its own.
        title: texts.has(`admin.theme.name.${t.name}`) ? texts.text(`admin.theme.name.${t.name}`) : t.title,
        description: texts.text(`admin.theme.about.${t.name}`),
        current: t.name === access.blog.theme,
        preview: previewPath(access.blog.name, t.name),
      })),
      livePreview: previewPath(access.blog.name, access.blog.theme),
      previewScript: deps.views.themePreviewPath,
      settings,
      ...themeColoursView(settings),
      themeScript: deps.views.scriptPath('theme'),
      fonts: Object.keys(FONT_STACKS).map((value) => ({ value, name: dashboardText(request, `admin.fonts.${value}`) })),
      files: themes.bundled.files(access.blog.theme).map((file) => ({ name: file, edited: own.has(file) })),
      pictures: themePictures(request, access.blog),
    };
  };
  const show = async (request: FastifyRequest, reply: FastifyReply, access: BlogAccess, notice: string | null) => {
    allowOwnFrames(reply);
    return sendPage(deps, request, reply, 'theme', {
      ...(await model(request, access, themeSettingsForm(readThemeSettings(access.blog.theme_settings)))),
      notice,
    });
  };

  const notices: Record<string, string> = {
    chosen: 'The theme is changed.',
    settings: 'Colours and fonts are saved.',
    reset: 'The file is back to the theme’s own.',
    saved: 'The file is saved and live.',
  };
  const textNotices: Record<string, string> = { image: 'admin.themeImages.saved', imageRemoved: 'admin.themeImages.removed' };
  app.get<{ Params: { blog: string }; Querystring: { done?: string } }>(
    '/admin/blogs/:blog/theme',
    { preHandler: signedIn },
    async (request, reply) => {
      const access = await themeAccess(request, deps);
      const done = request.query.done ?? '';
      const notice = Object.hasOwn(textNotices, done)
        ? dashboardText(request, textNotices[done]!)
        : Object.hasOwn(notices, done)
          ? notices[done]!
          : null;
      return show(request, reply, access, notice);
    },
  );

  app.post<{ Params: { blog: string } }>('/admin/blogs/:blog/theme', { preHandler: signedIn }, async (request, reply) => {
    const access = await themeAccess(request, deps);
    const current = themeSettingsForm(readThemeSettings(access.blog.theme_settings));
    return orShowForm(deps, request, reply, { template: 'theme', model: await model(request, access, current) }, async () => {
      const { theme } = parseForm(chooseForm, request.body);
      await services.themes.chooseTheme(access.blog, theme);
      return reply.redirect(`${base(access)}?done=chosen`, 303);
    });
  });

  app.post<{ Params: { blog: string } }>('/admin/blogs/:blog/theme/settings', { preHandler: signedIn }, async (request, reply) => {
    const access = await themeAccess(request, deps);
    const sent = { ...themeSettingsForm({}), ...formValues(request.body) };
    return orShowForm(deps, request, reply, { template: 'theme', model: await model(request, access, sent) }, async () => {
      await services.themes.saveSettings(access.blog, parseForm(settingsForm, request.body));
      return reply.redirect(`${base(access)}?done=settings`, 303);
    });
  });

  const previews = new ThemePreviews(themes, services.reader);
  registerThemeFileRoutes(app, { ...deps, previews });
  registerThemePreviewRoutes(app, { ...deps, previews });
  registerThemeTextRoutes(app, deps);
  registerThemeImageRoutes(app, {
    ...deps,
    pageModel: async (request, access) => model(request, access, themeSettingsForm(readThemeSettings(access.blog.theme_settings))),
  });
}
