/**
 * Every kind of page the scale bench loads and the query-plan test explains: the reader's pages, every
 * feed, the sitemap, the Blogger API's posts.list and the dashboard's stats, posts list and overview, each as a
 * path on the big blog.
 */
import { COMMON_WORD, MIDDLE_WORD, RARE_WORD, type ScaleBlog } from './generate-scale.js';

export interface PageKind {
  kind: string;
  path: string;
  /** Served on the dashboard's host to a signed-in owner, not on the blog's host. */
  admin?: boolean;
}

export function pageKinds(blog: ScaleBlog): PageKind[] {
  const [a, b] = blog.labels;
  return [
    { kind: 'home', path: '/' },
    { kind: 'post', path: blog.postPath },
    { kind: 'page', path: blog.pagePath },
    { kind: 'label', path: `/search/label/${a}` },
    { kind: 'label A+B', path: `/search/label/${a}+${b}` },
    { kind: 'month archive', path: blog.month },
    { kind: 'year archive', path: blog.year },
    { kind: 'search, common word', path: `/search?q=${COMMON_WORD}` },
    { kind: 'search, rare word', path: `/search?q=${RARE_WORD}` },
    { kind: 'search, a word in 2 posts of 5', path: `/search?q=${MIDDLE_WORD}` },
    { kind: 'posts feed (Atom)', path: '/feeds/posts/default' },
    { kind: 'posts feed (RSS, summary)', path: '/feeds/posts/summary?alt=rss' },
    { kind: 'JSON Feed', path: '/feed.json' },
    { kind: 'label feed', path: `/feeds/posts/default/-/${a}` },
    { kind: 'comment feed', path: '/feeds/comments/default' },
    { kind: "a post's comment feed", path: `/feeds/${blog.postId}/comments/default` },
    { kind: 'sitemap (an index past 1,000 URLs)', path: '/sitemap.xml' },
    { kind: 'one sitemap page', path: '/sitemap.xml?page=1' },
    { kind: 'the last sitemap page', path: `/sitemap.xml?page=${blog.lastSitemapPage}` },
    // The popular posts gadget is in every page's sidebar; a 404 page is little else (a page of the newest posts).
    { kind: 'popular posts gadget (404 page)', path: '/p/no-such-page.html' },
    { kind: 'API posts.list (25)', path: `/v3/blogs/${blog.blogId}/posts?maxResults=25` },
    { kind: 'stats dashboard', path: `/admin/blogs/${blog.name}/stats`, admin: true },
    { kind: 'dashboard posts list', path: `/admin/blogs/${blog.name}/posts`, admin: true },
    { kind: 'dashboard overview', path: `/admin/blogs/${blog.name}`, admin: true },
  ];
}
