/**
 * One `<item>` of a WordPress export: a post or page with its labels, status, author, dates, excerpt
 * and old addresses, then its comments; attachments become media references; WordPress's own
 * bookkeeping types and custom post types are left out with the reason.
 */
import { basePathOf, bloggerPermalink, decodeEntities, pathOf } from '../common.js';
import type { ImportedPost, ImportItem, OldAddress } from '../import-model.js';
import { ownCopy } from '../own-copy.js';
import { wpautop } from '../wpautop.js';
import { childrenOf, childText, textOf, type XmlElement } from '../xml/xml-records.js';
import { htmlToText } from '../../domain/text/plain-text.js';
import { bestDate, CONTENT, DC, decodeSlug, EXCERPT, siteKey, WP, wpDate, type Channel } from './wxr-channel.js';
import { commentItems } from './wxr-comments.js';

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

function labelsOf(channel: Channel, item: XmlElement, warnings: ImportItem[]): string[] {
  const labels = new Set<string>();
  for (const category of childrenOf(item, '', 'category')) {
    const name = decodeEntities(textOf(category)).trim();
    if (!name) continue;
    // WXR 1.0 repeats each term without a domain; that form is a category.
    const domain = category.attrs.domain ?? 'category';
    const nicename = decodeSlug(category.attrs.nicename ?? '');
    // The terms used are kept to the end of the file (for their redirects): own copies.
    if (domain === 'category') {
      labels.add(name);
      if (nicename) channel.usedCategories.set(ownCopy(nicename), ownCopy(name));
    } else if (domain === 'post_tag' || domain === 'tag') {
      labels.add(name);
      if (nicename) channel.usedTags.set(ownCopy(nicename), ownCopy(name));
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

/** The import items of one `<item>`: warnings, the post (or a skip or media reference), its comments. */
export function itemItems(channel: Channel, item: XmlElement): ImportItem[] {
  // WordPress writes titles HTML-escaped (the_title_rss); some exporters escape twice.
  const title = decodeEntities(childText(item, '', 'title'));
  const entry = `"${title || '(untitled)'}"`;
  const postId = childText(item, WP, 'post_id');
  if (!/^\d+$/.test(postId)) {
    return [
      { type: 'skip', reason: 'an item without a WordPress post ID (no wp:post_id in the WordPress namespace)', entry, line: item.line },
    ];
  }
  const type = childText(item, WP, 'post_type');
  if (!type) {
    // WordPress's own importer refuses such an item; so do we, and its comments with it.
    const comments = childrenOf(item, WP, 'comment').map((c): ImportItem => ({
      type: 'skip',
      reason: 'a comment on an item that was left out',
      entry: `comment ${childText(c, WP, 'comment_id') || '(no id)'}`,
      line: c.line,
    }));
    return [
      { type: 'warning', message: `${entry} has no wp:post_type; WordPress would refuse it, so it is left out`, line: item.line },
      { type: 'skip', reason: 'an item with no wp:post_type (WordPress refuses it)', entry, line: item.line },
      ...comments,
    ];
  }
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
  const author = channel.authors.get(creator) ?? (creator ? { name: decodeEntities(creator) } : undefined);
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
    // Dastan's own WXR carries its IDs: kept when free, and how a blog knows its own posts again.
    keepId: fromDastan ? postId : undefined,
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
