/** The private blogs a user reads, for their account page: each blog's address and their secret feed address. */
import type { BlogRow } from '../../storage/schema.js';

export interface ReadingView {
  name: string;
  title: string;
  url: string;
  feedUrl: string;
}

/** @param home the blog's address as the request reaches it, with the trailing slash. */
export function presentReading(items: { blog: BlogRow; feedKey: string }[], home: (blog: BlogRow) => string): ReadingView[] {
  return items.map(({ blog, feedKey }) => ({
    name: blog.name,
    title: blog.title,
    url: home(blog),
    feedUrl: `${home(blog)}feeds/posts/default?key=${encodeURIComponent(feedKey)}`,
  }));
}
