/**
 * The Layout screen's preview: one page of the blog, of the kind the owner picked, rendered with a draft
 * layout that is not saved. It shows the blog's own content: the home page, the newest post, the first
 * page, the most used label, the newest year's archive (the home page when the blog has none of those).
 */
import type { BlogReader, Sidebar } from '../domain/reader/blog-reader.js';
import type { PageKind } from '../domain/layout/layout-model.js';
import { labelPath } from '../domain/blogs/urls.js';
import { pagerLinks, type PageRenderer } from './pages.js';
import type { SiteContext } from './presenters/site.js';

export async function renderLayoutPreview(
  pages: PageRenderer,
  reader: BlogReader,
  site: SiteContext,
  sidebar: Sidebar,
  kind: PageKind,
): Promise<string> {
  const { blog } = site;
  if (kind === 'post') {
    const [newest] = await reader.newest(blog, 1);
    const view =
      newest && newest.path_year !== null ? await reader.post(blog, newest.path_year, newest.path_month!, newest.slug) : undefined;
    if (view) return pages.post(site, view, sidebar);
  }
  if (kind === 'page' && sidebar.pages[0]) {
    const view = await reader.page(blog, sidebar.pages[0].slug);
    if (view) return pages.post(site, view, sidebar);
  }
  if (kind === 'label' && sidebar.labels[0]) {
    const name = [...sidebar.labels].sort((a, b) => b.count - a.count)[0]!.name;
    const list = await reader.listPosts(blog, { labelNames: [name] });
    const path = labelPath([name]);
    if (list) return pages.label(site, [name], list, sidebar, pagerLinks(path, list), path);
  }
  if (kind === 'archive' && sidebar.months[0]) {
    const year = sidebar.months[0].year;
    const list = (await reader.listPosts(blog, { year }))!;
    return pages.archive(site, year, undefined, list, sidebar, pagerLinks(`/${year}/`, list), `/${year}/`);
  }
  const list = (await reader.listPosts(blog))!;
  return pages.home(site, list, sidebar, pagerLinks('/', list), '/');
}
