/**
 * The post allow-lists, one per tier of trust, and the URL rules they share with the comment list.
 *
 * - `basic` (contributors and authors, whose HTML an admin's browser opens in the editor and every
 *   reader's browser on the blog): formatting, headings, lists, quotes, code, links, images, figures,
 *   tables, details/summary. No `class`, no `style`, no `target`, no media players.
 * - `full` (owners and admins, who already run the blog): the basic list, plus `class` names on any
 *   element (for the theme's CSS: `class="wide"` on a figure), `target="_blank"` on links (always with
 *   `rel="noopener noreferrer"`), and `<video>`/`<audio>` players of http(s) sources.
 *
 * Neither tier allows script, event handlers, `style` (the Content-Security-Policy would not apply it),
 * forms, or an `<iframe>` outside the blog's embed providers (domain/text/embeds.ts); a kept iframe is
 * rebuilt from scratch: its https `src`, a title, a size, and our own `sandbox`, `allow` and
 * `referrerpolicy` (never `srcdoc`).
 */
import type sanitizeHtml from 'sanitize-html';
import type { Role } from '../../storage/schema.js';
import { allowedEmbedSrc, blogProviders, BUILT_IN_PROVIDERS, providerText, type EmbedProvider } from './embeds.js';

/** How far a writer's HTML is trusted: see the module comment. */
export type HtmlTier = 'basic' | 'full';

/** What decides a post body's allow-list: the saver's tier and the blog's embed providers. */
export interface PostHtmlRules {
  tier: HtmlTier;
  /** 'any-https': only for HTML read back from storage, whose embeds were checked when it was saved. */
  embeds: readonly EmbedProvider[] | 'any-https';
}

/** Owners and admins write with the full list; authors, contributors (and anyone else) the basic one. */
export function tierOf(role: Role | null): HtmlTier {
  return role === 'owner' || role === 'admin' ? 'full' : 'basic';
}

/** The rules when no person saves (the command line, imports): run by the operator, built-in embeds. */
export const OPERATOR_RULES: PostHtmlRules = { tier: 'full', embeds: BUILT_IN_PROVIDERS };

const UPLOAD_WIDTHS = [480, 960, 1600];
const UPLOADED = /^\/uploads\/(\d{1,19})\/(\d{1,19})\/(\d{1,5})\.(jpg|png)$/;

/** Trims a URL of every kind of Unicode space and invisible character, not only the ASCII ones. */
function trimmedUrl(value: string): string {
  return value.replace(/^[\s\p{Cc}\p{Cf}\p{Z}]+|[\s\p{Cc}\p{Cf}\p{Z}]+$/gu, '');
}

/**
 * An image uploaded here (`/uploads/BLOG/IMAGE/WIDTH.jpg`) gets a `srcset` of its WebP copies (made at
 * 480, 960 and 1600 pixels below its largest width, see image.service) and lazy loading.
 */
function withUploadSrcset(attribs: sanitizeHtml.Attributes): sanitizeHtml.Attributes {
  const m = UPLOADED.exec(attribs.src ?? '');
  if (!m) return attribs;
  const [, blog, image, largest] = m;
  const widths = [...UPLOAD_WIDTHS.filter((w) => w < Number(largest)), Number(largest)];
  return {
    ...attribs,
    srcset: widths.map((w) => `/uploads/${blog}/${image}/${w}.webp ${w}w`).join(', '),
    sizes: '(max-width: 50rem) 100vw, 50rem',
    loading: 'lazy',
  };
}

// Everything a browser, old or new, might skip or strip before reading a URL's scheme.
const URL_NOISE = /[\u0000-\u0020\u007F-\u00A0\u1680\u180E\u2000-\u200F\u2028\u2029\u202F\u205F\u3000\uFEFF]/g;

/** True when `url` is relative or uses one of `schemes`, read the way the most lenient browser would. */
export function isAllowedUrl(url: string, schemes: readonly string[]): boolean {
  const cleaned = url.replace(URL_NOISE, '');
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(cleaned)?.[1];
  // Attribute values reach here with entities already decoded, so `javascript&colon;` is seen as `javascript:`.
  return scheme === undefined || schemes.includes(scheme.toLowerCase());
}

