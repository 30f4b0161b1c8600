/**
 * Text prepared for the `feed` package (v6), which writes XML through xml-js. Three of its habits would
 * let a post title or label break a feed, so every string is passed through one of these first:
 *
 * - CDATA (entry titles, summaries, content): only the *first* `]]>` is split, so a second one ends
 *   the section early and the document is no longer XML.
 * - Text nodes: `&amp;` is turned back into `&` before escaping ("to avoid double sanitization"), so
 *   a literal "&amp;" would silently become "&".
 * - Attributes (Atom categories): only `&` and `"` are escaped; a `<` makes the document ill-formed,
 *   and any entity we wrote instead would have its `&` escaped again.
 *
 * And XML 1.0 (§2.2) forbids some characters outright, whatever the escaping.
 */
import { encode } from 'html-entities';

// XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]; lone surrogates fall outside.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Removes the characters no XML 1.0 document may contain. */
export function xmlChars(text: string): string {
  return text.replace(NOT_XML_CHAR, '');
}

/** For an element's text: pre-doubles `&` so xml-js's "desanitizing" gives back exactly this text. */
export function forText(text: string): string {
  return xmlChars(text).replace(/&/g, '&amp;');
}

/**
 * For HTML written in CDATA (Atom `type="html"`, RSS description and content:encoded). `]]&gt;` means
 * the same as `]]>` to an HTML parser outside raw-text elements, which sanitized HTML never has.
 */
export function htmlForCdata(html: string): string {
  return xmlChars(html).replace(/]]>/g, ']]&gt;');
}

/** Plain text as HTML for CDATA: what Atom's `type="html"` title and summary need (RFC 4287 §3.1.1.2). */
export function textAsHtmlForCdata(text: string): string {
  return htmlForCdata(encode(xmlChars(text)));
}

/**
 * Plain text written in CDATA as it is (RSS item titles, which readers show as text). A `]]>` gets an
 * invisible WORD JOINER after its `]]`: the title reads the same, and the CDATA section cannot end early.
 */
export function plainTextForCdata(text: string): string {
  return xmlChars(text).replace(/]]>/g, ']]\u2060>');
}

/**
 * For an attribute value. `&` and `"` are escaped by the package; `<` cannot be written at all (see
 * above), so it becomes the look-alike FULLWIDTH LESS-THAN SIGN. Only label names with `<` are changed.
 */
export function forAttribute(text: string): string {
  return xmlChars(text).replace(/</g, '\uFF1C');
}
