/**
 * Search in a static copy without the live site (`--search index`): an index of every post and page
 * (title, address, date and the start of its text) and a small script on the search page that reads
 * `?q=` and lists the entries holding every word. Readers without JavaScript get the search page's form,
 * which then finds nothing; `--search live` serves them instead.
 */
import { createHash } from 'node:crypto';
import { postPath } from '../domain/blogs/urls.js';
import { snippet } from '../domain/text/plain-text.js';
import type { SiteContext } from '../render/presenters/site.js';
import type { PostRow } from '../storage/schema.js';

/** Characters of each entry's text that are searched and shown. */
const TEXT_LENGTH = 400;

export interface SearchEntry {
  /** Title, address, ISO date, text. */
  t: string;
  u: string;
  d: string;
  x: string;
}

export function searchIndexOf(_site: SiteContext, posts: readonly PostRow[]): SearchEntry[] {
  return posts.map((post) => ({
    t: post.title,
    u: postPath(post),
    d: new Date(post.published_at ?? post.created_at).toISOString().slice(0, 10),
    x: snippet(post.body_text, TEXT_LENGTH),
  }));
}

/** Runs in the reader's browser: builds the results with DOM calls (textContent), never from HTML strings. */
const SOURCE = `(() => {
  const q = (new URLSearchParams(location.search).get('q') || '').trim();
  const form = document.querySelector('main form[role="search"]');
  if (!q || !form) return;
  const input = form.querySelector('input[name="q"]');
  if (input) input.value = q;
  const words = q.toLocaleLowerCase().split(/\\s+/);
  fetch('/search-index.json').then((r) => r.json()).then((entries) => {
    const found = entries.filter((e) => { const text = (e.t + ' ' + e.x).toLocaleLowerCase(); return words.every((w) => text.includes(w)); });
    const list = document.createElement('ol');
    list.className = 'search-results';
    list.setAttribute('aria-live', 'polite');
    for (const e of found.slice(0, 100)) {
      const item = document.createElement('li');
      item.className = 'search-result';
      const link = document.createElement('a');
      link.href = e.u;
      link.textContent = e.t || e.u;
      const date = document.createElement('time');
      date.dateTime = e.d;
      date.textContent = ' ' + e.d;
      const text = document.createElement('p');
      text.textContent = e.x;
      item.append(link, date, text);
      list.append(item);
    }
    form.after(list);
  });
})();
`;

/** The script's file, named by its content hash so a host may keep it for a year. */
export const SEARCH_SCRIPT_FILE = {
  file: `static/search.${createHash('sha1').update(SOURCE).digest('hex').slice(0, 10)}.js`,
  source: SOURCE,
};

/** The search page with the script added at the end of its body. */
export function withSearchScript(html: string): string {
  const tag = `<script src="/${SEARCH_SCRIPT_FILE.file}" defer></script>\n`;
  const end = html.lastIndexOf('</body>');
  return end < 0 ? html + tag : html.slice(0, end) + tag + html.slice(end);
}
