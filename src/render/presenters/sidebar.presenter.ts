/** The sidebar gadgets: popular posts, labels with counts, the archive tree, pages. */
import type { Sidebar } from '../../domain/reader/blog-reader.js';
import { looksRightToLeft } from '../../domain/text/direction.js';
import { formatMonth } from '../dates.js';
import { archivePath, labelPath, postPath } from '../../domain/blogs/urls.js';
import type { SiteContext } from './site.js';
import { imageView, postImage, THUMB_WIDTHS, type ImageView } from './images.js';

export interface SidebarView {
  popular: { title: string; url: string; snippet: string; dir: string; thumb: ImageView | null }[];
  labelsStyle: 'list' | 'cloud';
  /** `weight` (1–5) sizes a label in the cloud by how many posts carry it. */
  labels: { name: string; url: string; count: number; weight: number }[];
  archive: {
    year: number;
    url: string;
    count: number;
    months: { name: string; url: string; count: number; posts: { title: string; url: string }[] }[];
  }[];
}

/** 1–5 on a logarithmic scale, so one very common label does not shrink all the others to the same size. */
export function cloudWeight(count: number, maxCount: number): number {
  if (maxCount <= 1) return 1;
  return 1 + Math.round((4 * Math.log(count)) / Math.log(maxCount));
}

export interface MenuItem {
  title: string;
  url: string;
  /** `page` on the page being read (for `aria-current`), else ''. */
  current: string;
}

/** The pages menu: the blog's live pages in the owner's order. */
export function presentMenu(sidebar: Sidebar, current: { id: string } | null): MenuItem[] {
  return sidebar.pages.map((p) => ({ title: p.title || '(untitled)', url: postPath(p), current: p.id === current?.id ? 'page' : '' }));
}

/** The sidebar; `leftOut` is the post being read, which its own popular-posts gadget does not list. */
export function presentSidebar(ctx: SiteContext, sidebar: Sidebar, leftOut = ''): SidebarView {
  const maxCount = Math.max(1, ...sidebar.labels.map((l) => l.count));
  const years = new Map<number, SidebarView['archive'][number]>();
  for (const m of sidebar.months) {
    let year = years.get(m.year);
    if (!year) {
      year = { year: m.year, url: archivePath(m.year), count: 0, months: [] };
      years.set(m.year, year);
    }
    year.count += m.count;
    year.months.push({
      name: formatMonth(m.year, m.month, ctx.blog.language),
      url: archivePath(m.year, m.month),
      count: m.count,
      posts: sidebar.newestMonthTitles
        .filter((t) => t.path_year === m.year && t.path_month === m.month)
        .map((t) => ({ title: t.title || '(untitled)', url: postPath({ kind: 'post', ...t }) })),
    });
  }
  return {
    popular: sidebar.popular
      .filter((p) => p.post.id !== leftOut)
      .slice(0, ctx.blog.popular_count)
      .map((p) => {
        const image = postImage(p.post);
        return {
          title: p.post.title || '(untitled)',
          url: postPath(p.post),
          snippet: p.snippet,
          dir: looksRightToLeft(p.snippet || p.post.title) ? 'rtl' : 'ltr',
          thumb: image ? imageView(image.url, '', THUMB_WIDTHS) : null,
        };
      }),
    labelsStyle: ctx.blog.labels_style,
    labels: sidebar.labels.map((l) => ({ name: l.name, url: labelPath([l.name]), count: l.count, weight: cloudWeight(l.count, maxCount) })),
    archive: [...years.values()],
  };
}
