/**
 * A blog's stats: `/admin/blogs/NAME/stats` (charts and tables; `?window=7d|30d|all` for the top
 * posts, referrers and devices), each table as CSV (`/stats.csv?table=…&window=…`), one post's views
 * per day (`/stats/posts/ID`, reached from the posts list), and the switch for the view beacon. Owner and admins only (stats.policy.ts); a member of another blog gets a 404.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as z from 'zod';
import { canChangeCounting, canSeeStats } from '../../../domain/policies/stats.policy.js';
import type { PostStats, StatsWindow } from '../../../domain/stats/blog-stats.js';
import { InvalidInputError, NotFoundError } from '../../../domain/errors.js';
import { postPath } from '../../../domain/blogs/urls.js';
import { chart, presentStats, statsCsvRows, STATS_TABLES, WINDOWS, type StatsTable } from '../../../render/dashboard/stats.presenter.js';
import { periodLabel } from '../../../render/dashboard/period-labels.js';
import { toCsv } from '../../../render/dashboard/csv.js';
import { dashboardText, dashboardTexts, sendPage, signedIn, type AdminDeps, type BlogPage } from '../../dashboard-helpers/admin-page.js';
import { authorize, blogAccess } from '../../dashboard-helpers/blog-access.js';
import { blogNav } from '../../dashboard-helpers/blog-nav.js';
import { parseForm } from '../../dashboard-helpers/forms.js';

type Params = { blog: string };
type Query = { window?: string; table?: string; done?: string };

const windowOf = (request: FastifyRequest, value: string | undefined): StatsWindow => {
  if (value === undefined || value === '') return '30d';
  if (value === '7d' || value === '30d' || value === 'all') return value;
  throw new InvalidInputError(dashboardText(request, 'admin.stats.error.window'), 'window');
};

/** "Views in the last 30 days: 12. The busiest day: Nov 20, 2026, with 5." in the reader's language. */
function postSummary(request: FastifyRequest, days: PostStats['days']): string {
  const total = days.reduce((sum, d) => sum + d.views, 0);
  if (total === 0) return dashboardText(request, 'admin.stats.post.none');
  const busiest = days.reduce((best, d) => (d.views > best.views ? d : best));
  const day = periodLabel(busiest.period, dashboardTexts(request).locale);
  return dashboardText(request, 'admin.stats.post.summary', { total, day, views: busiest.views });
}

const beaconForm = z.object({ beacon: z.enum(['on', 'off'], { error: 'admin.stats.error.beacon' }) });

export function registerStatsRoutes(app: FastifyInstance, deps: AdminDeps<BlogPage | 'stats'>): void {
  const { services } = deps;
  const openStats = async (request: FastifyRequest<{ Params: Params }>) => {
    const access = await blogAccess(request, services, request.params.blog);
    authorize(canSeeStats(access.actor), dashboardText(request, 'admin.stats.error.notAllowed'));
    return access;
  };

  app.get<{ Params: Params; Querystring: Query }>('/admin/blogs/:blog/stats', { preHandler: signedIn }, async (request, reply) => {
    const access = await openStats(request);
    const window = windowOf(request, request.query.window);
    const stats = await services.stats.statsFor(access.blog, window);
    const nav = blogNav(request, deps, access);
    return sendPage(deps, request, reply, 'stats', {
      title: dashboardText(request, 'admin.nav.stats'),
      blog: nav,
      origin: nav.home.replace(/\/$/, ''),
      stats: presentStats(stats, dashboardTexts(request)),
      windows: WINDOWS,
      beacon: access.blog.view_beacon === 1,
      canChangeCounting: canChangeCounting(access.actor),
      notice: request.query.done === 'beacon' ? dashboardText(request, 'admin.stats.saved') : null,
    });
  });

  app.get<{ Params: Params & { id: string } }>('/admin/blogs/:blog/stats/posts/:id', { preHandler: signedIn }, async (request, reply) => {
    const access = await openStats(request);
    const stats = await services.stats.postStatsFor(access.blog, request.params.id);
    if (!stats) throw new NotFoundError(dashboardText(request, 'admin.stats.error.noPost'));
    const nav = blogNav(request, deps, access);
    const title = stats.post.title || dashboardText(request, 'list.untitled');
    const kind = stats.post.kind === 'page' ? 'pages' : 'posts';
    return sendPage(deps, request, reply, 'stats-post', {
      title: dashboardText(request, 'admin.stats.post.title', { title }),
      blog: nav,
      backLink: { href: `/admin/blogs/${access.blog.name}/${kind}`, text: dashboardText(request, `admin.stats.post.back.${kind}`) },
      post: {
        title,
        url: stats.post.status === 'live' ? `${nav.home.replace(/\/$/, '')}${postPath(stats.post)}` : null,
        editUrl: `/admin/blogs/${access.blog.name}/${kind}/${stats.post.id}`,
      },
      timeZone: stats.timeZone,
      days: chart(dashboardTexts(request), 'post-days', dashboardText(request, 'admin.stats.post.daysTitle'), 'day', stats.days),
      summary: postSummary(request, stats.days),
    });
  });

  app.get<{ Params: Params; Querystring: Query }>('/admin/blogs/:blog/stats.csv', { preHandler: signedIn }, async (request, reply) => {
    const access = await openStats(request);
    const table = request.query.table as StatsTable;
    if (!STATS_TABLES.includes(table))
      throw new InvalidInputError(dashboardText(request, 'admin.stats.error.table', { tables: STATS_TABLES.join(', ') }), 'table');
    const window = windowOf(request, request.query.window);
    const stats = await services.stats.statsFor(access.blog, window);
    const origin = blogNav(request, deps, access).home.replace(/\/$/, '');
    const suffix = ['posts', 'referrers', 'devices'].includes(table) ? `-${window}` : '';
    return reply
      .type('text/csv; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('content-disposition', `attachment; filename="${access.blog.name}-${table}${suffix}.csv"`)
      .send(toCsv(statsCsvRows(stats, table, origin)));
  });

  app.post<{ Params: Params }>('/admin/blogs/:blog/stats/beacon', { preHandler: signedIn }, async (request, reply) => {
    const access = await blogAccess(request, services, request.params.blog);
    authorize(canChangeCounting(access.actor), dashboardText(request, 'admin.stats.error.notAllowed'));
    const input = parseForm(beaconForm, request.body, dashboardTexts(request));
    await services.stats.setBeacon(access.blog, input.beacon === 'on');
    return reply.redirect(`/admin/blogs/${access.blog.name}/stats?done=beacon`, 303);
  });
}
