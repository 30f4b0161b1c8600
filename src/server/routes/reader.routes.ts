/**
 * The reader's pages in Blogger's URL scheme: home, posts, pages, labels, archives, search, and the
 * helpful 404. Each handler: read and check the URL, one reader query, one render.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isId } from '../../storage/ids.js';
import { SEARCH_PAGE_SIZE, type Cursor, type PostView } from '../../domain/reader/blog-reader.js';
import { pagerLinks, type PageRenderer } from '../../render/pages.js';
import { parseLabelPath } from '../../domain/blogs/urls.js';
import type { Services } from '../../services.js';
import type { PageCache } from '../page-cache.js';
import { servePage } from '../serve-page.js';
import { siteOf } from '../site.js';
import { plainPage, sendError } from '../errors.js';
import { cutText } from '../../domain/text/unicode.js';
import { importedRedirect, sendMoved } from '../redirects.js';
import type { SiteContext } from '../../render/presenters/site.js';
import { pageReaderOf } from './comment-session.js';

export interface ReaderDeps {
  services: Pick<Services, 'blogs' | 'commentSubmissions' | 'reader' | 'redirects' | 'viewCounter' | 'sessions' | 'ownComments'>;
  pages: PageRenderer;
  cache: PageCache;
}

type Query = Record<string, string | string[] | undefined>;

function one(query: Query, name: string): string | undefined {
  const v = query[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * The keyset position from `updated-max`/`before-id` (older posts) or `updated-min`/`after-id` (newer).
 * A Blogger-style link carries only the date: then posts at exactly that time count as already seen
 * ('' sorts before every ID, '~' after).
 */
export function cursorsOf(query: Query): { older?: Cursor; newer?: Cursor } {
  const read = (dateName: string, idName: string, withoutId: string): Cursor | undefined => {
    const date = one(query, dateName);
    const publishedAt = date ? Date.parse(date) : NaN;
    if (Number.isNaN(publishedAt)) return undefined;
    const id = one(query, idName);
    return { publishedAt, id: id && isId(id) ? id : withoutId };
  };
  const older = read('updated-max', 'before-id', '');
  if (older) return { older };
  const newer = read('updated-min', 'after-id', '~');
  return newer ? { newer } : {};
}

/** The comment a no-JavaScript "Reply" link answers (`?reply=ID`). */
function replyParam(query: Query): string | null {
  const id = one(query, 'reply');
  return id && isId(id) ? id : null;
}

/** Aborted when the connection closes before this reply is sent: the reader has left. */
function readerGone(reply: FastifyReply): AbortSignal {
  const gone = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) gone.abort();
  });
  return gone.signal;
}

/** Hands the request to the 404 handler; returning the reply tells Fastify it is being answered. */
function notFound(reply: FastifyReply): FastifyReply {
  reply.callNotFound();
  return reply;
}

const YEAR = /^\d{4}$/;
const MONTH = /^(0[1-9]|1[0-2])$/;
/** No permalink holds a control character (and PostgreSQL cannot even be asked about NUL). */
const CONTROL = /[\u0000-\u001F\u007F]/;

