/**
 * WordPress eXtended RSS (WXR 1.0, 1.1, 1.2), streamed item by item. Elements are matched by
 * namespace, not prefix, so a file that rebinds `wp:` to another namespace cannot pass its elements off
 * as WordPress's. Posts and pages come in with their categories and tags as labels, comments with their
 * parents and approval status, authors, dates, drafts and scheduled posts; attachments are listed as
 * media (their files stay where they are). Old addresses — the item's link, `/?p=ID`, category and tag
 * pages, feeds — become redirects.
 */
import { basePathOf, bloggerPermalink, isWebUrl, parseDate, pathOf } from './common.js';
import { ImportRefusedError } from './import-errors.js';
import type { ImportedComment, ImportedPost, ImportItem, OldAddress, ParserInput } from './import-model.js';
import { childrenOf, childText, readXml, textOf, type XmlElement } from './xml/xml-records.js';
import { wpautop } from './wpautop.js';
import { htmlToText } from '../domain/text/plain-text.js';

const VERSIONS = ['1.0', '1.1', '1.2', '1.3'];
const WP = new Set(VERSIONS.flatMap((v) => [`http://wordpress.org/export/${v}/`, `https://wordpress.org/export/${v}/`]));
const EXCERPT = new Set(
  VERSIONS.flatMap((v) => [`http://wordpress.org/export/${v}/excerpt/`, `https://wordpress.org/export/${v}/excerpt/`]),
);
const CONTENT = 'http://purl.org/rss/1.0/modules/content/';
const DC = 'http://purl.org/dc/elements/1.1/';

const KNOWN_PREFIXES: Record<string, string> = {
  wp: 'http://wordpress.org/export/1.2/',
  excerpt: 'http://wordpress.org/export/1.2/excerpt/',
  content: CONTENT,
  dc: DC,
  wfw: 'http://wellformedweb.org/CommentAPI/',
  atom: 'http://www.w3.org/2005/Atom',
};

/** WordPress's own bookkeeping types: never content. */
const INTERNAL_TYPES = new Set([
  'revision',
  'nav_menu_item',
  'custom_css',
  'customize_changeset',
  'oembed_cache',
  'user_request',
  'wp_block',
  'wp_template',
  'wp_template_part',
  'wp_global_styles',
  'wp_navigation',
  'wp_font_family',
  'wp_font_face',
]);
const COMMENT_TYPES = new Set(['', 'comment', 'pingback', 'trackback', 'webmention']);

interface Term {
  name: string;
  termId?: string;
  parent?: string;
}

interface Channel {
  version?: string;
  title?: string;
  description?: string;
  link?: string;
  baseSiteUrl?: string;
  baseBlogUrl?: string;
  generator?: string;
  authors: Map<string, { name: string; email?: string }>;
  categories: Map<string, Term>;
  tags: Map<string, Term>;
  postIds: Map<string, number>;
  usedCategories: Map<string, string>;
  usedTags: Map<string, string>;
  ignoredTaxonomies: Set<string>;
  posts: number;
}

