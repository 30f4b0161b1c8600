/**
 * A blog's options for search engines, like Blogger's "Crawlers and indexing": a custom robots.txt
 * (served instead of the generated one, the sitemap line kept) and custom robots header tags — the
 * `<meta name="robots">` directives per kind of page: the home page, archive and search pages (archives,
 * labels, searches, older home pages) and posts and pages.
 */
import { InvalidInputError } from '../errors.js';

/** The kinds of reader page robots tags are chosen for. */
export type RobotsPageKind = 'home' | 'archive' | 'item';
export const ROBOTS_PAGE_KINDS: readonly RobotsPageKind[] = ['home', 'archive', 'item'];

/** The directives an owner may pick (Google's and Bing's documented ones that need no value). */
export const ROBOTS_DIRECTIVES = ['noindex', 'nofollow', 'noarchive', 'nosnippet', 'noimageindex', 'notranslate'] as const;
export type RobotsDirective = (typeof ROBOTS_DIRECTIVES)[number];

export type RobotsTags = Record<RobotsPageKind, RobotsDirective[]>;

/** What the form starts with when custom tags are first turned on: Blogger's recommended choice. */
export const DEFAULT_ROBOTS_TAGS: RobotsTags = { home: [], archive: ['noindex'], item: [] };

/** The longest robots.txt kept (Google reads the first 500 KiB; a blog's needs a few lines). */
export const MAX_ROBOTS_TXT = 10_000;

const ROBOTS_FIELDS = new Set(['user-agent', 'allow', 'disallow', 'sitemap', 'crawl-delay', 'host', 'clean-param', 'noindex']);

/**
 * Checks a custom robots.txt (RFC 9309): every line is empty, a `#` comment or `field: value` with a
 * known field, and it is plain text. Returns it with tidy line ends; throws naming the first bad line.
 */
export function validRobotsTxt(text: string): string {
  const normalized = text.replace(/\r\n?/g, '\n').trim();
  if (normalized === '')
    throw new InvalidInputError('The custom robots.txt is empty: write at least one line, or turn it off.', 'robotsTxt');
  if (normalized.length > MAX_ROBOTS_TXT)
    throw new InvalidInputError(`A custom robots.txt is at most ${MAX_ROBOTS_TXT.toLocaleString('en')} characters.`, 'robotsTxt');
  const lines = normalized.split('\n');
  for (const [i, raw] of lines.entries()) {
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '') continue;
    const field = /^([A-Za-z-]+)\s*:/.exec(line)?.[1]?.toLowerCase();
    if (!field || !ROBOTS_FIELDS.has(field) || /[\u0000-\u0008\u000B-\u001F\u007F]/.test(raw)) {
      throw new InvalidInputError(
        `Line ${i + 1} of the robots.txt is not "Field: value" with a field such as User-agent, Allow, Disallow or Sitemap.`,
        'robotsTxt',
      );
    }
  }
  return `${lines.map((l) => l.trimEnd()).join('\n')}\n`;
}

/** The robots.txt served: the custom text, with the sitemap announced when the text does not already. */
export function customRobotsTxt(text: string, sitemapUrl: string): string {
  if (/^\s*sitemap\s*:/im.test(text)) return text;
  return `${text}\nSitemap: ${sitemapUrl}\n`;
}

/** Reads stored tags (JSON); anything unreadable counts as no custom tags. */
export function storedRobotsTags(json: string | null): RobotsTags | null {
  if (json === null) return null;
  try {
    const parsed = JSON.parse(json) as Record<string, unknown>;
    const tags = { ...DEFAULT_ROBOTS_TAGS };
    for (const kind of ROBOTS_PAGE_KINDS) {
      const list = parsed[kind];
      tags[kind] = Array.isArray(list) ? ROBOTS_DIRECTIVES.filter((d) => list.includes(d)) : [];
    }
    return tags;
  } catch {
    return null;
  }
}

/** Checks the directives picked for each kind of page; refuses any it does not know. */
export function validRobotsTags(input: Record<RobotsPageKind, readonly string[]>): RobotsTags {
  const tags = { ...DEFAULT_ROBOTS_TAGS };
  for (const kind of ROBOTS_PAGE_KINDS) {
    const unknown = input[kind].find((d) => !(ROBOTS_DIRECTIVES as readonly string[]).includes(d));
    if (unknown !== undefined) throw new InvalidInputError(`"${unknown.slice(0, 40)}" is not a robots directive this blog can use.`, kind);
    tags[kind] = ROBOTS_DIRECTIVES.filter((d) => input[kind].includes(d));
  }
  return tags;
}

/**
 * The content of a page's `<meta name="robots">`, or '' for none. Without custom tags: archive and
 * search pages are `noindex, follow` (they only repeat posts), other pages have none.
 */
export function robotsContent(tags: RobotsTags | null, kind: RobotsPageKind): string {
  if (tags === null) return kind === 'archive' ? 'noindex, follow' : '';
  return tags[kind].join(', ');
}
