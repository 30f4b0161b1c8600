/**
 * A blog's further settings, each its own page: search engines (robots.txt, robots tags, search
 * descriptions; admins), embed providers (the owner), and handing the blog over or deleting it (the owner).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as z from 'zod';
import {
  DEFAULT_ROBOTS_TAGS,
  ROBOTS_DIRECTIVES,
  ROBOTS_PAGE_KINDS,
  storedRobotsTags,
  validRobotsTags,
} from '../../../domain/blogs/robots-settings.js';
import { NotFoundError, type AppError } from '../../../domain/errors.js';
import { canDeleteBlog, canEditSettings, canHandOver, canManageEmbeds } from '../../../domain/policies/blog.policy.js';
import { BUILT_IN_PROVIDERS, providerText } from '../../../domain/text/embeds.js';
import { isId } from '../../../storage/ids.js';
import type { BlogRow } from '../../../storage/schema.js';
import {
  authOf,
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
import { checkbox, manyField, parseForm, textField } from '../../dashboard-helpers/forms.js';

type Params = { blog: string };
const embedsForm = z.object({ providers: textField('The providers', 10_000) });
const searchForm = z.object({
  customRobotsTxt: checkbox,
  robotsTxt: textField('The robots.txt', 10_000),
  customRobotsTags: checkbox,
  home: manyField('Home page tags', 20),
  archive: manyField('Archive and search page tags', 20),
  item: manyField('Post and page tags', 20),
  searchDescriptionEnabled: checkbox,
});
const handOverForm = z.object({ to: textField('The new owner', 20, false) });
const deleteForm = z.object({ confirm: textField("The blog's name", 100) });

/** The label of each field, for a refusal in another language than English. */
const SEARCH_FIELDS = {
  robotsTxt: 'admin.settings.search.robotsTxt',
  home: 'admin.settings.search.kind.home',
  archive: 'admin.settings.search.kind.archive',
  item: 'admin.settings.search.kind.item',
};
const OWNER_FIELDS = { to: 'admin.blogs.newOwner', confirm: 'admin.blogs.confirmField' };

function searchValues(blog: BlogRow) {
  const tags = storedRobotsTags(blog.robots_tags);
  return {
    customRobotsTxt: blog.robots_txt !== null,
    robotsTxt: blog.robots_txt ?? 'User-agent: *\nDisallow: /search\nAllow: /\n',
    customRobotsTags: tags !== null,
    tags: tags ?? DEFAULT_ROBOTS_TAGS,
    searchDescriptionEnabled: blog.search_description_enabled === 1,
  };
}

