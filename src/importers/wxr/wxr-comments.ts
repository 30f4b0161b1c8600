/** The comments of a WordPress item: status, threading, authors; trashed ones and pingback-like types left out. */
import { decodeEntities, isWebUrl } from '../common.js';
import type { ImportedComment, ImportItem } from '../import-model.js';
import { wpautop } from '../wpautop.js';
import { childrenOf, childText, textOf, type XmlElement } from '../xml/xml-records.js';
import { bestDate, siteKey, WP, type Channel } from './wxr-channel.js';

const COMMENT_TYPES = new Set(['', 'comment', 'pingback', 'trackback', 'webmention']);

/** The comments of `item` (a post with `postSourceId`), in file order. */
export function commentItems(channel: Channel, item: XmlElement, postSourceId: string, autop: boolean): ImportItem[] {
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
      // Dastan's own WXR carries its IDs (see the post's keepId).
      keepId: /^Dastan\b/.test(channel.generator ?? '') ? id : undefined,
      replyTo: postSourceId,
      parentSourceId: parent && parent !== '0' ? `wxr:${site}:comment:${parent}` : undefined,
      status,
      // WordPress keeps author names HTML-escaped (`&laquo;`): plain text here.
      authorName: decodeEntities(childText(comment, WP, 'comment_author')),
      authorUrl: isWebUrl(url) ? url : undefined,
      authorEmail: childText(comment, WP, 'comment_author_email') || undefined,
      body: autop ? wpautop(content) : content,
      createdAt: bestDate(comment, 'comment_date_gmt', 'comment_date'),
      line: comment.line,
    });
  }
  return items;
}
