/**
 * Finding the links in a comment: anchors (`<a href>`) and bare addresses in the text outside them.
 * An auto-linked address is an anchor whose text is the address, so it is counted once, as the anchor.
 */
import { Parser } from 'htmlparser2';

/** Bare addresses: with a scheme, or starting "www.". Bare domains ("pills.example") are not counted. */
const BARE_URL = /\b(?:https?:\/\/|www\.)[^\s<>"'()]+/giu;

/** The links of a comment body: the target of each anchor and each bare address, in order, repeats kept. */
export function findLinks(bodyHtml: string): string[] {
  const links: string[] = [];
  let inAnchor = 0;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name !== 'a') return;
        inAnchor++;
        if (attributes.href !== undefined) links.push(attributes.href);
      },
      onclosetag(name) {
        if (name === 'a') inAnchor = Math.max(0, inAnchor - 1);
      },
      ontext(text) {
        if (inAnchor === 0) links.push(...(text.match(BARE_URL) ?? []));
      },
    },
    { decodeEntities: true },
  );
  parser.write(bodyHtml);
  parser.end();
  return links;
}

/** The host of a link ("www." removed, lower-cased), or undefined when it has none. */
export function linkHost(link: string): string | undefined {
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(link) ? link : `http://${link.replace(/^\/\//, '')}`;
  try {
    const host = new URL(withScheme).hostname.toLowerCase().replace(/^www\./, '');
    return host === '' ? undefined : host;
  } catch {
    return undefined;
  }
}
