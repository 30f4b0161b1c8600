/** LIKE patterns that search for what a person typed: `%`, `_` and `\` are escaped (use with `escape '\'`). */

export const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Matches `text` anywhere, case-insensitively against lower-cased columns. */
export const containsPattern = (text: string): string => `%${escapeLike(text.toLowerCase())}%`;
