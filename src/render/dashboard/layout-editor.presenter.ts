/**
 * The Layout screen's form, both ways: a layout as the form's fields (each gadget's settings as the text
 * a person edits: links and feeds one a line), and the form's gadgets back as a layout to validate. The
 * form is the draft: adding, removing and moving a gadget without a script post it and show it again
 * changed, unsaved; the preview renders it. One place names the fields, so both ways agree.
 */
import {
  AREAS,
  gadgetName,
  GADGET_TYPES,
  PAGE_KINDS,
  SINGLE_GADGETS,
  type AreaName,
  type GadgetType,
  type Layout,
} from '../../domain/layout/layout-model.js';

/** One gadget as the form holds it: every setting as text. */
export interface FormGadget {
  area: AreaName;
  id: string;
  type: GadgetType;
  title: string;
  show: string[];
  values: Record<string, string>;
}

/** The settings each type's form has, as text fields (`links`, `feeds`: one a line). */
export const SETTING_FIELDS: Record<GadgetType, readonly string[]> = {
  popular: [],
  labels: [],
  archive: [],
  search: [],
  pages: [],
  subscribe: [],
  contact: [],
  links: ['links'],
  text: ['text'],
  html: ['html'],
  image: ['src', 'alt', 'link'],
  profile: ['about'],
  featured: ['postId'],
  'blog-list': ['feeds', 'count'],
};

/** The form's gadgets of a stored (or checked) layout. */
export function formGadgetsOf(layout: Layout): FormGadget[] {
  return AREAS.flatMap((area) =>
    layout[area].map((g): FormGadget => {
      const s = g.settings as Record<string, unknown>;
      const values: Record<string, string> = {};
      for (const field of SETTING_FIELDS[g.type]) {
        const v = s[field];
        if (field === 'links') values.links = (v as { text: string; url: string }[]).map((l) => `${l.url} ${l.text}`.trim()).join('\n');
        else if (field === 'feeds') values.feeds = (v as string[]).join('\n');
        else values[field] = typeof v === 'string' || typeof v === 'number' ? String(v) : '';
      }
      return { area, id: g.id, type: g.type, title: g.title, show: [...g.show], values };
    }),
  );
}

const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');

/** The form's gadgets as a layout for the domain to check (`validLayout`): shape only, no judgement. */
export function layoutOfForm(gadgets: readonly FormGadget[]): Record<AreaName, object[]> {
  const layout: Record<AreaName, object[]> = { sidebar: [], footer: [], 'under-post': [] };
  for (const g of gadgets) {
    const settings: Record<string, unknown> = {};
    for (const field of SETTING_FIELDS[g.type]) {
      const value = g.values[field] ?? '';
      if (field === 'links')
        settings.links = lines(value).map((line) => {
          const space = line.search(/\s/);
          return space < 0 ? { url: line, text: '' } : { url: line.slice(0, space), text: line.slice(space).trim() };
        });
      else if (field === 'feeds') settings.feeds = lines(value);
      else if (field === 'count') settings.count = Number(value) || 1;
      else settings[field] = value;
    }
    layout[g.area].push({ id: g.id, type: g.type, title: g.title, show: g.show, settings });
  }
  return layout;
}

/** A gadget type as a catalogue key's last part (`blog-list` → `blogList`). */
const typeKey = (type: GadgetType) => (type === 'blog-list' ? 'blogList' : type);

const AREA_KEYS: Record<AreaName, string> = { sidebar: 'sidebar', footer: 'footer', 'under-post': 'underPost' };

/** The screen's view of the draft: areas with their gadgets, what may be added, each gadget's fields. */
export function layoutEditorModel(
  gadgets: readonly FormGadget[],
  extra: {
    posts: { id: string; title: string }[];
    feedErrors: Map<string, string>;
    /** The gadget just added or moved without a script: its panel opens, and focus goes to it. */
    focus?: string;
  },
) {
  const used = new Set(gadgets.map((g) => g.type));
  return {
    areas: AREAS.map((area) => ({
      name: area,
      key: AREA_KEYS[area],
      gadgets: gadgets
        .filter((g) => g.area === area)
        .map((g) => ({
          ...g,
          typeKey: typeKey(g.type),
          typeName: gadgetName(g.type),
          kinds: PAGE_KINDS.map((kind) => ({ kind, checked: g.show.includes(kind) })),
          open: g.id === extra.focus,
          posts: g.type === 'featured' ? extra.posts.map((p) => ({ ...p, selected: p.id === g.values.postId })) : [],
          feedErrors:
            g.type === 'blog-list'
              ? lines(g.values.feeds ?? '').flatMap((url) => (extra.feedErrors.get(url) ? [{ url, error: extra.feedErrors.get(url) }] : []))
              : [],
        })),
    })),
    addable: GADGET_TYPES.filter((t) => !SINGLE_GADGETS.has(t) || !used.has(t)).map((t) => ({ type: t, key: typeKey(t) })),
    kinds: PAGE_KINDS,
  };
}