/** Drops URL attributes whose scheme is not allowed (sanitize-html's own check misses some spellings). */
export function dropUnsafeUrls(attribs: sanitizeHtml.Attributes, schemes: readonly string[]): sanitizeHtml.Attributes {
  const safe: sanitizeHtml.Attributes = {};
  for (const [name, raw] of Object.entries(attribs)) {
    const value = name === 'href' || name === 'src' ? trimmedUrl(raw) : raw;
    if (name === 'href' || name === 'src') {
      if (!isAllowedUrl(value, schemes)) continue;
    } else if (name === 'srcset') {
      if (!value.split(',').every((candidate) => isAllowedUrl(candidate.trim().split(/\s+/)[0] ?? '', schemes))) continue;
    }
    safe[name] = value;
  }
  return safe;
}

/**
 * Blogger's jump break (`<a name="more"></a>`) is the one anchor a body may name; it is kept as
 * `id="more"` (valid HTML). Any other id or name could clash with the page's own (`main`, `comments`).
 */
function jumpBreakOnly(attribs: sanitizeHtml.Attributes): sanitizeHtml.Attributes {
  const { name, id, ...rest } = attribs;
  return name === 'more' || id === 'more' ? { ...rest, id: 'more' } : rest;
}

export const WEB_SCHEMES = ['http', 'https', 'mailto'];
const IMAGE_SCHEMES = ['http', 'https'];

const BASIC_TAGS = [
  ...['p', 'br', 'hr', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'code', 'kbd', 'samp', 'var'],
  ...['b', 'strong', 'i', 'em', 'u', 's', 'strike', 'del', 'ins', 'mark', 'small', 'sub', 'sup', 'abbr', 'cite', 'q'],
  ...['ul', 'ol', 'li', 'dl', 'dt', 'dd', 'a', 'img', 'figure', 'figcaption', 'picture', 'source'],
  ...['table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption', 'colgroup', 'col'],
  ...['span', 'div', 'time', 'details', 'summary', 'iframe'],
];
const FULL_ONLY_TAGS = ['video', 'audio', 'track'];

const BASIC_ATTRIBUTES: Record<string, string[]> = {
  a: ['href', 'title', 'id', 'rel'],
  img: ['src', 'srcset', 'sizes', 'alt', 'title', 'width', 'height', 'loading'],
  source: ['srcset', 'type', 'media', 'sizes'],
  td: ['colspan', 'rowspan'],
  th: ['colspan', 'rowspan', 'scope'],
  ol: ['start', 'reversed', 'type'],
  time: ['datetime'],
  abbr: ['title'],
  iframe: ['src', 'title', 'width', 'height', 'loading', 'sandbox', 'allow', 'referrerpolicy'],
  '*': ['dir', 'lang'],
};
const FULL_ATTRIBUTES: Record<string, string[]> = {
  ...BASIC_ATTRIBUTES,
  a: [...BASIC_ATTRIBUTES.a!, 'target'],
  source: [...BASIC_ATTRIBUTES.source!, 'src'],
  video: ['src', 'poster', 'controls', 'width', 'height', 'loop', 'muted', 'playsinline', 'preload'],
  audio: ['src', 'controls', 'loop', 'muted', 'preload'],
  track: ['src', 'kind', 'srclang', 'label', 'default'],
  '*': [...BASIC_ATTRIBUTES['*']!, 'class'],
};

/** The sandbox of every kept embed: the player runs in its own origin and may open its own page. */
const EMBED_SANDBOX = 'allow-scripts allow-same-origin allow-popups allow-presentation';
const EMBED_ALLOW = 'fullscreen; picture-in-picture; encrypted-media';
const SIZE = /^\d{1,4}$/;

/** The title an embed saved without one gets (mail reads it as no title). */
export const UNTITLED_EMBED = 'Embedded content';