/** A WordPress date (`2010-10-20 14:08:20`), in UTC when `utc`; undefined for WordPress's zero date. */
function wpDate(value: string, utc: boolean): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(value.trim());
  if (!m || m[1] === '0000') return undefined;
  const ms = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${utc ? 'Z' : ''}`);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The time of an item or comment: its GMT date, else the RSS date, else its local date read as UTC. */
function bestDate(element: XmlElement, gmtName: string, localName: string, rss?: string): number | undefined {
  const gmt = wpDate(childText(element, WP, gmtName), true);
  if (gmt !== undefined) return gmt;
  const pub = rss ? parseDate(rss) : undefined;
  if (pub !== undefined && pub > 0) return pub;
  return wpDate(childText(element, WP, localName), true);
}

function decodeSlug(slug: string): string {
  try {
    return decodeURIComponent(slug).normalize('NFC');
  } catch {
    return slug;
  }
}

function siteKey(channel: Channel): string {
  return (channel.baseSiteUrl || channel.baseBlogUrl || channel.link || 'wordpress').replace(/\/+$/, '');
}

function categoryPath(channel: Channel, nicename: string): string {
  const parts = [nicename];
  const seen = new Set(parts);
  for (
    let parent = channel.categories.get(nicename)?.parent;
    parent && !seen.has(parent);
    parent = channel.categories.get(parent)?.parent
  ) {
    parts.unshift(parent);
    seen.add(parent);
  }
  return parts.join('/');
}

function readChannelRecord(channel: Channel, element: XmlElement): ImportItem[] {
  const wp = WP.has(element.uri);
  if (element.uri === '') {
    if (element.name === 'title') channel.title = textOf(element).trim();
    else if (element.name === 'description') channel.description = textOf(element).trim();
    else if (element.name === 'link') channel.link = textOf(element).trim();
    else if (element.name === 'generator') channel.generator = textOf(element).trim();
    return [];
  }
  if (!wp) return [];
  switch (element.name) {
    case 'wxr_version': {
      const version = textOf(element).trim();
      if (!/^1\.\d+$/.test(version)) {
        throw new ImportRefusedError(
          `the WXR version is "${version}", not 1.0, 1.1 or 1.2 — this does not look like a WordPress export`,
          element.line,
        );
      }
      channel.version = version;
      return [];
    }
    case 'base_site_url':
      channel.baseSiteUrl = textOf(element).trim();
      return [];
    case 'base_blog_url':
      channel.baseBlogUrl = textOf(element).trim();
      return [];
    case 'author': {
      const login = childText(element, WP, 'author_login');
      if (login) {
        const email = childText(element, WP, 'author_email');
        channel.authors.set(login, { name: childText(element, WP, 'author_display_name') || login, email: email || undefined });
      }
      return [];
    }
    case 'category': {
      const nicename = childText(element, WP, 'category_nicename');
      if (nicename) {
        channel.categories.set(decodeSlug(nicename), {
          name: childText(element, WP, 'cat_name') || nicename,
          termId: childText(element, WP, 'term_id') || undefined,
          parent: decodeSlug(childText(element, WP, 'category_parent')) || undefined,
        });
      }
      return [];
    }
    case 'tag': {
      const slug = childText(element, WP, 'tag_slug');
      if (slug)
        channel.tags.set(decodeSlug(slug), {
          name: childText(element, WP, 'tag_name') || slug,
          termId: childText(element, WP, 'term_id') || undefined,
        });
      return [];
    }
    default:
      return [];
  }
}

function labelsOf(channel: Channel, item: XmlElement, warnings: ImportItem[]): string[] {
  const labels = new Set<string>();
  for (const category of childrenOf(item, '', 'category')) {
    const name = textOf(category).trim();
    if (!name) continue;
    // WXR 1.0 repeats each term without a domain; that form is a category.
    const domain = category.attrs.domain ?? 'category';
    const nicename = decodeSlug(category.attrs.nicename ?? '');
    if (domain === 'category') {
      labels.add(name);
      if (nicename) channel.usedCategories.set(nicename, name);
    } else if (domain === 'post_tag' || domain === 'tag') {
      labels.add(name);
      if (nicename) channel.usedTags.set(nicename, name);
    } else if (domain !== 'post_format' && !channel.ignoredTaxonomies.has(domain)) {
      channel.ignoredTaxonomies.add(domain);
      warnings.push({
        type: 'warning',
        message: `terms of the taxonomy "${domain}" are not imported (only categories and tags become labels)`,
        line: category.line,
      });
    }
  }
  return [...labels];
}

function oldAddressesOf(channel: Channel, item: XmlElement, kind: 'post' | 'page', postId: string, keptPath: boolean): OldAddress[] {
  const base = basePathOf(channel.baseBlogUrl || channel.link);
  const addresses: OldAddress[] = [{ from: `/?p=${postId}` }];
  if (kind === 'page') addresses.push({ from: `/?page_id=${postId}` });
  const link = childText(item, '', 'link');
  const linkPath = link ? pathOf(link, base) : undefined;
  if (linkPath && !keptPath) {
    addresses.push({ from: linkPath });
    if (!linkPath.includes('?')) addresses.push({ from: `${linkPath.replace(/\/?$/, '/')}feed/`, to: 'comments-feed' });
  }
  const guid = childrenOf(item, '', 'guid')[0];
  if (guid && guid.attrs.isPermaLink !== 'false') {
    const guidPath = pathOf(textOf(guid), base);
    if (guidPath) addresses.push({ from: guidPath });
  }
  const seen = new Set<string>();
  return addresses.filter((a) => !seen.has(a.from) && seen.add(a.from));
}

function commentItems(channel: Channel, item: XmlElement, postSourceId: string, autop: boolean): ImportItem[] {
  const site = siteKey(channel);
  const items: ImportItem[] = [];
  for (const comment of childrenOf(item, WP, 'comment')) {
    const id = childText(comment, WP, 'comment_id');
    const entry = `comment ${id || '(no id)'}`;
    if (!id) {
      items.push({ type: 'skip', reason: 'a comment without a wp:comment_id', entry, line: comment.line });
      continue;
    }
    const approved = childText(comment, WP, 'comment_approved').toLowerCase();
    const kind = childText(comment, WP, 'comment_type').toLowerCase();
    if (approved === 'trash' || approved === 'post-trashed') {
      items.push({ type: 'skip', reason: "a comment in WordPress's trash", entry, line: comment.line });
      continue;
    }
    if (!COMMENT_TYPES.has(kind)) {
      items.push({ type: 'skip', reason: `a WordPress "${kind}" (not a reader's comment)`, entry, line: comment.line });
      continue;
    }
    const status: ImportedComment['status'] =
      approved === '1' || approved === 'approve' ? 'live' : approved === 'spam' ? 'spam' : 'pending';
    const parent = childText(comment, WP, 'comment_parent');
    const url = childText(comment, WP, 'comment_author_url');
    const content = textOf(childrenOf(comment, WP, 'comment_content')[0]);
    items.push({
      type: 'comment',
      sourceId: `wxr:${site}:comment:${id}`,
      replyTo: postSourceId,
      parentSourceId: parent && parent !== '0' ? `wxr:${site}:comment:${parent}` : undefined,
      status,
      authorName: childText(comment, WP, 'comment_author'),
      authorUrl: isWebUrl(url) ? url : undefined,
      authorEmail: childText(comment, WP, 'comment_author_email') || undefined,
      body: autop ? wpautop(content) : content,
      createdAt: bestDate(comment, 'comment_date_gmt', 'comment_date'),
      line: comment.line,
    });
  }
  return items;
}