export function registerBlogOptionRoutes(app: FastifyInstance, deps: AdminDeps<BlogPage | 'blogOptions'>): void {
  const { services } = deps;
  const base = (blog: BlogRow) => `/admin/blogs/${blog.name}`;

  const searchModel = (request: FastifyRequest, access: BlogAccess, values: ReturnType<typeof searchValues>) => ({
    title: dashboardText(request, 'admin.settings.search.title'),
    blog: blogNav(request, deps, access),
    form: values,
    kinds: ROBOTS_PAGE_KINDS.map((kind) => ({
      kind,
      name: dashboardText(request, `admin.settings.search.kind.${kind}`),
      directives: ROBOTS_DIRECTIVES.map((d) => ({
        value: d,
        note: dashboardText(request, `admin.settings.search.directive.${d}`),
        checked: values.tags[kind].includes(d),
      })),
    })),
  });

  app.get<{ Params: Params; Querystring: { done?: string } }>(
    '/admin/blogs/:blog/settings/search',
    { preHandler: signedIn },
    async (request, reply) => {
      const access = await blogAccess(request, services, request.params.blog);
      authorize(canEditSettings(access.actor));
      const notice = request.query.done === 'saved' ? dashboardText(request, 'admin.settings.saved') : null;
      return sendPage(deps, request, reply, 'search-settings', { ...searchModel(request, access, searchValues(access.blog)), notice });
    },
  );

  app.post<{ Params: Params }>('/admin/blogs/:blog/settings/search', { preHandler: signedIn }, async (request, reply) => {
    const access = await blogAccess(request, services, request.params.blog);
    authorize(canEditSettings(access.actor));
    const sent = formValues(request.body);
    const shown = { ...searchValues(access.blog), robotsTxt: sent.robotsTxt ?? '' };
    return orShowForm(
      deps,
      request,
      reply,
      { template: 'search-settings', model: searchModel(request, access, shown), fields: SEARCH_FIELDS },
      async () => {
        const input = parseForm(searchForm, request.body);
        await services.blogOptions.setSearchOptions(access.blog, {
          robotsTxt: input.customRobotsTxt ? input.robotsTxt : null,
          robotsTags: input.customRobotsTags ? validRobotsTags({ home: input.home, archive: input.archive, item: input.item }) : null,
          searchDescriptionEnabled: input.searchDescriptionEnabled,
        });
        return reply.redirect(`${base(access.blog)}/settings/search?done=saved`, 303);
      },
    );
  });

  const embedsModel = (request: FastifyRequest, access: BlogAccess, providers: string) => ({
    title: dashboardText(request, 'admin.embeds.title'),
    blog: blogNav(request, deps, access),
    builtIn: BUILT_IN_PROVIDERS.map(providerText),
    form: { providers },
  });

  app.get<{ Params: Params; Querystring: { done?: string } }>(
    '/admin/blogs/:blog/settings/embeds',
    { preHandler: signedIn },
    async (request, reply) => {
      const access = await blogAccess(request, services, request.params.blog);
      authorize(canManageEmbeds(access.actor));
      const notice = request.query.done === 'saved' ? dashboardText(request, 'admin.embeds.saved') : null;
      return sendPage(deps, request, reply, 'embeds', { ...embedsModel(request, access, access.blog.embed_providers), notice });
    },
  );

  app.post<{ Params: Params }>('/admin/blogs/:blog/settings/embeds', { preHandler: signedIn }, async (request, reply) => {
    const access = await blogAccess(request, services, request.params.blog);
    authorize(canManageEmbeds(access.actor));
    const model = embedsModel(request, access, formValues(request.body).providers ?? '');
    const explain = (error: AppError) =>
      dashboardTexts(request).language === 'en' ? error.message : dashboardText(request, 'admin.embeds.refused');
    return orShowForm(deps, request, reply, { template: 'embeds', model, explain }, async () => {
      const input = parseForm(embedsForm, request.body);
      await services.blogOptions.setEmbedProviders(access.blog, input.providers);
      return reply.redirect(`${base(access.blog)}/settings/embeds?done=saved`, 303);
    });
  });

  const ownerModel = async (request: FastifyRequest, access: BlogAccess, extra: Record<string, unknown> = {}) => {
    const members = await services.members.membersOf(access.blog.id);
    return {
      title: dashboardText(request, 'admin.blogs.ownerTitle'),
      blog: blogNav(request, deps, access),
      members: members
        .filter((m) => m.user_id !== access.actor.userId)
        .map((m) => ({ id: m.user_id, name: m.display_name, email: m.email, roleName: dashboardText(request, `admin.role.${m.role}`) })),
      form: {},
      ...extra,
    };
  };

  app.get<{ Params: Params }>('/admin/blogs/:blog/owner', { preHandler: signedIn }, async (request, reply) => {
    const access = await blogAccess(request, services, request.params.blog);
    authorize(canDeleteBlog(access.actor));
    return sendPage(deps, request, reply, 'blog-owner', await ownerModel(request, access));
  });

  app.post<{ Params: Params }>('/admin/blogs/:blog/hand-over', { preHandler: signedIn }, async (request, reply) => {
    const access = await blogAccess(request, services, request.params.blog);
    authorize(canHandOver(access.actor));
    const model = await ownerModel(request, access);
    return orShowForm(deps, request, reply, { template: 'blog-owner', model, fields: OWNER_FIELDS }, async () => {
      const input = parseForm(handOverForm, request.body);
      if (!isId(input.to)) throw new NotFoundError('That person is not a member of this blog.');
      await services.members.handOver(access.blog.id, authOf(request).user.id, input.to);
      return reply.redirect(`${base(access.blog)}/members?done=role`, 303);
    });
  });

  app.post<{ Params: Params }>('/admin/blogs/:blog/delete', { preHandler: signedIn }, async (request, reply) => {
    const access = await blogAccess(request, services, request.params.blog);
    authorize(canDeleteBlog(access.actor));
    const model = await ownerModel(request, access, { form: formValues(request.body) });
    return orShowForm(deps, request, reply, { template: 'blog-owner', model, fields: OWNER_FIELDS }, async () => {
      const input = parseForm(deleteForm, request.body);
      await services.blogOptions.deleteBlog(access.blog, input.confirm);
      return reply.redirect('/admin?done=deleted', 303);
    });
  });
}
