/**
 * The address each generator gave a post or page on the old site, from its permalink settings, so that
 * the address keeps answering (301) once the blog is on Dastan:
 *
 * - Jekyll: `permalink` in `_config.yml` — `date` (the default), `pretty`, `ordinal`, `none`, or a
 *   pattern of `:year :month :i_month :day :i_day :short_year :y_day :title :slug :categories
 *   :output_ext`; a page is `/path/name.html` (`/path/name/` with `pretty`); a `permalink` of the file
 *   wins.
 * - Hugo: `[permalinks]` per section (`:year :month :monthname :day :yearday :section :sections :title
 *   :slug :filename :slugorfilename :contentbasename`), else the content path with the `slug` as its
 *   last part; `url` of the file wins; `uglyURLs` gives `.html`; paths lower-cased.
 * - Eleventy: the file's `permalink` (simple `{{ page.fileSlug }}`-style templates filled in), else its
 *   path under the input folder as a folder (`/blog/first-post/`).
 */
import { slugify } from '../../domain/text/slug.js';
import { msToZonedInput } from '../../domain/text/zoned-time.js';

export interface AddressInput {
  /** The file's path under the content folder (`_posts/2023-01-05-hi.md`, `posts/trip/index.md`). */
  path: string;
  /** The slug as the generator reads it from the file name (date prefix, extension, bundle folder handled). */
  fileSlug: string;
  title: string;
  /** The `slug` of the front matter. */
  slug?: string;
  date?: number;
  categories: string[];
  timeZone: string;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function dateParts(ms: number | undefined, timeZone: string) {
  const [y, m, d] = (ms === undefined ? '1970-01-01' : msToZonedInput(ms, timeZone).slice(0, 10)).split('-').map(Number) as [
    number,
    number,
    number,
  ];
  const yearDay = Math.round((Date.UTC(y, m - 1, d) - Date.UTC(y, 0, 1)) / 86_400_000) + 1;
  return { y, m, d, yearDay };
}

/** Fills `:name` placeholders, longest names first (`:i_month` before `:month`). */
function fill(pattern: string, values: Record<string, string>): string {
  const names = Object.keys(values).sort((a, b) => b.length - a.length);
  const re = new RegExp(`:(${names.join('|')})(?![A-Za-z_])`, 'g');
  return pattern.replace(re, (_m, name: string) => values[name]!);
}

/** A path with single slashes and a leading one. */
const tidy = (path: string) => `/${path}`.replace(/\/{2,}/g, '/');

const JEKYLL_STYLES: Record<string, string> = {
  date: '/:categories/:year/:month/:day/:title:output_ext',
  pretty: '/:categories/:year/:month/:day/:title/',
  ordinal: '/:categories/:year/:y_day/:title:output_ext',
  none: '/:categories/:title:output_ext',
};

/** A Jekyll post's address; `pattern` is the `permalink` of the file or of `_config.yml`. */
export function jekyllPostAddress(input: AddressInput, pattern: string | undefined): string {
  const { y, m, d, yearDay } = dateParts(input.date, input.timeZone);
  const template = JEKYLL_STYLES[pattern ?? 'date'] ?? pattern ?? JEKYLL_STYLES.date!;
  const title = input.slug ?? input.fileSlug;
  return tidy(
    fill(template, {
      year: String(y),
      short_year: String(y).slice(2),
      month: String(m).padStart(2, '0'),
      i_month: String(m),
      day: String(d).padStart(2, '0'),
      i_day: String(d),
      y_day: String(yearDay).padStart(3, '0'),
      title,
      slug: slugify(title) || title,
      categories: input.categories.map((c) => c.toLowerCase()).join('/'),
      output_ext: '.html',
    }),
  );
}

/** A Jekyll page's address (`about.md` → `/about.html`, or `/about/` with the `pretty` style). */
export function jekyllPageAddress(path: string, sitePattern: string | undefined): string {
  const stem = path.replace(/\.(md|markdown|html)$/i, '');
  const pretty = sitePattern === 'pretty' || (sitePattern?.endsWith('/') ?? false);
  if (/(^|\/)index$/.test(stem)) return tidy(stem.replace(/index$/, ''));
  return tidy(pretty ? `${stem}/` : `${stem}.html`);
}

/** Hugo's `urlize`: lower case (unless kept), spaces as hyphens, punctuation left out. */
export function urlize(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/\s+/g, '-')
    .replace(/[^\p{L}\p{N}\p{M}_\-./]/gu, '');
}

/** A Hugo page's address; `pattern` is the section's entry of `[permalinks]`. */
export function hugoAddress(input: AddressInput, pattern: string | undefined, ugly: boolean, keepCase: boolean): string {
  const folders = input.path.split('/').slice(0, -1);
  const bundle = /(^|\/)index\.(md|markdown)$/i.test(input.path);
  const sections = bundle ? folders.slice(0, -1) : folders;
  let path: string;
  if (pattern) {
    const { y, m, d, yearDay } = dateParts(input.date, input.timeZone);
    const slug = input.slug ?? urlize(input.title);
    path = fill(pattern, {
      year: String(y),
      month: String(m).padStart(2, '0'),
      monthname: MONTHS[m - 1]!,
      day: String(d).padStart(2, '0'),
      yearday: String(yearDay),
      section: sections[0] ?? '',
      sections: sections.join('/'),
      title: urlize(input.title),
      slug,
      filename: input.fileSlug,
      contentbasename: input.fileSlug,
      slugorfilename: input.slug ?? input.fileSlug,
      slugorcontentbasename: input.slug ?? input.fileSlug,
    });
  } else {
    path = [...sections, input.slug ?? input.fileSlug].join('/') + '/';
  }
  if (ugly && path.endsWith('/')) path = `${path.slice(0, -1)}.html`;
  return tidy(keepCase ? path : path.toLowerCase());
}

/** An Eleventy page's default address: its path under the input folder, as a folder. */
export function eleventyAddress(path: string): string {
  const stem = path.replace(/\.(md|markdown)$/i, '');
  return tidy(/(^|\/)index$/.test(stem) ? stem.replace(/index$/, '') : `${stem}/`);
}

/**
 * An Eleventy `permalink` with its simplest templates filled in (`{{ page.fileSlug }}`, `{{ title |
 * slugify }}`, `{{ page.filePathStem }}`); undefined when other templates remain.
 */
export function eleventyPermalink(permalink: string, input: AddressInput): string | undefined {
  const stem = input.path.replace(/\.(md|markdown)$/i, '');
  const filled = permalink.replace(/\{\{-?\s*([^}]+?)\s*-?\}\}/g, (whole, expression: string) => {
    const e = expression.replace(/\s+/g, ' ');
    if (e === 'page.fileSlug') return input.fileSlug;
    if (e === 'page.filePathStem') return `/${stem}`;
    if (/^(title|slug) \| (slugify|slug)$/.test(e)) return slugify(e.startsWith('slug') ? (input.slug ?? '') : input.title);
    return whole;
  });
  if (filled.includes('{{') || filled.includes('{%')) return undefined;
  return tidy(filled.replace(/(^|\/)index\.html$/, '$1'));
}
