/**
 * The demo blogs as data: what `dastan demo` writes. Times are relative (days before now) so the
 * archive, the comments and the popular-posts windows look alive whenever the demo is filled.
 * Bodies are Markdown; the prose was written for Dastan's demo.
 */
import { DEMO_PAGES } from './demo-pages.js';
import { DEMO_POSTS } from './demo-posts.js';
import { URDU_BLOG } from './urdu-content.js';
import type { DemoBlog } from './demo-types.js';

export const DEMO_BLOG: DemoBlog = {
  name: 'demo',
  title: 'Dastan Demo',
  description: 'A tour of Dastan in posts: how it stores, shows and counts what you write. Filled by npm run demo.',
  language: 'en',
  timeZone: 'Europe/Berlin',
  author: 'Samira Qadir',
  posts: DEMO_POSTS,
  pages: DEMO_PAGES,
};

export { URDU_BLOG };

/** Both demo blogs, in the order they are created (the first becomes the primary blog of an empty install). */
export const DEMO_BLOGS: readonly DemoBlog[] = [DEMO_BLOG, URDU_BLOG];
