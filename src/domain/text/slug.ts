/** Permalink slugs: from a title, like Blogger's, but keeping letters of every script. */

const MAX_SLUG = 60;

/** Turns a title into a slug: lower case, letters and digits joined by hyphens, cut at a hyphen. */
export function slugify(title: string): string {
  const words = title
    .normalize('NFKC')
    .toLowerCase()
    .replace(/['’]/g, '')
    .match(/[\p{L}\p{N}\p{M}]+/gu);
  let slug = '';
  for (const word of words ?? []) {
    const next = slug ? `${slug}-${word}` : word;
    if (Array.from(next).length > MAX_SLUG) {
      if (!slug) slug = Array.from(word).slice(0, MAX_SLUG).join('');
      break;
    }
    slug = next;
  }
  return slug;
}

/** True for a slug a person or import may set: letters, digits, marks, `-` and `_`, 1–100 characters. */
export function isValidSlug(slug: string): boolean {
  return /^[\p{L}\p{N}\p{M}_-]{1,100}$/u.test(slug) && !/^[-_]|[-_]$/.test(slug);
}
