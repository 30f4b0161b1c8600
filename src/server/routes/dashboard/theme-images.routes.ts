/**
 * The Theme page's pictures: the blog's logo, header image and icon (favicon). Each is uploaded through
 * the image service (the same checks and copies as a post's pictures: JPEG, PNG, WebP, GIF or AVIF by
 * their bytes, no SVG, a pixel limit), shown on the page as a preview, and can be removed. Owners and
 * admins only (canEditTheme). The upload form is multipart, so its `_csrf` field is checked here.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { THEME_IMAGES, themeImageOf, type ThemeImage } from '../../../domain/themes/theme.service.js';
import type { BlogRow } from '../../../storage/schema.js';
import { dashboardText, orShowForm, signedIn, type PageModel } from '../../dashboard-helpers/admin-page.js';
import type { BlogAccess } from '../../dashboard-helpers/blog-access.js';
import { readImageUpload } from '../../dashboard-helpers/image-upload.js';
import { themeAccess, type ThemeRouteDeps } from '../../dashboard-helpers/theme-access.js';

type Params = { blog: string; image: string };

export interface ThemeImageRouteDeps extends ThemeRouteDeps {
  uploadMaxBytes: number;
  /** The Theme page's model, to show it again with the reason an upload was refused. */
  pageModel(request: FastifyRequest, access: BlogAccess): Promise<PageModel>;
}

/** The Theme page's picture sections: each picture's current upload (its path) and the words about it. */
export function themePictures(request: FastifyRequest, blog: BlogRow) {
  return (Object.keys(THEME_IMAGES) as ThemeImage[]).map((name) => ({
    name,
    title: dashboardText(request, `admin.themeImages.${name}.title`),
    hint: dashboardText(request, `admin.themeImages.${name}.hint`),
    src: blog[THEME_IMAGES[name]] || null,
  }));
}

export function registerThemeImageRoutes(app: FastifyInstance, deps: ThemeImageRouteDeps): void {
  const { services } = deps;
  const done = (access: BlogAccess, what: string) => `/admin/blogs/${access.blog.name}/theme?done=${what}#pictures`;

  app.post<{ Params: Params }>(
    '/admin/blogs/:blog/theme/images/:image',
    { preHandler: signedIn, config: { csrfInMultipart: true } },
    async (request, reply) => {
      const access = await themeAccess(request, deps);
      const image = themeImageOf(request.params.image);
      return orShowForm(deps, request, reply, { template: 'theme', model: await deps.pageModel(request, access) }, async () => {
        const { bytes, name } = await readImageUpload(request, { maxBytes: deps.uploadMaxBytes, csrf: deps.csrf });
        const stored = await services.media.upload(access.blog.id, access.actor.userId, bytes, name);
        await services.themes.setImage(access.blog, image, stored.src);
        return reply.redirect(done(access, 'image'), 303);
      });
    },
  );

  app.post<{ Params: Params }>('/admin/blogs/:blog/theme/images/:image/remove', { preHandler: signedIn }, async (request, reply) => {
    const access = await themeAccess(request, deps);
    await services.themes.setImage(access.blog, themeImageOf(request.params.image), '');
    return reply.redirect(done(access, 'imageRemoved'), 303);
  });
}
