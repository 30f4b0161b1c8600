/**
 * The demo blogs as data: what `dastan demo` writes. Times are relative (days before now) so the
 * archive, the comments and the popular-posts windows look alive whenever the demo is filled.
 * Bodies are Markdown; the prose was written for Dastan's demo.
 */
import { DEMO_PAGES } from './demo-pages.js';
import { DEMO_POSTS } from './demo-posts.js';
import { URDU_BLOG } from './urdu-content.js';

export interface DemoComment {
  author: string;
  authorUrl?: string;
  /** Hours after the post (or the comment answered) was published. */
  hoursAfter: number;
  /** HTML, through the comment allow-list. */
  body: string;
  replies?: DemoComment[];
}

/**
 * How many people read a post each day over the last 60 days: about `perDay`, shaped over time.
 * `fading` was read most two months ago, `rising` most lately, `burst` had a few busy days around
 * `burstDaysAgo` (a link from somewhere big) on top of a steady trickle.
 */
export interface DemoViews {
  perDay: number;
  shape: 'steady' | 'fading' | 'rising' | 'burst';
  burstDaysAgo?: number;
}

export interface DemoPost {
  title: string;
  /** Published this many days (and a few hours, see fill-demo) before now. */
  daysAgo: number;
  labels: string[];
  /** Markdown. */
  body: string;
  author?: string;
  comments?: DemoComment[];
  views?: DemoViews;
}

export interface DemoPage {
  title: string;
  slug: string;
  /** Markdown. */
  body: string;
}

export interface DemoBlog {
  name: string;
  title: string;
  description: string;
  language: string;
  timeZone: string;
  author: string;
  posts: DemoPost[];
  pages: DemoPage[];
}

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
