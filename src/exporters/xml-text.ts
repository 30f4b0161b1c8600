/** Writing XML text by hand, safely: escaping, CDATA sections, and only characters XML 1.0 allows. */

/** Characters XML 1.0 does not allow anywhere (§2.2), not even escaped. */
const NOT_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `text` without the characters XML cannot carry. */
export function xmlChars(text: string): string {
  return text.replace(NOT_XML, '');
}

/** Text escaped for element content or a quoted attribute value. */
export function esc(text: string): string {
  return xmlChars(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** A CDATA section holding `text`; a `]]>` inside is split across two sections, as WordPress does. */
export function cdata(text: string): string {
  return `<![CDATA[${xmlChars(text).replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

/**
 * Plain text HTML-escaped, as Blogger and WordPress keep titles, labels, names and excerpts in their
 * exports; importers (theirs, and Dastan's) decode such a field once, so the text comes back exactly.
 */
export function htmlEscaped(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
