/**
 * A blog's layout: the theme's areas (the sidebar, the footer, under the post) and the gadgets in each,
 * in order, each shown on the kinds of page the owner picked. Stored as JSON on the blog; this module is
 * its one shape, its validation (a zod schema per gadget type) and the default, which is the fixed
 * sidebar every blog had before layouts: popular posts, labels, archive and search on every page.
 */
import * as z from 'zod';
import { InvalidInputError } from '../errors.js';
import { withThousands } from '../text/thousands.js';

export const PAGE_KINDS = ['home', 'post', 'page', 'label', 'archive'] as const;
export type PageKind = (typeof PAGE_KINDS)[number];

export const AREAS = ['sidebar', 'footer', 'under-post'] as const;
export type AreaName = (typeof AREAS)[number];

export const GADGET_TYPES = [
  'popular',
  'labels',
  'archive',
  'search',
  'pages',
  'links',
  'text',
  'html',
  'image',
  'profile',
  'featured',
  'blog-list',
  'subscribe',
  'contact',
] as const;
export type GadgetType = (typeof GADGET_TYPES)[number];

/** Gadgets a blog has at most one of: each is a landmark or lists the whole blog, and twice would say it twice. */
export const SINGLE_GADGETS: ReadonlySet<GadgetType> = new Set(['popular', 'labels', 'archive', 'search', 'pages', 'subscribe', 'contact']);

export const MAX_GADGETS = 40;
export const MAX_LINKS = 30;
export const MAX_FEEDS = 10;

/** A gadget's ID: the default gadgets keep the element IDs the fixed sidebar had (`popular-posts`, …). */
const gadgetId = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'A gadget ID is lower-case letters, digits and hyphens.');

/** A link a gadget shows: a web or mail address, or a path on the blog. */
export const linkUrl = z
  .string()
  .trim()
  .max(2000, 'A link is at most 2,000 characters.')
  .refine((url) => isLinkUrl(url), 'A link must be a web address (https://…), a mail address (mailto:…) or a path on the blog (/…).');

export function isLinkUrl(url: string): boolean {
  if (/^\/(?![/\\])/.test(url)) return !/[\s\u0000-\u001F\u007F]/.test(url);
  try {
    const parsed = new URL(url);
    return ['http:', 'https:', 'mailto:'].includes(parsed.protocol) && !/[\s\u0000-\u001F\u007F]/.test(url);
  } catch {
    return false;
  }
}

/** An uploaded image of the blog (the editor's upload path hands these out). */
export const UPLOAD_PATH = /^\/uploads\/\d{1,19}\/\d{1,19}\/\d{1,5}\.(jpg|png|webp)$/;

const text = (label: string, max: number) => z.string().max(max, `${label} is at most ${withThousands(max)} characters.`);

const base = {
  id: gadgetId,
  title: text('A gadget title', 200),
  show: z.array(z.enum(PAGE_KINDS)).max(PAGE_KINDS.length),
};

const noSettings = z.object({}).strict();

