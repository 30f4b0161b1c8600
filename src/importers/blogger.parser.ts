/**
 * Blogger backups, both formats, streamed entry by entry:
 * - the classic Atom backup: entries typed by a `…/blogger/2008/kind#post|page|comment|settings|template`
 *   category, drafts by `app:control/app:draft`, comments by `thr:in-reply-to` (and, for replies, a
 *   `related` link to the comment they answer);
 * - the 2018 format (`xmlns:blogger="http://schemas.google.com/blogger/2018"`): `blogger:type`,
 *   `blogger:status`, `blogger:filename`, `blogger:parent` (a comment's post), `blogger:inReplyTo`.
 * A post keeps its path (`/2014/02/slug.html`, from `blogger:filename` or its alternate link) and its
 * Blogger ID. Settings and template entries never become posts: the title and description are kept.
 */
import { bloggerPermalink, basePathOf, decodeEntities, isWebUrl, parseDate, pathOf, textToHtml, titleText } from './common.js';
import { htmlToText } from '../domain/text/plain-text.js';
import { ImportRefusedError } from './import-errors.js';
import type { ImportedComment, ImportedPost, ImportItem, ParserInput } from './import-model.js';
import { childOf, childrenOf, childText, readXml, serializeNodes, textOf, type XmlElement } from './xml/xml-records.js';

export const ATOM = 'http://www.w3.org/2005/Atom';
export const BLOGGER_2018 = 'http://schemas.google.com/blogger/2018';
export const THR = 'http://purl.org/syndication/thread/1.0';
export const GD = 'http://schemas.google.com/g/2005';
export const APP_OLD = 'http://purl.org/atom/app#';
export const APP = 'http://www.w3.org/2007/app';
/** Dastan's own additions to the exports it writes (what Blogger's format has no place for). */
export const DASTAN_NS = 'urn:dastan:export:1';
export const KIND_SCHEME = 'http://schemas.google.com/g/2005#kind';
const KIND_PREFIX = 'http://schemas.google.com/blogger/2008/kind#';
const APP_NAMESPACES = new Set([APP_OLD, APP]);

/** Prefixes Blogger's backups use, for files that forget to declare one (pelican's has `app:` undeclared). */
const KNOWN_PREFIXES: Record<string, string> = {
  app: APP_OLD,
  thr: THR,
  gd: GD,
  blogger: BLOGGER_2018,
  georss: 'http://www.georss.org/georss',
  openSearch: 'http://a9.com/-/spec/opensearchrss/1.0/',
  media: 'http://search.yahoo.com/mrss/',
  dastan: DASTAN_NS,
};

const COMMENTS_SETTINGS = new Set(['allow', 'closed-show', 'closed-hide']);

interface FeedContext {
  title?: string;
  description?: string;
  basePath: string;
  /** Blogger's settings entries, by name (BLOG_LOCALE → `fr`). */
  settings: Map<string, string>;
}

const ACCESS: Record<string, 'anyone' | 'users' | 'members'> = {
  ANYONE: 'anyone',
  REGISTERED: 'users',
  REGISTERED_USERS: 'users',
  BLOGGERS: 'users',
  MEMBERS: 'members',
  AUTHORS: 'members',
};
const MODERATION: Record<string, 'always' | 'older' | 'never'> = {
  DISABLED: 'never',
  NEVER: 'never',
  ALWAYS: 'always',
  ENABLED: 'always',
  SOMETIMES: 'older',
};