function itemItems(channel: Channel, item: XmlElement): ImportItem[] {
  const title = childText(item, '', 'title');
  const entry = `"${title || '(untitled)'}"`;
  const postId = childText(item, WP, 'post_id');
  if (!/^\d+$/.test(postId)) {
    return [
      { type: 'skip', reason: 'an item without a WordPress post ID (no wp:post_id in the WordPress namespace)', entry, line: item.line },
    ];
  }
  const type = childText(item, WP, 'post_type') || 'post';
  const wpStatus = childText(item, WP, 'status') || 'draft';
  const site = siteKey(channel);
  // Post IDs should be unique; when an export repeats one, later items get their own source ID.
  const seen = (channel.postIds.get(postId) ?? 0) + 1;
  channel.postIds.set(postId, seen);
  const sourceId = `wxr:${site}:post:${postId}${seen > 1 ? `~${seen}` : ''}`;
  const items: ImportItem[] = [];
  if (seen > 1)
    items.push({
      type: 'warning',
      message: `${entry} repeats the post ID ${postId} of an earlier item; it is imported as a post of its own`,
      line: item.line,
    });

  if (type === 'attachment') {
    const url = childText(item, WP, 'attachment_url') || childText(item, '', 'guid');
    return [...items, { type: 'media', sourceId, url, title }];
  }
  if (INTERNAL_TYPES.has(type)) return [{ type: 'skip', reason: `a WordPress "${type}" (not content)`, entry, line: item.line }];
  if (type !== 'post' && type !== 'page') {
    return [{ type: 'skip', reason: `a custom post type "${type}" (Dastan has posts and pages only)`, entry, line: item.line }];
  }
  if (wpStatus === 'trash') return [{ type: 'skip', reason: `a ${type} in WordPress's trash`, entry, line: item.line }];
  if (wpStatus === 'auto-draft') return [{ type: 'skip', reason: 'an empty automatic draft', entry, line: item.line }];

  let status: ImportedPost['status'] = wpStatus === 'publish' ? 'live' : wpStatus === 'future' ? 'scheduled' : 'draft';
  if (wpStatus === 'private') {
    items.push({ type: 'warning', message: `${entry} is private on WordPress; it is imported as a draft`, line: item.line });
  } else if (!['publish', 'future', 'draft', 'pending'].includes(wpStatus)) {
    items.push({ type: 'warning', message: `${entry} has the status "${wpStatus}"; it is imported as a draft`, line: item.line });
  }
  if (childText(item, WP, 'post_password') && status !== 'draft') {
    status = 'draft';
    items.push({ type: 'warning', message: `${entry} is password-protected on WordPress; it is imported as a draft`, line: item.line });
  }

  const kind = type;
  const fromDastan = /^Dastan\b/.test(channel.generator ?? '');
  const autop = !fromDastan;
  const link = childText(item, '', 'link');
  const linkPath = link ? pathOf(link, basePathOf(channel.baseBlogUrl || channel.link)) : undefined;
  // A link in Blogger's scheme (a blog moved from Blogger to WordPress, or a Dastan export) is kept as it is.
  const kept = bloggerPermalink(linkPath);
  const slug = decodeSlug(childText(item, WP, 'post_name'));
  const permalink = kept && (kept.year === undefined) === (kind === 'page') ? kept : slug ? { slug } : undefined;
  const creator = childText(item, DC, 'creator');
  const author = channel.authors.get(creator) ?? (creator ? { name: creator } : undefined);
  const excerpt = htmlToText(textOf(childrenOf(item, EXCERPT, 'encoded')[0])).trim();
  const meta = new Map(
    childrenOf(item, WP, 'postmeta').map((m) => [childText(m, WP, 'meta_key'), textOf(childrenOf(m, WP, 'meta_value')[0])]),
  );
  const dastanSetting = meta.get('_dastan_comments_setting');
  const commentStatus = childText(item, WP, 'comment_status');
  const content = textOf(childrenOf(item, CONTENT, 'encoded')[0]);
  const publishedAt = bestDate(item, 'post_date_gmt', 'post_date', childText(item, '', 'pubDate'));

  const post: ImportedPost = {
    type: 'post',
    sourceId,
    kind,
    status,
    title,
    body: autop ? wpautop(content) : content,
    format: 'html',
    publishedAt,
    updatedAt: wpDate(childText(item, WP, 'post_modified_gmt'), true) ?? wpDate(childText(item, WP, 'post_modified'), true),
    labels: labelsOf(channel, item, items),
    permalink,
    author,
    searchDescription: excerpt || undefined,
    commentsSetting:
      dastanSetting === 'allow' || dastanSetting === 'closed-show' || dastanSetting === 'closed-hide'
        ? dastanSetting
        : commentStatus === 'closed'
          ? 'closed-show'
          : commentStatus === 'open'
            ? 'allow'
            : undefined,
    oldAddresses: oldAddressesOf(channel, item, kind, postId, kept !== undefined && permalink === kept),
    line: item.line,
  };
  channel.posts++;
  return [...items, post, ...commentItems(channel, item, sourceId, autop)];
}

