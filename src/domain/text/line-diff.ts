/**
 * A line diff (longest common subsequence) for comparing revisions: each line of the two texts is
 * kept, added or removed. Inputs are capped so a huge body cannot make the comparison slow.
 */

export interface DiffLine {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

const MAX_LINES = 1500;

/** Splits post HTML into lines at the end of each block, for a readable diff. */
export function htmlLines(html: string): string[] {
  return html
    .replace(/(<\/(?:p|h[1-6]|li|blockquote|pre|div|tr|table|ul|ol|figure|dl|dd|dt)>|<br\s*\/?>|<hr\s*\/?>)/gi, '$1\n')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

/** The lines of `before` and `after` as a diff, in order. */
export function diffLines(before: readonly string[], after: readonly string[]): DiffLine[] {
  const a = before.slice(0, MAX_LINES);
  const b = after.slice(0, MAX_LINES);
  const n = a.length;
  const m = b.length;
  // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  const lcs: Uint16Array[] = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ kind: 'same', text: a[i]! });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) out.push({ kind: 'removed', text: a[i++]! });
    else out.push({ kind: 'added', text: b[j++]! });
  }
  while (i < n) out.push({ kind: 'removed', text: a[i++]! });
  while (j < m) out.push({ kind: 'added', text: b[j++]! });
  return out;
}