/** The blog's settings from Blogger's: title, description, language (`en_GB` → `en-GB`), time zone, comment settings. */
function settingsItem(feed: FeedContext): ImportItem {
  const s = feed.settings;
  const locale = s.get('BLOG_LOCALE')?.replace(/_/g, '-');
  const days = Number(s.get('BLOG_COMMENT_MODERATION_DELAY'));
  const access = ACCESS[s.get('BLOG_COMMENT_ACCESS')?.toUpperCase() ?? ''];
  const moderation = MODERATION[s.get('BLOG_COMMENT_MODERATION')?.toUpperCase() ?? ''];
  return {
    type: 'settings',
    title: feed.title,
    description: feed.description,
    language: locale || undefined,
    timeZone: s.get('BLOG_TIME_ZONE') || undefined,
    comments:
      access || moderation
        ? { access, moderation, moderationDays: moderation === 'older' && Number.isInteger(days) && days > 0 ? days : undefined }
        : undefined,
  };
}

function linkHref(entry: XmlElement, rel: string): string | undefined {
  return childrenOf(entry, ATOM, 'link').find((l) => l.attrs.rel === rel)?.attrs.href;
}

function contentHtml(content: XmlElement | undefined): string {
  if (!content) return '';
  const type = content.attrs.type ?? 'text';
  if (type === 'xhtml') {
    const div = content.nodes.find((n): n is XmlElement => typeof n !== 'string');
    return div ? serializeNodes(div.nodes) : '';
  }
  const text = textOf(content);
  return type === 'html' || type === 'text/html' ? text : textToHtml(text);
}

/** The text of an element Blogger writes HTML-escaped (or as HTML, `type="html"`): the blog's name and description. */
function plainText(element: XmlElement | undefined): string {
  const text = textOf(element);
  return (element?.attrs.type === 'html' ? htmlToText(text) : decodeEntities(text)).trim();
}

/** The kind of an entry: `post`, `page`, `comment`, `settings`, `template` — or what its ID suggests. */
function kindOf(entry: XmlElement, id: string): string {
  const typed = childText(entry, BLOGGER_2018, 'type');
  if (typed) return typed.toLowerCase();
  const category = childrenOf(entry, ATOM, 'category').find((c) => c.attrs.scheme === KIND_SCHEME);
  if (category?.attrs.term?.startsWith(KIND_PREFIX)) return category.attrs.term.slice(KIND_PREFIX.length);
  if (/\.settings\./.test(id)) return 'settings';
  if (/\.layout$|\.template/.test(id)) return 'template';
  return '';
}

function authorOf(entry: XmlElement): { name: string; email?: string; uri?: string } {
  const author = childOf(entry, ATOM, 'author');
  if (!author) return { name: '' };
  const email = childText(author, ATOM, 'email');
  const uri = childText(author, ATOM, 'uri');
  return {
    name: decodeEntities(childText(author, ATOM, 'name')),
    email: email && !/^noreply@blogger\.com$/i.test(email) ? email : undefined,
    uri: uri || undefined,
  };
}

/** The numeric ID at the end of a Blogger entry ID (`…post-123`), kept as the Dastan ID when free. */
function numericId(id: string): string | undefined {
  return /[.-](?:post|page|comment)-(\d{1,19})$/.exec(id)?.[1];
}

