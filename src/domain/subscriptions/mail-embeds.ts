/**
 * Embedded players in mail: no mail program plays an `<iframe>`, so each one becomes something a reader
 * can open. A YouTube video becomes its thumbnail (the address follows from the video's id:
 * `https://i.ytimg.com/vi/ID/hqdefault.jpg`, nothing is fetched at send time) linked to its watch page,
 * with alt text; a Vimeo video (whose thumbnail address cannot be known without asking Vimeo) and any
 * other player become a text link that names where it goes.
 */
import { decode, encode } from 'html-entities';
import { UNTITLED_EMBED } from '../text/html-rules.js';
import type { Wording } from '../text/wording.js';

const escape = (text: string) => encode(text, { mode: 'specialChars' });
const VIDEO_ID = /^[\w-]{6,20}$/;
const IFRAME = /<iframe\b([^>]*)>[\s\S]*?<\/iframe>/gi;
const ATTRIBUTE = /([a-z][\w-]*)\s*=\s*"([^"]*)"/gi;

/** Where one player's stand-in goes, what it says, and the thumbnail shown for it (YouTube's only). */
interface StandIn {
  href: string;
  label: string;
  thumbnail?: string;
}

/** The stand-in for one player at `src` (an https address, already allowed when the post was saved); null for anything else. */
function standIn(src: string, title: string, wording: Wording): StandIn | null {
  let url: URL;
  try {
    url = new URL(src);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:') return null;
  const named = title.trim() === UNTITLED_EMBED ? '' : title.trim();
  const youtube =
    (url.hostname === 'www.youtube.com' || url.hostname === 'www.youtube-nocookie.com') && url.pathname.startsWith('/embed/')
      ? url.pathname.slice('/embed/'.length)
      : '';
  if (VIDEO_ID.test(youtube))
    return {
      href: `https://www.youtube.com/watch?v=${youtube}`,
      label: named ? wording.text('mail.embed.youtubeNamed', { title: named }) : wording.text('mail.embed.youtube'),
      thumbnail: `https://i.ytimg.com/vi/${youtube}/hqdefault.jpg`,
    };
  const vimeo = url.hostname === 'player.vimeo.com' ? /^\/video\/(\d{1,12})$/.exec(url.pathname)?.[1] : undefined;
  if (vimeo)
    return {
      href: `https://vimeo.com/${vimeo}`,
      label: named ? wording.text('mail.embed.vimeoNamed', { title: named }) : wording.text('mail.embed.vimeo'),
    };
  return {
    href: url.href,
    label: named
      ? wording.text('mail.embed.otherNamed', { title: named, host: url.hostname })
      : wording.text('mail.embed.other', { host: url.hostname }),
  };
}

/** The mail's HTML stand-in for one player at `src`: a linked thumbnail with alt text, or a text link. */
export function mailEmbed(src: string, title: string, wording: Wording): string {
  const link = standIn(src, title, wording);
  if (!link) return '';
  const inside = link.thumbnail ? `<img src="${link.thumbnail}" alt="${escape(link.label)}" width="480" height="360">` : escape(link.label);
  return `<a href="${escape(link.href)}">${inside}</a>`;
}

const attributesOf = (attributes: string) => new Map([...attributes.matchAll(ATTRIBUTE)].map((m) => [m[1]!.toLowerCase(), decode(m[2])]));

/** A stored body with each of its iframes replaced by its mail stand-in (the HTML is the sanitizer's: attributes in double quotes). */
export function replaceEmbeds(bodyHtml: string, wording: Wording): string {
  return bodyHtml.replace(IFRAME, (_whole, attributes: string) => {
    const attribs = attributesOf(attributes);
    return mailEmbed(attribs.get('src') ?? '', attribs.get('title') ?? '', wording);
  });
}

/** The plain-text part's lines for a body's players, in order: what each is and where it opens ("Label: URL"). */
export function embedLinksText(bodyHtml: string, wording: Wording): string[] {
  const lines: string[] = [];
  for (const [, attributes] of bodyHtml.matchAll(IFRAME)) {
    const attribs = attributesOf(attributes!);
    const link = standIn(attribs.get('src') ?? '', attribs.get('title') ?? '', wording);
    if (link) lines.push(`${link.label}: ${link.href}`);
  }
  return lines;
}
