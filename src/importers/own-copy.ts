/**
 * Copies of strings read from an export, for what an import keeps beyond the entry they came with
 * (source IDs, labels, examples in the report).
 *
 * V8 takes a substring of 13 characters or more as a "sliced string" pointing into its parent, and
 * the strings the XML reader hands on are cut from the 256 KB of text it reads at a time. One source
 * ID kept to the end of an import keeps those 256 KB alive; a few per chunk keep the whole file. A
 * copy holds only its own characters.
 */

/** A copy of `text` that shares no memory with the string it was cut from. */
export function ownCopy(text: string): string {
  // UTF-16 both ways gives back every string as it was (UTF-8 would change a lone surrogate), and
  // Node makes it a one-byte string again when it fits one.
  return Buffer.from(text, 'utf16le').toString('utf16le');
}

/** Adds `text` to `set` as an own copy (copied only when it is new to the set). */
export function addOwnCopy(set: Set<string>, text: string): void {
  if (!set.has(text)) set.add(ownCopy(text));
}

/** A shallow copy of `item` whose strings are own copies: for an entry held until the end of an import. */
export function withOwnCopies<T extends object>(item: T): T {
  const copy = { ...item } as Record<string, unknown>;
  for (const [key, value] of Object.entries(copy)) if (typeof value === 'string') copy[key] = ownCopy(value);
  return copy as T;
}
