/**
 * Substack's export (Settings → Exports → "Create new export"): a zip holding `posts.csv` — one row a
 * post: `post_id` (`ID.slug`), `post_date`, `is_published`, `email_sent_at`, `inbox_sent_at`, `type`
 * (newsletter, podcast, thread), `audience` (everyone, only_free, only_paid, founding), `title`,
 * `subtitle`, `podcast_url` — and `posts/ID.slug.html`, each post's body; the subscriber list is
 * `email_list.NAME.csv` (`email`, `active_subscription`, `expiry`, `plan`, `email_disabled`,
 * `created_at`, `first_payment_at`). The `*.opens.csv` and `*.delivers.csv` files (mail statistics) are
 * not read.
 *
 * A published post comes in live at its Substack slug, and its old address `/p/slug` answers 301. Posts
 * for paying subscribers come in as drafts (Dastan has no paid tier: publishing one is the owner's
 * choice), and so do unpublished ones. A subtitle becomes the search description, a podcast's audio a
 * link under its text. Subscribers whose mail is not disabled become the blog's e-mail subscribers, with
 * the date they subscribed as their consent date.
 */
import { parseDate } from './common.js';
import { ImportRefusedError } from './import-errors.js';
import type { ImportItem, ParserInput, ZipArchive } from './import-model.js';

const POSTS_CSV = /(^|\/)posts\.csv$/;
const EMAIL_LIST = /(^|\/)email_list\.[^/]*\.csv$/;
const PAID = new Set(['only_paid', 'founding']);

type Row = Record<string, string>;
type ParseCsv = (typeof import('csv-parse/sync'))['parse'];

/** True for the files of a Substack export: a `posts.csv` whose header names Substack's columns. */
export function isSubstackZip(names: readonly string[], read: (name: string) => Buffer): boolean {
  const csv = names.find((n) => POSTS_CSV.test(n));
  if (!csv) return false;
  const header = read(csv).subarray(0, 4096).toString('utf8').split(/\r?\n/, 1)[0] ?? '';
  return /\bpost_id\b/.test(header) && /\bis_published\b/.test(header);
}

/** The rows of a CSV file of the export; refused, naming the file, when it cannot be read. */
function rowsOf(parse: ParseCsv, zip: ZipArchive, file: string): Row[] {
  try {
    return parse<Row>(
      zip
        .read(file)
        .toString('utf8')
        .replace(/^\uFEFF/, ''),
      {
        columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
        skip_empty_lines: true,
        relax_column_count: true,
      },
    );
  } catch (error) {
    if (error instanceof ImportRefusedError) throw error;
    throw new ImportRefusedError(`${file} in the Substack export is not CSV that can be read (${(error as Error).message})`);
  }
}

const truthy = (value: string | undefined) => value?.trim().toLowerCase() === 'true';

function* postItems(zip: ZipArchive, folder: string, row: Row, line: number): Generator<ImportItem> {
  const postId = (row.post_id ?? '').trim();
  const title = (row.title ?? '').trim();
  const name = `"${title || '(untitled)'}"`;
  const match = /^(\d+)(?:\.(.+))?$/.exec(postId);
  if (!match) {
    yield { type: 'skip', reason: 'a row of posts.csv without a Substack post_id', entry: name, line };
    return;
  }
  const [, id, slug] = match;
  const file = `${folder}posts/${postId}.html`;
  let body = '';
  if (zip.names.includes(file)) body = zip.read(file).toString('utf8');
  else yield { type: 'warning', message: 'posts without their HTML file in the export were imported with an empty body', line };
  const podcast = (row.podcast_url ?? '').trim();
  if (/^https?:\/\//i.test(podcast)) body += `\n<p><a href="${podcast.replace(/"/g, '%22')}">Listen to the episode</a></p>`;

  const published = truthy(row.is_published);
  const paid = PAID.has((row.audience ?? '').trim());
  if (published && paid) {
    yield {
      type: 'warning',
      message: 'posts for paying subscribers were imported as drafts (Dastan has no paid tier; publish them if you wish)',
      line,
    };
  }
  const live = published && !paid;
  yield {
    type: 'post',
    sourceId: `substack:post:${id}`,
    kind: 'post',
    status: live ? 'live' : 'draft',
    title,
    body,
    format: 'html',
    publishedAt: parseDate(row.post_date) ?? parseDate(row.email_sent_at),
    labels: [],
    permalink: slug ? { slug } : undefined,
    searchDescription: (row.subtitle ?? '').trim() || undefined,
    oldAddresses: slug && live ? [{ from: `/p/${slug}` }] : [],
    line,
  };
}

/** Parses a Substack export (the zip). */
export async function* parseSubstack({ zip }: ParserInput): AsyncGenerator<ImportItem> {
  if (!zip) throw new ImportRefusedError('a Substack export is a zip file');
  const csv = zip.names.find((n) => POSTS_CSV.test(n));
  if (!csv) throw new ImportRefusedError('the zip has no posts.csv of a Substack export');
  const folder = csv.slice(0, csv.length - 'posts.csv'.length);
  // csv-parse is loaded with the parser, not with the format detection the web server holds.
  const { parse } = await import('csv-parse/sync');
  for (const [i, row] of rowsOf(parse, zip, csv).entries()) yield* postItems(zip, folder, row, i + 2);

  for (const list of zip.names.filter((n) => EMAIL_LIST.test(n))) {
    for (const [i, row] of rowsOf(parse, zip, list).entries()) {
      const email = (row.email ?? '').trim();
      if (!email) continue;
      if (truthy(row.email_disabled)) {
        yield { type: 'skip', reason: 'a subscriber whose mail is disabled (unsubscribed on Substack)', entry: email, line: i + 2 };
        continue;
      }
      yield { type: 'subscriber', email, consentAt: parseDate(row.created_at), line: i + 2 };
    }
  }
}