export const gadgetSchemas = {
  popular: noSettings,
  labels: noSettings,
  archive: noSettings,
  search: noSettings,
  pages: noSettings,
  subscribe: noSettings,
  contact: noSettings,
  links: z.object({
    links: z.array(z.object({ text: text('A link text', 200), url: linkUrl })).max(MAX_LINKS, `At most ${MAX_LINKS} links.`),
  }),
  text: z.object({ text: text('The text', 5000) }),
  /** Stored sanitized (the layout service runs the blog's allow-list before it saves). */
  html: z.object({ html: text('The HTML', 20_000) }),
  image: z.object({
    src: z.string().regex(UPLOAD_PATH, 'Please upload the image (an image of this blog under /uploads/).'),
    alt: z
      .string()
      .trim()
      .min(1, 'The image needs a text alternative: say what it shows.')
      .max(300, 'The text alternative is at most 300 characters.'),
    link: z.union([z.literal(''), linkUrl]),
  }),
  profile: z.object({ about: text('The about text', 2000) }),
  featured: z.object({ postId: z.string().regex(/^\d{1,19}$/, 'Please choose a post to feature.') }),
  'blog-list': z.object({
    feeds: z
      .array(
        z
          .string()
          .trim()
          .max(2000)
          .refine((u) => /^https?:\/\//i.test(u) && isLinkUrl(u), 'A feed is a web address (https://…).'),
      )
      .max(MAX_FEEDS, `At most ${MAX_FEEDS} feeds.`),
    count: z.number().int().min(1).max(5),
  }),
} satisfies Record<GadgetType, z.ZodType>;

export type GadgetSettings<T extends GadgetType> = z.output<(typeof gadgetSchemas)[T]>;

export type Gadget = {
  [T in GadgetType]: { id: string; type: T; title: string; show: PageKind[]; settings: GadgetSettings<T> };
}[GadgetType];

export type Layout = Record<AreaName, Gadget[]>;

/** Every kind of page: where a new gadget shows until the owner narrows it. */
export const EVERY_PAGE: PageKind[] = [...PAGE_KINDS];

/** The fixed sidebar every blog had before layouts; a blog that never saved a layout has it. */
export function defaultLayout(): Layout {
  const everywhere = (id: string, type: 'popular' | 'labels' | 'archive' | 'search'): Gadget => ({
    id,
    type,
    title: '',
    show: [...EVERY_PAGE],
    settings: {},
  });
  return {
    sidebar: [
      everywhere('popular-posts', 'popular'),
      everywhere('labels', 'labels'),
      everywhere('archive', 'archive'),
      everywhere('search', 'search'),
    ],
    footer: [],
    'under-post': [],
  };
}

/** Settings a newly added gadget starts with (validation asks for the rest before it is saved). */
export function emptySettings(type: GadgetType): Record<string, unknown> {
  switch (type) {
    case 'links':
      return { links: [] };
    case 'text':
      return { text: '' };
    case 'html':
      return { html: '' };
    case 'image':
      return { src: '', alt: '', link: '' };
    case 'profile':
      return { about: '' };
    case 'featured':
      return { postId: '' };
    case 'blog-list':
      return { feeds: [], count: 1 };
    default:
      return {};
  }
}

const GADGET_NAMES: Record<GadgetType, string> = {
  popular: 'Popular posts',
  labels: 'Labels',
  archive: 'Blog archive',
  search: 'Search',
  pages: 'Pages',
  links: 'Link list',
  text: 'Text',
  html: 'HTML',
  image: 'Image',
  profile: 'Profile',
  featured: 'Featured post',
  'blog-list': 'Blog list',
  subscribe: 'Subscribe',
  contact: 'Contact form',
};

/** A gadget's kind in words (for messages; the screen has them in the dashboard's catalogue). */
export function gadgetName(type: GadgetType): string {
  return GADGET_NAMES[type];
}

/** One gadget checked against its type's schema; the message names the gadget. */
function checkGadget(raw: unknown): Gadget {
  const head = z.object({ type: z.enum(GADGET_TYPES, 'Unknown gadget type.') }).safeParse(raw);
  if (!head.success) throw new InvalidInputError('Unknown gadget type.', 'type');
  const type = head.data.type;
  const shape = z.object({ ...base, type: z.literal(type), settings: gadgetSchemas[type] });
  const parsed = shape.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const title = (raw as { title?: unknown }).title;
    const named = typeof title === 'string' && title.trim() ? `“${title.trim().slice(0, 60)}”` : gadgetName(type);
    throw new InvalidInputError(`${named}: ${issue.message}`, issue.path.map(String).join('.'));
  }
  return parsed.data as Gadget;
}

/**
 * A whole layout checked: known areas and gadget types, each gadget's settings, unique IDs, at most one
 * of each single gadget, and at most MAX_GADGETS in all. Throws InvalidInputError with a person's message.
 */
export function validLayout(raw: unknown): Layout {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new InvalidInputError('A layout is a set of areas.');
  const layout: Layout = { sidebar: [], footer: [], 'under-post': [] };
  const ids = new Set<string>();
  const types = new Set<GadgetType>();
  let count = 0;
  for (const [area, gadgets] of Object.entries(raw)) {
    if (!(AREAS as readonly string[]).includes(area)) throw new InvalidInputError(`The theme has no area “${area.slice(0, 40)}”.`);
    if (!Array.isArray(gadgets)) throw new InvalidInputError('An area holds a list of gadgets.');
    for (const item of gadgets) {
      const gadget = checkGadget(item);
      if (++count > MAX_GADGETS) throw new InvalidInputError(`A layout has at most ${MAX_GADGETS} gadgets.`);
      if (ids.has(gadget.id)) throw new InvalidInputError(`Two gadgets have the ID “${gadget.id}”.`);
      if (SINGLE_GADGETS.has(gadget.type) && types.has(gadget.type))
        throw new InvalidInputError(`A blog has one ${gadgetName(gadget.type)} gadget; remove the second.`);
      ids.add(gadget.id);
      types.add(gadget.type);
      gadget.show = PAGE_KINDS.filter((k) => gadget.show.includes(k));
      layout[area as AreaName].push(gadget);
    }
  }
  return layout;
}

/** The stored layout ('' or unreadable: the default). Stored layouts were validated when saved. */
export function storedLayout(json: string): Layout {
  if (!json) return defaultLayout();
  try {
    return validLayout(JSON.parse(json));
  } catch {
    return defaultLayout();
  }
}

/** An ID for a new gadget of `type` that `layout` does not use yet. */
export function newGadgetId(layout: Layout, type: GadgetType): string {
  const used = new Set(AREAS.flatMap((a) => layout[a].map((g) => g.id)));
  for (let n = 1; ; n++) {
    const id = `${type}-${n}`;
    if (!used.has(id)) return id;
  }
}
