/**
 * Renders a page's gadget areas through the blog's theme: the sidebar (`sidebar.liquid`, an `<aside>`),
 * the footer and under the post (`gadget-area.liquid`). Each gadget is its own partial
 * (`gadget-popular.liquid`, …) that a theme restyles; `gadgets.liquid` picks the partial by type. An area
 * with no gadget on this kind of page renders nothing at all (no empty landmark).
 */
import type { Sidebar } from '../domain/reader/blog-reader.js';
import { renderedTemplate, type SafeHtml } from '../domain/text/sanitize.js';
import type { AreaRequest } from './presenters/gadgets.presenter.js';
import { presentArea } from './presenters/gadgets.presenter.js';
import { presentSidebar } from './presenters/sidebar.presenter.js';
import type { SiteContext } from './presenters/site.js';
import type { Theme } from './theme.js';
import type { Texts } from './i18n/translate.js';

export interface RenderedAreas {
  sidebarHtml: SafeHtml | null;
  footerHtml: SafeHtml | null;
  underPostHtml: SafeHtml | null;
}

export const NO_AREAS: RenderedAreas = { sidebarHtml: null, footerHtml: null, underPostHtml: null };

/** The three areas of a page of `request.kind`. */
export async function renderAreas(
  theme: Theme,
  texts: Texts,
  ctx: SiteContext,
  sidebar: Sidebar,
  request: AreaRequest,
): Promise<RenderedAreas> {
  const sidebarGadgets = presentArea(ctx, sidebar, 'sidebar', request);
  const footer = presentArea(ctx, sidebar, 'footer', request);
  const underPost = request.kind === 'post' || request.kind === 'page' ? presentArea(ctx, sidebar, 'under-post', request) : [];
  let sidebarHtml: SafeHtml | null = null;
  if (sidebarGadgets.length > 0) {
    const model = { gadgets: sidebarGadgets, search: { query: '', inSidebar: request.withSearch } };
    // A blog's own sidebar.liquid written before layouts reads `sidebar.popular` and the like: presented
    // only if such a template asks (a getter is an own property, which templates may read).
    Object.defineProperty(model, 'sidebar', { enumerable: true, get: () => presentSidebar(ctx, sidebar, request.leftOut) });
    sidebarHtml = renderedTemplate(await theme.render('sidebar', model, texts));
  }
  const area = async (name: string, gadgets: object[]) =>
    gadgets.length > 0 && theme.has('gadget-area')
      ? renderedTemplate(await theme.render('gadget-area', { area: name, gadgets }, texts))
      : null;
  return { sidebarHtml, footerHtml: await area('footer', footer), underPostHtml: await area('under-post', underPost) };
}