function postItem(entry: XmlElement, id: string, kind: 'post' | 'page', feed: FeedContext): ImportItem[] {
  const items: ImportItem[] = [];
  const is2018 = childOf(entry, BLOGGER_2018, 'type') !== undefined;
  const status2018 = childText(entry, BLOGGER_2018, 'status').toUpperCase();
  const titleElement = childOf(entry, ATOM, 'title');
  const title = titleText(textOf(titleElement), titleElement?.attrs.type === 'html');
  const label = `"${title || '(untitled)'}" (${id})`;

  if (textOf(childOf(entry, BLOGGER_2018, 'trashed')).trim()) {
    return [{ type: 'skip', reason: `a ${kind} in Blogger's trash`, entry: label, line: entry.line }];
  }
  let status: ImportedPost['status'];
  if (is2018) {
    if (status2018 === 'LIVE') status = 'live';
    else if (status2018 === 'DRAFT') status = 'draft';
    else if (status2018 === 'SCHEDULED') status = 'scheduled';
    else if (/TRASH|DELETED/.test(status2018)) return [{ type: 'skip', reason: `a deleted ${kind}`, entry: label, line: entry.line }];
    else {
      items.push({ type: 'warning', message: `${label} has the status "${status2018}"; imported as a draft`, line: entry.line });
      status = 'draft';
    }
  } else {
    const control = childOf(entry, APP_NAMESPACES, 'control');
    const draft = control ? childText(control, APP_NAMESPACES, 'draft').toLowerCase() : '';
    status = draft === 'yes' ? 'draft' : 'live';
  }

  const path = is2018 ? childText(entry, BLOGGER_2018, 'filename') || undefined : undefined;
  const alternate = linkHref(entry, 'alternate');
  const originalPath = path ?? (alternate ? pathOf(alternate, feed.basePath) : undefined);
  let permalink = bloggerPermalink(originalPath);
  if (permalink && (permalink.year === undefined) !== (kind === 'page')) permalink = undefined;
  const author = authorOf(entry);
  const published = parseDate(childText(entry, ATOM, 'published'));
  const updated = parseDate(childText(entry, ATOM, 'updated'));
  const settingText = childText(entry, DASTAN_NS, 'comments');

  const post: ImportedPost = {
    type: 'post',
    sourceId: id,
    kind,
    status,
    title,
    body: contentHtml(childOf(entry, ATOM, 'content')),
    format: 'html',
    publishedAt: published,
    updatedAt: updated,
    labels: childrenOf(entry, ATOM, 'category')
      .filter((c) => c.attrs.scheme !== KIND_SCHEME && c.attrs.term)
      .map((c) => decodeEntities(c.attrs.term!)),
    permalink,
    keepId: numericId(id),
    author: author.name ? { name: author.name, email: author.email } : undefined,
    searchDescription: decodeEntities(childText(entry, BLOGGER_2018, 'metaDescription')) || undefined,
    commentsSetting: COMMENTS_SETTINGS.has(settingText) ? (settingText as ImportedPost['commentsSetting']) : undefined,
    oldAddresses: originalPath && !permalink ? [{ from: originalPath }] : [],
    line: entry.line,
  };
  items.push(post);
  return items;
}

function commentItem(entry: XmlElement, id: string, is2018: boolean): ImportItem {
  const author = authorOf(entry);
  const entryName = `comment ${id}`;
  let replyTo: string;
  let parentSourceId: string | undefined;
  let status: ImportedComment['status'] = 'live';
  if (is2018) {
    if (textOf(childOf(entry, BLOGGER_2018, 'trashed')).trim())
      return { type: 'skip', reason: "a comment in Blogger's trash", entry: entryName, line: entry.line };
    replyTo = childText(entry, BLOGGER_2018, 'parent');
    parentSourceId = childText(entry, BLOGGER_2018, 'inReplyTo') || undefined;
    const s = childText(entry, BLOGGER_2018, 'status').toUpperCase();
    if (s === 'LIVE' || s === '') status = 'live';
    else if (s === 'SPAM') status = 'spam';
    else if (/PENDING|REVIEW|HELD|MODERAT/.test(s)) status = 'pending';
    else if (/DELETED|TRASH|REMOVED/.test(s)) return { type: 'skip', reason: 'a deleted comment', entry: entryName, line: entry.line };
    else status = 'pending';
  } else {
    const inReplyTo = childOf(entry, THR, 'in-reply-to');
    replyTo = (inReplyTo?.attrs.ref ?? '').trim();
    // A threaded reply links to the comment it answers: …/comments/default/PARENT_ID.
    const related = linkHref(entry, 'related');
    const parentNumber = related ? /\/comments\/default\/(\d+)$/.exec(related)?.[1] : undefined;
    if (parentNumber) parentSourceId = id.replace(/\d+$/, parentNumber);
    const removed = childrenOf(entry, GD, 'extendedProperty').some(
      (p) => p.attrs.name === 'blogger.contentRemoved' && p.attrs.value === 'true',
    );
    if (removed) return { type: 'skip', reason: 'a comment removed on Blogger', entry: entryName, line: entry.line };
  }
  if (!replyTo) return { type: 'skip', reason: 'a comment that names no post', entry: entryName, line: entry.line };
  return {
    type: 'comment',
    sourceId: id,
    replyTo,
    parentSourceId,
    status,
    authorName: author.name,
    authorUrl: isWebUrl(author.uri) ? author.uri : undefined,
    authorEmail: author.email,
    body: contentHtml(childOf(entry, ATOM, 'content')),
    createdAt: parseDate(childText(entry, ATOM, 'published')),
    keepId: numericId(id),
    line: entry.line,
  };
}

