/**
 * Trying a look before choosing it: the blog's own home page (or newest post) in any bundled theme, with
 * the colour, font and width settings given in the address (or the blog's saved ones). The Theme page
 * shows one in a frame beside each theme, and a live one under the settings form that follows the form
 * as it changes (dashboard/static/theme-preview.js). Owners and admins only; nothing is stored, and the
 * answer is never cached or indexed.
 */
import type { FastifyInstance } from 'fastify';
import * as z from 'zod';
import { InvalidInputError } from '../../../domain/errors.js';
import { parseThemeSettings } from '../../../domain/themes/theme-settings.js';
import type { ThemePreviews } from '../../../render/themes/theme-previews.js';
import { signedIn } from '../../dashboard-helpers/admin-page.js';
import { parseForm } from '../../dashboard-helpers/forms.js';
import { themeAccess, themeSite, type ThemeRouteDeps } from '../../dashboard-helpers/theme-access.js';
import { allowDataStylesheets } from '../../frame-sources.js';

const SETTINGS = ['background', 'text', 'accent', 'headingFont', 'bodyFont', 'contentWidth'] as const;
const field = z.string().max(40, 'A setting is at most 40 characters.').optional();
const previewQuery = z.object({
  theme: field,
  page: z.enum(['home', 'post'], { error: 'Please preview the home page or a post.' }).optional(),
  ...Object.fromEntries(SETTINGS.map((name) => [name, field])),
});

/** The preview's address for `theme` (the blog's saved settings). */
export const previewPath = (blog: string, theme: string) => `/admin/blogs/${blog}/theme/preview?theme=${encodeURIComponent(theme)}`;

export function registerThemePreviewRoutes(app: FastifyInstance, deps: ThemeRouteDeps & { previews: ThemePreviews }): void {
  app.get<{ Params: { blog: string }; Querystring: Record<string, string> }>(
    '/admin/blogs/:blog/theme/preview',
    { preHandler: signedIn },
    async (request, reply) => {
      const access = await themeAccess(request, deps);
      const query = parseForm(previewQuery, request.query) as Record<string, string | undefined>;
      const theme = query.theme || access.blog.theme;
      if (!deps.themes.bundled.list().some((t) => t.name === theme))
        throw new InvalidInputError('Please choose one of the themes in the list.', 'theme');
      // Settings in the address are the form's unsaved values (checked as saving would); none: the saved ones.
      const given = SETTINGS.some((name) => query[name] !== undefined);
      const settingsJson = given ? JSON.stringify(parseThemeSettings(query)) : access.blog.theme_settings;
      const site = themeSite(request, deps, access);
      const html = await deps.previews.look(site, { theme, settingsJson }, (query.page as 'home' | 'post' | undefined) ?? 'home');
      allowDataStylesheets(reply);
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').header('x-robots-tag', 'noindex').send(html);
    },
  );
}
