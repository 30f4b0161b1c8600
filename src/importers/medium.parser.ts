/**
 * Medium's account export: a zip whose `posts/` folder holds one HTML file a post —
 * `YYYY-MM-DD_Title-POSTID.html` (published) or `draft_Title-POSTID.html` — each an `h-entry` with
 * `h1.p-name`, `section.p-summary` (the subtitle), `section.e-content` (the body), `time.dt-published`
 * and `a.p-canonical` (the post's address). A post comes in with its time and subtitle (as its search
 * description); its canonical address and Medium's short `/p/POSTID` answer 301. Medium repeats the
 * title as the body's first heading: that copy is left out. Responses (Medium's comments) are posts of
 * their own in the export and are imported as such.
 */
import { DomUtils, parseDocument } from 'htmlparser2';
import type { Element } from 'domhandler';
import { parseDate, pathOf } from './common.js';
import { ImportRefusedError } from './import-errors.js';
import type { ImportItem, OldAddress, ParserInput } from './import-model.js';

const POST_FILE = /^(?:.*\/)?posts\/(draft_)?(?:(\d{4}-\d{2}-\d{2})_)?(.*?)-?([0-9a-f]{8,16})?\.html$/i;

/** True for the files of a Medium export: HTML posts under `posts/` marked up as Medium writes them. */
export function isMediumZip(names: readonly string[], read: (name: string) => Buffer): boolean {
  const post = names.find((n) => POST_FILE.test(n));
  if (!post) return false;
  const html = read(post)
    .subarray(0, 64 * 1024)
    .toString('utf8');
  return /class="h-entry"/.test(html) && /medium\.com|graf--/.test(html);
}

const byClass = (root: Element[] | Element, name: string) =>
  DomUtils.findOne((e) => (DomUtils.getAttributeValue(e, 'class') ?? '').split(/\s+/).includes(name), Array.isArray(root) ? root : [root]);

function postItem(file: string, html: string): ImportItem {
  const match = POST_FILE.exec(file)!;
  const doc = parseDocument(html);
  const nodes = doc.children as Element[];
  const article = byClass(nodes, 'h-entry');
  if (!article) return { type: 'skip', reason: 'a file under posts/ that is not a Medium post', entry: file };
  const title = DomUtils.textContent(byClass(article, 'p-name') ?? [])
    .replace(/\s+/g, ' ')
    .trim();
  const body = byClass(article, 'e-content');
  if (body) {
    const repeated = byClass(body, 'graf--title');
    if (repeated && DomUtils.textContent(repeated).replace(/\s+/g, ' ').trim() === title) DomUtils.removeElement(repeated);
  }
  const time = byClass(article, 'dt-published');
  const canonical = byClass(article, 'p-canonical');
  const canonicalUrl = canonical ? DomUtils.getAttributeValue(canonical, 'href') : undefined;
  const id = match[4] ?? (canonicalUrl ? /([0-9a-f]{8,16})$/.exec(canonicalUrl)?.[1] : undefined) ?? file;
  const draft = match[1] !== undefined || !time;
  const addresses: OldAddress[] = [];
  const canonicalPath = canonicalUrl ? pathOf(canonicalUrl) : undefined;
  if (canonicalPath && !draft) addresses.push({ from: canonicalPath });
  if (!draft && !canonicalPath?.startsWith('/p/')) addresses.push({ from: `/p/${id}` });
  const slug = canonicalPath
    ?.split('/')
    .at(-1)
    ?.replace(new RegExp(`-?${id}$`), '');
  const subtitle = DomUtils.textContent(byClass(article, 'p-summary') ?? [])
    .replace(/\s+/g, ' ')
    .trim();
  return {
    type: 'post',
    sourceId: `medium:${id}`,
    kind: 'post',
    status: draft ? 'draft' : 'live',
    title,
    body: body ? DomUtils.getInnerHTML(body) : '',
    format: 'html',
    publishedAt: parseDate(time ? DomUtils.getAttributeValue(time, 'datetime') : undefined) ?? parseDate(match[2]),
    labels: [],
    permalink: slug && !draft ? { slug } : undefined,
    searchDescription: subtitle || undefined,
    oldAddresses: addresses,
  };
}

/** Parses a Medium export (the zip). */
export async function* parseMedium({ zip }: ParserInput): AsyncGenerator<ImportItem> {
  if (!zip) throw new ImportRefusedError('a Medium export is a zip file');
  const posts = zip.names.filter((n) => POST_FILE.test(n));
  if (posts.length === 0) throw new ImportRefusedError('the zip has no posts/ folder of a Medium export');
  for (const file of posts) yield postItem(file, zip.read(file).toString('utf8'));
  const profile = zip.names.find((n) => /(^|\/)profile\/profile\.html$/.test(n));
  if (profile) {
    const doc = parseDocument(zip.read(profile).toString('utf8'));
    const name = byClass(doc.children as Element[], 'p-name');
    if (name) yield { type: 'settings', title: DomUtils.textContent(name).trim() || undefined };
  }
}
