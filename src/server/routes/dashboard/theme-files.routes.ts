/**
 * The editor for a blog's copy of its theme's files: edit a template or the stylesheet, preview the
 * blog's home page or a post with the edit, save it (refused with the file, line and reason when it
 * does not compile or render — the live theme stays as it was), or reset it to the bundled file.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as z from 'zod';
import { AppError } from '../../../domain/errors.js';
import { checkCustomCss } from '../../../domain/themes/custom-css.js';
import { TemplateError } from '../../../domain/themes/template-error.js';
import type { ThemePreviews } from '../../../render/themes/theme-previews.js';
import { authOf, dashboardText, sendPage, signedIn } from '../../dashboard-helpers/admin-page.js';
import type { BlogAccess } from '../../dashboard-helpers/blog-access.js';
import { blogNav } from '../../dashboard-helpers/blog-nav.js';
import { parseForm, textField } from '../../dashboard-helpers/forms.js';
import { themeAccess, themeSite, type ThemeRouteDeps } from '../../dashboard-helpers/theme-access.js';
import { allowDataStylesheets } from '../../frame-sources.js';

type Params = { blog: string; file: string };

const fileForm = z.object({
  content: textField('The file', 250_000),
  page: z.enum(['home', 'post'], { error: 'Please preview the home page or a post.' }).optional(),
});

/** What the textarea sent, with the browser's CRLF line ends made plain. */
const normalized = (content: string) => content.replace(/\r\n?/g, '\n');

export function registerThemeFileRoutes(app: FastifyInstance, deps: ThemeRouteDeps & { previews: ThemePreviews }): void {
  const { services, themes, previews } = deps;
  const url = (access: BlogAccess, file = '') => `/admin/blogs/${access.blog.name}/theme${file ? `/files/${file}` : ''}`;
  const siteOf = (request: FastifyRequest, access: BlogAccess) => themeSite(request, deps, access);

  const editor = async (
    request: FastifyRequest,
    reply: FastifyReply,
    access: BlogAccess,
    file: string,
    content: string | null,
    failure: AppError | null = null,
  ) => {
    const own = (await services.themes.ownFiles(access.blog)).find((f) => f.file === file);
    const text = content ?? (await themes.filesOf(access.blog)).get(file) ?? '';
    const line = failure instanceof TemplateError && failure.file === file && failure.line ? failure.line : null;
    return sendPage(
      deps,
      request,
      reply,
      'theme-file',
      {
        title: dashboardText(request, 'admin.themeFile.title', { file }),
        blog: blogNav(request, deps, access),
        file,
        isTemplate: file.endsWith('.liquid'),
        codeScript: deps.views.scriptPath('code'),
        edited: own !== undefined,
        content: text,
        error: failure?.message ?? null,
        errorLine: line ? { number: line, column: (failure as TemplateError).column ?? '', text: text.split('\n')[line - 1] ?? '' } : null,
        notice: (request.query as { done?: string }).done === 'saved' ? dashboardText(request, 'admin.themeFile.saved') : null,
      },
      failure?.status ?? 200,
    );
  };

  app.get<{ Params: Params }>('/admin/blogs/:blog/theme/files/:file', { preHandler: signedIn }, async (request, reply) => {
    const access = await themeAccess(request, deps);
    return editor(request, reply, access, services.themes.fileOf(access.blog, request.params.file), null);
  });

  app.post<{ Params: Params }>('/admin/blogs/:blog/theme/files/:file', { preHandler: signedIn }, async (request, reply) => {
    const access = await themeAccess(request, deps);
    const file = services.themes.fileOf(access.blog, request.params.file);
    const content = normalized(parseForm(fileForm, request.body).content);
    try {
      if (file.endsWith('.css')) checkCustomCss(content);
      else await previews.check(siteOf(request, access), new Map([[file, content]]));
      await services.themes.saveFile(access.blog, file, content, authOf(request).user.id);
    } catch (error) {
      if (error instanceof AppError) return editor(request, reply, access, file, content, error);
      throw error;
    }
    return reply.redirect(`${url(access, file)}?done=saved`, 303);
  });

  app.post<{ Params: Params }>('/admin/blogs/:blog/theme/files/:file/preview', { preHandler: signedIn }, async (request, reply) => {
    const access = await themeAccess(request, deps);
    const file = services.themes.fileOf(access.blog, request.params.file);
    const form = parseForm(fileForm, request.body);
    const content = normalized(form.content);
    let html: string;
    try {
      if (file.endsWith('.css')) checkCustomCss(content);
      html = await previews.render(siteOf(request, access), new Map([[file, content]]), form.page ?? 'home');
    } catch (error) {
      if (error instanceof AppError) return editor(request, reply, access, file, content, error);
      throw error;
    }
    allowDataStylesheets(reply);
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').header('x-robots-tag', 'noindex').send(html);
  });

  app.post<{ Params: Params }>('/admin/blogs/:blog/theme/files/:file/reset', { preHandler: signedIn }, async (request, reply) => {
    const access = await themeAccess(request, deps);
    await services.themes.resetFile(access.blog, services.themes.fileOf(access.blog, request.params.file));
    return reply.redirect(`${url(access)}?done=reset`, 303);
  });
}