function* closingItems(channel: Channel): Generator<ImportItem> {
  if (!channel.version) throw new ImportRefusedError('the file has no wp:wxr_version — this does not look like a WordPress export');
  for (const [nicename, name] of channel.usedCategories) {
    const path = categoryPath(channel, nicename);
    yield { type: 'redirect', from: `/category/${path}/`, to: { label: name } };
    yield { type: 'redirect', from: `/category/${path}/feed/`, to: { label: name, feed: true } };
    const termId = channel.categories.get(nicename)?.termId;
    if (termId) yield { type: 'redirect', from: `/?cat=${termId}`, to: { label: name } };
  }
  for (const [slug, name] of channel.usedTags) {
    yield { type: 'redirect', from: `/tag/${slug}/`, to: { label: name } };
    yield { type: 'redirect', from: `/tag/${slug}/feed/`, to: { label: name, feed: true } };
    yield { type: 'redirect', from: `/?tag=${slug}`, to: { label: name } };
  }
  if (channel.posts > 0) {
    for (const from of ['/feed/', '/feed/rss2/', '/feed/atom/', '/feed/rss/', '/feed/rdf/', '/?feed=rss2', '/?feed=atom', '/?feed=rss']) {
      yield { type: 'redirect', from, to: { feed: 'posts' } };
    }
    for (const from of ['/comments/feed/', '/?feed=comments-rss2']) yield { type: 'redirect', from, to: { feed: 'comments' } };
  }
  yield { type: 'settings', title: channel.title, description: channel.description };
}

/** Parses a WordPress export (WXR 1.0–1.2). */
export async function* parseWxr({ source, onRead }: ParserInput): AsyncGenerator<ImportItem> {
  const channel: Channel = {
    authors: new Map(),
    categories: new Map(),
    tags: new Map(),
    postIds: new Map(),
    usedCategories: new Map(),
    usedTags: new Map(),
    ignoredTaxonomies: new Set(),
    posts: 0,
  };
  let sawChannel = false;
  for await (const event of readXml(source, { recordDepth: 3, knownPrefixes: KNOWN_PREFIXES, onRead })) {
    if (event.type === 'repair') {
      yield { type: 'warning', message: event.message, line: event.line };
    } else if (event.type === 'open') {
      const { element, depth } = event;
      if (depth === 1 && (element.name !== 'rss' || element.uri !== '')) {
        throw new ImportRefusedError(`the root element is <${element.name}>, not <rss>`, element.line);
      }
      if (depth === 2) {
        if (element.name !== 'channel' || element.uri !== '' || sawChannel) {
          throw new ImportRefusedError(`<${element.name}> where the one <channel> of a WordPress export was expected`, element.line);
        }
        sawChannel = true;
      }
    } else if (event.type === 'record') {
      const element = event.element;
      if (element.name === 'item' && element.uri === '') {
        yield* itemItems(channel, element);
      } else {
        yield* readChannelRecord(channel, element);
      }
    }
  }
  if (!sawChannel) throw new ImportRefusedError('the file has no <channel>');
  yield* closingItems(channel);
}
