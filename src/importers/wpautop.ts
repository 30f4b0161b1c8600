/**
 * WordPress stores classic-editor content without paragraph tags and adds them when it shows a post
 * (its `wpautop`): a blank line ends a paragraph, a single line break is a `<br>`. This does the same
 * for content written that way, so imported posts keep their paragraphs. Content that already carries
 * paragraph or break tags, or block-editor markup (`<!-- wp:… -->`), is left as it is.
 */

const BLOCK =
  /^<\/?(?:address|article|aside|blockquote|caption|dd|details|div|dl|dt|fieldset|figcaption|figure|footer|form|h[1-6]|header|hr|li|main|nav|ol|p|pre|section|summary|table|tbody|td|tfoot|th|thead|tr|ul|iframe|object|embed|script|style|!--)/i;

/** Adds paragraphs and line breaks to WordPress classic-editor content. */
export function wpautop(content: string): string {
  const text = content.replace(/\r\n?/g, '\n');
  if (!text.includes('\n') || /<p[\s>]|<br\s*\/?>|<!-- wp:/i.test(text)) return content;
  // Keep <pre> blocks whole: their line breaks are their own.
  const pres: string[] = [];
  const guarded = text.replace(/<pre[\s>][\s\S]*?<\/pre>/gi, (pre) => `\u0000${pres.push(pre) - 1}\u0000`);
  const paragraphs = guarded
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => (BLOCK.test(p) || /^\u0000\d+\u0000$/.test(p) ? p : `<p>${p.replace(/\n/g, '<br>\n')}</p>`));
  return paragraphs.join('\n\n').replace(/\u0000(\d+)\u0000/g, (_, i: string) => pres[Number(i)]!);
}
