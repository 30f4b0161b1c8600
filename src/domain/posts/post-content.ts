/**
 * A post's content rules, in one place: how its title, body, labels, search description and author name
 * are cleaned and limited before they are stored. Creating, updating, autosaving, restoring a revision
 * and importing all go through here, so the same input is stored the same way whichever path it took.
 */
import type MarkdownIt from 'markdown-it';
import { InvalidInputError } from '../errors.js';
import { htmlToText } from '../text/plain-text.js';
import { sanitizePostHtml } from '../text/sanitize.js';
import type { PostHtmlRules } from '../text/html-rules.js';
import { cutText, wellFormed } from '../text/unicode.js';

export const MAX_BODY_BYTES = 2 * 1024 * 1024;
export const MAX_TITLE = 500;
export const MAX_LABEL = 100;
export const MAX_LABELS = 100;
export const MAX_SEARCH_DESCRIPTION = 300;
export const MAX_AUTHOR_NAME = 200;

/** What a writer (or an import) gives for a post's content. */
export interface ContentInput {
  title: string;
  /** HTML (sanitized here) or Markdown. */
  body: string;
  format?: 'html' | 'markdown';
  labels?: readonly string[];
  searchDescription?: string;
  authorName?: string;
}

/** The content as stored. */
export interface PostContent {
  title: string;
  bodyHtml: string;
  bodyText: string;
  labels: string[];
  searchDescription: string;
  authorName: string;
}

let markdown: InstanceType<typeof MarkdownIt> | undefined;

/** Markdown to HTML. markdown-it is loaded on the first Markdown post, not at every start. */
async function renderMarkdown(text: string): Promise<string> {
  if (!markdown) {
    const { default: Markdown } = await import('markdown-it');
    markdown = new Markdown({ html: true, linkify: true, typographer: false });
  }
  return markdown.render(text);
}

/** Text for a one-line field: well-formed, control characters (NUL included) as spaces, trimmed. */
function oneLine(text: string): string {
  return wellFormed(text)
    .replace(/[\u0000-\u001F\u007F]/g, ' ')
    .trim();
}

/** A post's title as stored: well-formed, NFC, control characters as spaces, trimmed (not yet checked for length). */
export function postTitle(raw: string): string {
  return wellFormed(raw)
    .normalize('NFC')
    .replace(/[\u0000-\u001F\u007F]/g, ' ')
    .trim();
}

/** The stored title, refused when longer than MAX_TITLE characters. */
export function checkedTitle(raw: string): string {
  const title = postTitle(raw);
  if (title.length > MAX_TITLE) throw new InvalidInputError(`A title is at most ${MAX_TITLE} characters.`, 'title');
  return title;
}

/** Whether a body is over the limit (imports skip such an entry; a writer is refused). */
export function isBodyTooLarge(body: string): boolean {
  return Buffer.byteLength(body) > MAX_BODY_BYTES;
}

function checkBodySize(body: string): void {
  if (isBodyTooLarge(body)) throw new InvalidInputError('The body is larger than 2 MB.', 'body');
}

/** A body as typed (HTML or Markdown) made into sanitized HTML and its plain text. */
export async function renderBody(body: string, format: 'html' | 'markdown', rules: PostHtmlRules): Promise<{ html: string; text: string }> {
  checkBodySize(body);
  const html = sanitizePostHtml(format === 'markdown' ? await renderMarkdown(body) : body, rules).html;
  return { html, text: htmlToText(html) };
}

/** Trims label names, drops empty and repeated ones, and refuses ones a URL cannot carry. */
export function normalizeLabels(labels: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const raw of labels) {
    const name = wellFormed(raw).normalize('NFC').replace(/\s+/g, ' ').trim();
    if (!name) continue;
    if (name.length > MAX_LABEL) throw new InvalidInputError(`A label is at most ${MAX_LABEL} characters.`, 'labels');
    // Commas are allowed: Blogger and WordPress labels may hold them ("maven, test"), and their
    // addresses (`/search/label/maven%2C%20test`) carry them; label-list.ts quotes such a name.
    if (/[\u0000-\u001F\u007F]/.test(name)) throw new InvalidInputError('A label cannot contain control characters.', 'labels');
    // A URL path folds `.` and `..` away, so such a label's page could never be reached.
    if (name === '.' || name === '..') throw new InvalidInputError('A label cannot be "." or "..".', 'labels');
    seen.add(name);
  }
  if (seen.size > MAX_LABELS) throw new InvalidInputError(`A post has at most ${MAX_LABELS} labels.`, 'labels');
  return [...seen];
}

/** The search description on one line: well-formed, each run of white space or control characters one space, trimmed. */
export function searchDescriptionLine(raw: string | undefined): string {
  return wellFormed(raw ?? '')
    .replace(/[\s\u0000-\u001F\u007F]+/g, ' ')
    .trim();
}

/** The search description as stored: on one line, at most MAX_SEARCH_DESCRIPTION characters. */
export function searchDescription(raw: string | undefined): string {
  return cutText(searchDescriptionLine(raw), MAX_SEARCH_DESCRIPTION);
}

/** The author's name on one line: well-formed, control characters as spaces, trimmed. */
export function authorNameLine(raw: string | undefined): string {
  return oneLine(raw ?? '');
}

/** The author's name as stored on the post: on one line, at most MAX_AUTHOR_NAME characters. */
export function authorName(raw: string | undefined): string {
  return cutText(authorNameLine(raw), MAX_AUTHOR_NAME);
}

/**
 * Every content rule at once: the title checked, the body limited, sanitized under `rules` and read as
 * plain text, the labels normalized, the search description and author name made one line and cut.
 * Throws InvalidInputError (naming the field) for what cannot be stored.
 */
export async function postContent(input: ContentInput, rules: PostHtmlRules): Promise<PostContent> {
  const title = checkedTitle(input.title);
  checkBodySize(input.body);
  const labels = normalizeLabels(input.labels ?? []);
  const body = await renderBody(input.body, input.format ?? 'html', rules);
  return {
    title,
    bodyHtml: body.html,
    bodyText: body.text,
    labels,
    searchDescription: searchDescription(input.searchDescription),
    authorName: authorName(input.authorName),
  };
}
