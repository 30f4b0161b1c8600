/** The shape of the demo blogs' content, apart from the content itself (so the content files and their index do not import each other). */
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

/** The demo blog's writer, who also answers comments. */
export const DEMO_AUTHOR = 'Samira Qadir';
