/**
 * Reader forms inside gadget areas (the Contact form gadget) carry a signed "served at" stamp, but an
 * area's markup is rendered once per blog state and kept for days, far longer than a stamp may live. So
 * the partial prints a slot, and each page fills it with a stamp issued when that page is rendered —
 * the same life as a comment form's stamp, which is made with its page.
 */
import { renderedTemplate, type SafeHtml } from '../domain/text/sanitize.js';
import type { BlogRow } from '../storage/schema.js';
import { htmlOfParts, keptHtml, KeptPart, type PagePart } from './page-parts.js';

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

/** An area's markup as kept for many pages: whole, or (holding slots) the kept markup between them. */
type KeptArea = { whole: SafeHtml | null; between?: undefined } | { whole?: undefined; between: KeptPart[] };

/** A page's areas as kept: filled with a stamp on each page (`fillStampSlots`). */
export interface KeptAreas {
  sidebarHtml: KeptArea;
  footerHtml: KeptArea;
  underPostHtml: KeptArea;
  /** Whether any area holds a slot, found once when the areas are kept, not on every page. */
  slot: boolean;
}

function kept(html: SafeHtml | null): KeptArea {
  if (!html?.html.includes(FORM_STAMP_SLOT)) return { whole: html && keptHtml(html) };
  return { between: html.html.split(FORM_STAMP_SLOT).map((text) => new KeptPart(text)) };
}

/** `areas`, rendered once, kept for many pages: each printed whole as a kept part, or between its slots. */
export function keepAreas(areas: RenderedAreas): KeptAreas {
  const sidebarHtml = kept(areas.sidebarHtml);
  const footerHtml = kept(areas.footerHtml);
  const underPostHtml = kept(areas.underPostHtml);
  const slot = [sidebarHtml, footerHtml, underPostHtml].some((area) => area.between !== undefined);
  return { sidebarHtml, footerHtml, underPostHtml, slot };
}

function filled(area: KeptArea, stamp: string): SafeHtml | null {
  if (!area.between) return area.whole;
  // The stamp is base64url and a dot: nothing in it needs escaping in an attribute.
  const parts: PagePart[] = [area.between[0]!];
  let html = area.between[0]!.html;
  for (const part of area.between.slice(1)) {
    parts.push(stamp, part);
    html += stamp + part.html;
  }
  return htmlOfParts(renderedTemplate(html), parts);
}

/** The kept areas with every slot replaced by `stamp` (an empty stamp where no app issues one: previews, static builds). */
export function fillStampSlots(areas: KeptAreas, stamp: string): RenderedAreas {
  return {
    sidebarHtml: filled(areas.sidebarHtml, stamp),
    footerHtml: filled(areas.footerHtml, stamp),
    underPostHtml: filled(areas.underPostHtml, stamp),
  };
}
