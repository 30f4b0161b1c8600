/**
 * The Layout screen (owners and admins): the theme's areas and their gadgets, arranged, configured and
 * previewed before saving; back to the default sidebar; and the pages' order (the menu's and the Pages
 * gadget's). The form is the draft: its buttons work without a script (the server applies an add,
 * remove or move and shows the form again, unsaved), and the screen's script moves gadgets in the page.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, InvalidInputError } from '../../../domain/errors.js';
import { PAGE_KINDS, type PageKind } from '../../../domain/layout/layout-model.js';
import { canArrangeLayout } from '../../../domain/policies/blog.policy.js';
import { withPreviewBanner } from '../../../render/dashboard/preview-banner.js';
import { formGadgetsOf, layoutEditorModel, layoutOfForm, type FormGadget } from '../../../render/dashboard/layout-editor.presenter.js';
import { renderLayoutPreview } from '../../../render/layout-preview.js';
import type { PageRenderer } from '../../../render/pages.js';
import { dashboardTexts, sendPage, signedIn, type AdminDeps, type BlogPage } from '../../dashboard-helpers/admin-page.js';
import { authorize, blogAccess, type BlogAccess } from '../../dashboard-helpers/blog-access.js';
import { blogNav } from '../../dashboard-helpers/blog-nav.js';
import { applyDraftAction, readLayoutAction, readLayoutForm } from '../../dashboard-helpers/layout-form.js';
import { allowBlogFrames } from '../../frame-sources.js';
import { textsFor } from '../../../render/i18n/translate.js';

type Params = { blog: string };

const NOTICES: Record<string, string> = {
  saved: 'admin.layout.saved',
  reset: 'admin.layout.wasReset',
  pages: 'admin.layout.pagesSaved',
};

export function registerLayoutRoutes(
  app: FastifyInstance,
  deps: AdminDeps<BlogPage | 'layout' | 'reader'> & { pages: PageRenderer },
): void {
  const { services } = deps;
  const base = (access: BlogAccess) => `/admin/blogs/${access.blog.name}/layout`;

  const access = async (request: FastifyRequest<{ Params: Params }>) => {
    const found = await blogAccess(request, services, request.params.blog);
    authorize(canArrangeLayout(found.actor));
    return found;
  };

  /** The screen with `gadgets` as the draft (the stored layout, or the form sent). */
  const show = async (
    request: FastifyRequest,
    reply: FastifyReply,
    found: BlogAccess,
    gadgets: FormGadget[],
    extra: { notice?: string | null; error?: string | null; focus?: string; unsaved?: boolean; status?: number },
  ) => {
    const feedUrls = gadgets.flatMap((g) => (g.type === 'blog-list' ? (g.values.feeds ?? '').split(/\r?\n/).map((u) => u.trim()) : []));
    const [posts, pages, feeds] = await Promise.all([
      services.layout.featurable(found.blog),
      services.layout.pages(found.blog),
      services.layout.feedStates(found.blog, feedUrls.filter(Boolean)),
    ]);
    const texts = textsFor(request.auth?.user.language || 'en');
    const model = {
      title: texts.text('admin.layout.heading'),
      blog: blogNav(request, deps, found),
      ...layoutEditorModel(gadgets, { posts, feedErrors: new Map(feeds.map((f) => [f.url, f.error])), focus: extra.focus }),
      pages: pages.map((p, i) => ({ ...p, first: i === 0, last: i === pages.length - 1 })),
      notice: extra.notice ? texts.text(extra.notice) : null,
      error: extra.error ?? null,
      unsaved: extra.unsaved ?? false,
      uploadUrl: `/admin/blogs/${found.blog.name}/uploads`,
      layoutScript: deps.views.layoutPath,
    };
    return sendPage(deps, request, reply, 'blog-layout', model, extra.status ?? 200);
  };

  app.get<{ Params: Params; Querystring: { done?: string } }>(
    '/admin/blogs/:blog/layout',
    { preHandler: signedIn },
    async (request, reply) => {
      const found = await access(request);
      const notice = NOTICES[request.query.done ?? ''] ?? null;
      return show(request, reply, found, formGadgetsOf(services.layout.layoutOf(found.blog)), { notice });
    },
  );

  app.post<{ Params: Params }>('/admin/blogs/:blog/layout', { preHandler: signedIn }, async (request, reply) => {
    const found = await access(request);
    const gadgets = readLayoutForm(request.body);
    const action = readLayoutAction(request.body);
    if (action.kind !== 'save' && action.kind !== 'preview') {
      const draft = applyDraftAction(gadgets, action);
      return show(request, reply, found, draft.gadgets, { focus: draft.focus, unsaved: true });
    }
    try {
      await services.layout.save(found.blog, found.actor.role, layoutOfForm(gadgets));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return show(request, reply, found, gadgets, { error: error.message, unsaved: true, status: error.status });
    }
    return reply.redirect(`${base(found)}?done=saved`, 303);
  });

  app.post<{ Params: Params }>('/admin/blogs/:blog/layout/preview', { preHandler: signedIn }, async (request, reply) => {
    const found = await access(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const kind = (PAGE_KINDS as readonly unknown[]).includes(body['preview-kind']) ? (body['preview-kind'] as PageKind) : 'home';
    const layout = await services.layout.check(found.blog, found.actor.role, layoutOfForm(readLayoutForm(request.body)));
    const sidebar = { ...(await services.reader.sidebar(found.blog)), gadgets: await services.layout.gadgetData(found.blog, layout) };
    const site = { blog: found.blog, origin: blogNav(request, deps, found).home.replace(/\/$/, '') };
    const html = await renderLayoutPreview(deps.pages, services.reader, site, sidebar, kind);
    allowBlogFrames(reply, found.blog);
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('x-robots-tag', 'noindex')
      .send(withPreviewBanner(html, base(found), deps.views.previewCssPath, dashboardTexts(request)));
  });

  app.post<{ Params: Params }>('/admin/blogs/:blog/layout/reset', { preHandler: signedIn }, async (request, reply) => {
    const found = await access(request);
    await services.layout.reset(found.blog);
    return reply.redirect(`${base(found)}?done=reset`, 303);
  });

  app.post<{ Params: Params }>('/admin/blogs/:blog/layout/pages', { preHandler: signedIn }, async (request, reply) => {
    const found = await access(request);
    const sent = (request.body as Record<string, unknown> | undefined)?.move;
    const move = /^(\d{1,19}):(up|down)$/.exec(typeof sent === 'string' ? sent : '');
    if (!move) throw new InvalidInputError('Please choose a page to move up or down.', 'move');
    const ids = (await services.layout.pages(found.blog)).map((p) => p.id);
    const at = ids.indexOf(move[1]!);
    if (at < 0) throw new InvalidInputError('That page is not one of this blog’s.', 'move');
    const to = move[2] === 'up' ? at - 1 : at + 1;
    if (to >= 0 && to < ids.length) [ids[at], ids[to]] = [ids[to]!, ids[at]!];
    await services.layout.setPageOrder(found.blog, ids);
    return reply.redirect(`${base(found)}?done=pages#page-${move[1]}`, 303);
  });
}