/** An iframe rebuilt from its `src` (when a provider allows it), title and size; '' src: dropped. */
function normalizedEmbed(attribs: sanitizeHtml.Attributes, embeds: PostHtmlRules['embeds']): sanitizeHtml.Attributes {
  const src = allowedEmbedSrc(attribs.src ?? '', embeds);
  if (!src) return {};
  const out: sanitizeHtml.Attributes = {
    src,
    title: (attribs.title ?? '').trim().slice(0, 200) || UNTITLED_EMBED,
    loading: 'lazy',
    sandbox: EMBED_SANDBOX,
    allow: EMBED_ALLOW,
    referrerpolicy: 'strict-origin-when-cross-origin',
  };
  if (SIZE.test(attribs.width ?? '')) out.width = attribs.width!;
  if (SIZE.test(attribs.height ?? '')) out.height = attribs.height!;
  return out;
}

/** A link that opens elsewhere never hands the new page a handle on this one. */
function withSafeTarget(attribs: sanitizeHtml.Attributes): sanitizeHtml.Attributes {
  if (attribs.target === undefined) return attribs;
  if (attribs.target !== '_blank') {
    const { target: _dropped, ...rest } = attribs;
    return rest;
  }
  return { ...attribs, rel: 'noopener noreferrer' };
}

function buildOptions(rules: PostHtmlRules): sanitizeHtml.IOptions {
  const full = rules.tier === 'full';
  const media = (tagName: string, attribs: sanitizeHtml.Attributes) => ({ tagName, attribs: dropUnsafeUrls(attribs, IMAGE_SCHEMES) });
  return {
    allowedTags: full ? [...BASIC_TAGS, ...FULL_ONLY_TAGS] : BASIC_TAGS,
    allowedAttributes: full ? FULL_ATTRIBUTES : BASIC_ATTRIBUTES,
    // Class names only: letters, digits, `-` and `_`, so a class can never smuggle anything else.
    allowedClasses: full ? { '*': [/^[A-Za-z_][\w-]{0,39}$/] } : undefined,
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['http', 'https'], iframe: ['https'], video: ['http', 'https'], audio: ['http', 'https'] },
    allowProtocolRelative: true,
    disallowedTagsMode: 'discard',
    transformTags: {
      // A post's own heading is the page's one <h1>: headings inside the body start at <h2>.
      h1: 'h2',
      a: (tagName, attribs) => {
        const safe = jumpBreakOnly(dropUnsafeUrls(attribs, WEB_SCHEMES));
        return { tagName, attribs: full ? withSafeTarget(safe) : safe };
      },
      img: (tagName, attribs) => ({ tagName, attribs: withUploadSrcset(dropUnsafeUrls(attribs, IMAGE_SCHEMES)) }),
      source: media,
      video: media,
      audio: media,
      track: media,
      iframe: (tagName, attribs) => ({ tagName, attribs: normalizedEmbed(attribs, rules.embeds) }),
    },
    // An iframe no provider allows goes, with whatever was inside it.
    exclusiveFilter: (frame) => frame.tag === 'iframe' && !frame.attribs.src,
    // A browser never shows an iframe's content (it is fallback text from another age): none is kept.
    textFilter: (text, tagName) => (tagName === 'iframe' ? '' : text),
    nonTextTags: ['style', 'script', 'textarea', 'option', 'noscript', 'title', 'object', 'embed', 'template'],
  };
}

const optionsCache = new Map<string, sanitizeHtml.IOptions>();

/** sanitize-html's options for `rules`, built once per tier and set of providers. */
export function postOptions(rules: PostHtmlRules): sanitizeHtml.IOptions {
  const key = `${rules.tier}\n${rules.embeds === 'any-https' ? rules.embeds : rules.embeds.map(providerText).join('\n')}`;
  let options = optionsCache.get(key);
  if (!options) {
    if (optionsCache.size > 1000) optionsCache.clear();
    options = buildOptions(rules);
    optionsCache.set(key, options);
  }
  return options;
}

/** The rules for a body saved by someone with `role` on a blog whose owner added `ownProviders`. */
export function postHtmlRules(role: Role | null, ownProviders: string): PostHtmlRules {
  return { tier: tierOf(role), embeds: blogProviders(ownProviders) };
}
