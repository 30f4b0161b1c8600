/**
 * A post's labels as one line of text — the editor's field, `dastan post --labels` — and back. Names
 * are separated by commas; a name that holds a comma itself (Blogger and WordPress allow it: "maven,
 * test") is written in double quotes, a quote inside doubled, as in a CSV line, so that it comes back
 * as written when the post is saved again.
 */

/** The label names a line of text lists: split at commas outside double quotes. */
export function parseLabelList(text: string): string[] {
  const names: string[] = [];
  let name = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c !== '"') name += c;
      else if (text[i + 1] === '"') {
        name += '"';
        i++;
      } else quoted = false;
    } else if (c === '"' && name.trim() === '') {
      name = '';
      quoted = true;
    } else if (c === ',') {
      names.push(name);
      name = '';
    } else name += c;
  }
  names.push(name);
  return names.map((n) => n.trim()).filter((n) => n !== '');
}

/** The line of text for a list of label names: `java, "maven, test"`. */
export function formatLabelList(names: readonly string[]): string {
  return names.map((n) => (/[,"]/.test(n) ? `"${n.replace(/"/g, '""')}"` : n)).join(', ');
}