function* entryItems(entry: XmlElement, feed: FeedContext): Generator<ImportItem> {
  const id = childText(entry, ATOM, 'id');
  const kind = kindOf(entry, id);
  const titleElement = childOf(entry, ATOM, 'title');
  const name = `"${titleText(textOf(titleElement), titleElement?.attrs.type === 'html') || '(untitled)'}"`;
  if (!id) {
    yield { type: 'skip', reason: 'an entry without an <id>', entry: name, line: entry.line };
    return;
  }
  switch (kind) {
    case 'post':
    case 'page':
      yield* postItem(entry, id, kind, feed);
      return;
    case 'comment':
      yield commentItem(entry, id, childOf(entry, BLOGGER_2018, 'type') !== undefined);
      return;
    case 'settings': {
      const setting = /\.settings\.(\w+)$/.exec(id)?.[1];
      if (setting === 'BLOG_DESCRIPTION') feed.description = plainText(childOf(entry, ATOM, 'content'));
      if (setting === 'BLOG_NAME') feed.title = plainText(childOf(entry, ATOM, 'content'));
      if (setting) feed.settings.set(setting, textOf(childOf(entry, ATOM, 'content')).trim());
      yield {
        type: 'skip',
        reason:
          'a Blogger setting (settings never become posts; the title, description, language, time zone and comment settings are kept)',
        entry: setting ?? id,
        line: entry.line,
      };
      return;
    }
    case 'template':
      yield { type: 'skip', reason: 'the Blogger template (Dastan has its own themes)', entry: id, line: entry.line };
      return;
    default:
      yield { type: 'skip', reason: `an entry of the unknown kind "${kind || 'none'}"`, entry: `${name} (${id})`, line: entry.line };
  }
}

/** Parses a Blogger backup (classic Atom or 2018 format). */
export async function* parseBlogger({ source, onRead, partial }: ParserInput): AsyncGenerator<ImportItem> {
  const feed: FeedContext = { basePath: '/', settings: new Map() };
  let sawRoot = false;
  for await (const event of readXml(source, { recordDepth: 2, knownPrefixes: KNOWN_PREFIXES, onRead, partial })) {
    if (event.type === 'repair') {
      yield { type: 'warning', message: event.message, line: event.line };
    } else if (event.type === 'open' && event.depth === 1) {
      if (event.element.name !== 'feed' || event.element.uri !== ATOM) {
        throw new ImportRefusedError(`the root element is <${event.element.name}>, not an Atom <feed>`, event.element.line);
      }
      sawRoot = true;
    } else if (event.type === 'record' && event.element.uri === ATOM) {
      const element = event.element;
      if (element.name === 'entry') yield* entryItems(element, feed);
      else if (element.name === 'title') feed.title = titleText(textOf(element), element.attrs.type === 'html') || feed.title;
      else if (element.name === 'subtitle') feed.description = plainText(element);
      else if (element.name === 'link' && element.attrs.rel === 'alternate') feed.basePath = basePathOf(element.attrs.href);
    }
  }
  if (!sawRoot) throw new ImportRefusedError('the file has no root element');
  yield settingsItem(feed);
}
