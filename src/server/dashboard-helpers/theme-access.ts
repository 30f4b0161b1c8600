/** Who may open a blog's Theme pages: its owner and admins (the blog policy's canEditTheme). */
import type { FastifyRequest } from 'fastify';
import { canEditTheme } from '../../domain/policies/blog.policy.js';
import type { SiteContext } from '../../render/presenters/site.js';
import type { ThemeRegistry } from '../../render/themes/theme-registry.js';
import type { AdminDeps, BlogPage } from './admin-page.js';
import { authorize, blogAccess, type BlogAccess } from './blog-access.js';
import { blogNav } from './blog-nav.js';

export interface ThemeRouteDeps extends AdminDeps<BlogPage | 'themes' | 'reader' | 'images' | 'media'> {
  themes: ThemeRegistry;
}

/** The blog's access, when its role may change the theme; otherwise a 403 (or a 404 for non-members). */
export async function themeAccess(
  request: FastifyRequest<{ Params: { blog: string } }>,
  deps: AdminDeps<'members' | 'commentModeration' | 'contact'>,
): Promise<BlogAccess> {
  const access = await blogAccess(request, deps.services, request.params.blog);
  authorize(canEditTheme(access.actor), 'Only the owner and admins may change the theme.');
  return access;
}

/** The blog as a preview renders it: its row and the address its pages are served from. */
export function themeSite(request: FastifyRequest, deps: ThemeRouteDeps, access: BlogAccess): SiteContext {
  return { blog: access.blog, origin: blogNav(request, deps, access).home.replace(/\/$/, '') };
}
