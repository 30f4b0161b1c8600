/**
 * WordPress eXtended RSS (WXR 1.0, 1.1, 1.2), streamed item by item. Elements are matched by
 * namespace, not prefix, so a file that rebinds `wp:` to another namespace cannot pass its elements off
 * as WordPress's. Posts and pages come in with their categories and tags as labels, comments with their
 * parents and approval status, authors, dates, drafts and scheduled posts; attachments are listed as
 * media (their files stay where they are). Old addresses — the item's link, `/?p=ID`, category and tag
 * pages, feeds — become redirects.
 */
import { ImportRefusedError } from './import-errors.js';
import type { ImportItem, ParserInput } from './import-model.js';
import { readXml } from './xml/xml-records.js';
import { closingItems, KNOWN_PREFIXES, newChannel, readChannelRecord } from './wxr/wxr-channel.js';
import { itemItems } from './wxr/wxr-item.js';

/** Parses a WordPress export (WXR 1.0–1.2). */
export async function* parseWxr({ source, onRead, partial }: ParserInput): AsyncGenerator<ImportItem> {
  const channel = newChannel();
  let sawChannel = false;
  for await (const event of readXml(source, { recordDepth: 3, knownPrefixes: KNOWN_PREFIXES, onRead, partial })) {
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
