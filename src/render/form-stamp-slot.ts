/**
 * Reader forms inside gadget areas (the Contact form gadget) carry a signed "served at" stamp, but an
 * area's markup is rendered once per blog state and kept for days, far longer than a stamp may live. So
 * the partial prints a slot, and each page fills it with a stamp issued when that page is rendered —
 * the same life as a comment form's stamp, which is made with its page.
 */
import { renderedTemplate, type SafeHtml } from '../domain/text/sanitize.js';
import type { BlogRow } from '../storage/schema.js';

/** A page's rendered areas (gadget-areas.ts's RenderedAreas, named here by shape: that module imports this one). */
interface RenderedAreas {
  sidebarHtml: SafeHtml | null;
  footerHtml: SafeHtml | null;
  underPostHtml: SafeHtml | null;
}

/** What a form-carrying gadget prints where its stamp goes; plain ASCII, so escaping leaves it as it is. */
export const FORM_STAMP_SLOT = '__dastan_form_stamp__';

/** Issues the stamp a blog's contact form carries (ContactService.formStamp), when the app has one. */
export type ContactStamp = (blog: Pick<BlogRow, 'id'>) => string;

/** Whether any area of `areas` holds a slot: found once when the areas are rendered, not on every page. */
export function hasStampSlot(areas: RenderedAreas): boolean {
  return [areas.sidebarHtml, areas.footerHtml, areas.underPostHtml].some((html) => html?.html.includes(FORM_STAMP_SLOT) ?? false);
}

function filled(html: SafeHtml | null, stamp: string): SafeHtml | null {
  // The stamp is base64url and a dot: nothing in it needs escaping in an attribute.
  return html && html.html.includes(FORM_STAMP_SLOT) ? renderedTemplate(html.html.replaceAll(FORM_STAMP_SLOT, stamp)) : html;
}

/** `areas` with every slot replaced by `stamp` (an empty stamp where no app issues one: previews, static builds). */
export function fillStampSlots(areas: RenderedAreas, stamp: string): RenderedAreas {
  return {
    sidebarHtml: filled(areas.sidebarHtml, stamp),
    footerHtml: filled(areas.footerHtml, stamp),
    underPostHtml: filled(areas.underPostHtml, stamp),
  };
}