export function registerReaderRoutes(app: FastifyInstance, deps: ReaderDeps): void {
  const { services, pages } = deps;
  const reader = services.reader;

  /**
   * A post or page with its comments. A signed-in reader with comments they may still change gets a
   * page of their own with Edit and Delete on those (rendered afresh, never cached or shared); every
   * other reader gets the shared page.
   */
  const postPage = async (request: FastifyRequest, reply: FastifyReply, site: SiteContext, find: () => Promise<PostView | undefined>) => {
    const viewer = await pageReaderOf(request, reply, services, site.blog);
    const personal = viewer.own !== null;
    return servePage(
      request,
      reply,
      site,
      deps,
      async () => {
        const view = await find();
        if (!view) return undefined;
        const form = await services.commentSubmissions.formFor(site.blog, view.post);
        const html = await pages.postPage(
          site,
          view,
          await reader.sidebar(site.blog),
          form,
          replyParam(request.query as Query),
          viewer.own ?? undefined,
        );
        return { html, postId: view.post.id };
      },
      { personal, private: viewer.signedIn },
    );
  };

  app.get('/', async (request, reply) => {
    const site = siteOf(request, services.blogs);
    // Imported redirects: WordPress's /?p=N, /?page_id=N links lead to the imported post.
    const moved = request.url.includes('?') ? await importedRedirect(services, request) : undefined;
    if (moved) return sendMoved(reply, moved);
    return servePage(request, reply, site, deps, async () => {
      const list = (await reader.listPosts(site.blog))!;
      return { html: await pages.home(site, list, await reader.sidebar(site.blog), pagerLinks('/search', list), '/') };
    });
  });

  app.get<{ Params: { year: string; month: string; file: string } }>('/:year/:month/:file', async (request, reply) => {
    const site = siteOf(request, services.blogs);
    const { year, month, file } = request.params;
    if (!YEAR.test(year) || !MONTH.test(month) || !file.endsWith('.html') || CONTROL.test(file)) return notFound(reply);
    const slug = file.slice(0, -'.html'.length).normalize('NFC');
    return postPage(request, reply, site, () => reader.post(site.blog, Number(year), Number(month), slug));
  });

  app.get<{ Params: { file: string } }>('/p/:file', async (request, reply) => {
    const site = siteOf(request, services.blogs);
    const { file } = request.params;
    if (!file.endsWith('.html') || CONTROL.test(file)) return notFound(reply);
    const slug = file.slice(0, -'.html'.length).normalize('NFC');
    return postPage(request, reply, site, () => reader.page(site.blog, slug));
  });

  app.get('/search/label/*', async (request, reply) => {
    const site = siteOf(request, services.blogs);
    const rawPath = request.url.split('?')[0]!.slice('/search/label/'.length);
    const names = parseLabelPath(rawPath);
    if (!names) return notFound(reply);
    const query = request.query as Query;
    return servePage(request, reply, site, deps, async () => {
      const list = await reader.listPosts(site.blog, { labelNames: names, ...cursorsOf(query) });
      if (!list) return undefined;
      const base = `/search/label/${rawPath}`;
      return { html: await pages.label(site, names, list, await reader.sidebar(site.blog), pagerLinks(base, list), base) };
    });
  });

  app.get('/search', async (request, reply) => {
    const site = siteOf(request, services.blogs);
    const query = request.query as Query;
    const q = cutText((one(query, 'q') ?? '').replace(/[\u0000-\u001F\u007F]/g, ' ').trim(), 200);
    const cursors = cursorsOf(query);
    if (!q && (cursors.older || cursors.newer)) {
      // Blogger's "Older posts" links: /search?updated-max=…
      return servePage(request, reply, site, deps, async () => {
        const list = (await reader.listPosts(site.blog, cursors))!;
        return { html: await pages.home(site, list, await reader.sidebar(site.blog), pagerLinks('/search', list), request.url) };
      });
    }
    const pageParam = one(query, 'page') ?? '1';
    if (!/^\d{1,4}$/.test(pageParam) || Number(pageParam) < 1)
      return sendError(request, reply, 400, 'invalid_page', 'The page number must be a whole number from 1.');
    const page = Number(pageParam);
    return servePage(request, reply, site, deps, async () => {
      const found = q ? await reader.search(site.blog, q, page, readerGone(reply)) : { results: [], total: 0 };
      return { html: await pages.search(site, q, page, found, SEARCH_PAGE_SIZE, await reader.sidebar(site.blog)) };
    });
  });

  const archive = async (request: FastifyRequest, year: string, month: string | undefined) => {
    const site = siteOf(request, services.blogs);
    return {
      site,
      year: YEAR.test(year) ? Number(year) : undefined,
      month: month === undefined ? undefined : MONTH.test(month) ? Number(month) : NaN,
    };
  };

  app.get<{ Params: { year: string } }>('/:year/', async (request, reply) => {
    const { site, year } = await archive(request, request.params.year, undefined);
    if (year === undefined) return notFound(reply);
    return servePage(request, reply, site, deps, async () => {
      const list = (await reader.listPosts(site.blog, { year, ...cursorsOf(request.query as Query) }))!;
      const path = `/${request.params.year}/`;
      return { html: await pages.archive(site, year, undefined, list, await reader.sidebar(site.blog), pagerLinks(path, list), path) };
    });
  });

  app.get<{ Params: { year: string; month: string } }>('/:year/:month/', async (request, reply) => {
    const { site, year, month } = await archive(request, request.params.year, request.params.month);
    if (year === undefined || month === undefined || Number.isNaN(month)) return notFound(reply);
    return servePage(request, reply, site, deps, async () => {
      const list = (await reader.listPosts(site.blog, { year, month, ...cursorsOf(request.query as Query) }))!;
      const path = `/${request.params.year}/${request.params.month}/`;
      return { html: await pages.archive(site, year, month, list, await reader.sidebar(site.blog), pagerLinks(path, list), path) };
    });
  });

  // `/2026` and `/2026/11` lead to their archive pages.
  app.get<{ Params: { year: string } }>('/:year', async (request, reply) =>
    YEAR.test(request.params.year) ? reply.redirect(`/${request.params.year}/`, 301) : notFound(reply),
  );
  app.get<{ Params: { year: string; month: string } }>('/:year/:month', async (request, reply) =>
    YEAR.test(request.params.year) && MONTH.test(request.params.month)
      ? reply.redirect(`/${request.params.year}/${request.params.month}/`, 301)
      : notFound(reply),
  );

  app.setNotFoundHandler(readerNotFound(deps));
}

/**
 * The helpful 404 (a blog's newest posts in its theme, or an imported redirect), for every address no
 * route answers; the dashboard's and the API's apps (server/on-first-use.ts) answer their misses with it too.
 */
export function readerNotFound(deps: Pick<ReaderDeps, 'services' | 'pages'>) {
  const { services, pages } = deps;
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.blog) {
      if (!(await services.blogs.hasAnyBlog())) {
        return reply
          .code(200)
          .type('text/html; charset=utf-8')
          .header('cache-control', 'no-store')
          .send(
            plainPage(
              'Dastan is running',
              'There is no blog yet. Create one with `npx dastan blog create NAME --title "My blog"`, or fill a demo blog with `npm run demo`.',
            ),
          );
      }
      return sendError(request, reply, 404, 'not_found', 'There is no blog at this address.');
    }
    // Imported redirects: an old WordPress, Ghost or Blogger address answers 301 to its new place.
    const moved = await importedRedirect(services, request);
    if (moved) return sendMoved(reply, moved);
    const site = siteOf(request, services.blogs);
    const html = await pages.notFound(site, await services.reader.newest(site.blog, 5));
    return reply.code(404).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
  };
}
