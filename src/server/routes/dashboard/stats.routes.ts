/**
 * A blog's stats: `/admin/blogs/NAME/stats` (charts and tables; `?window=7d|30d|all` for the top
 * posts, referrers and devices), each table as CSV (`/stats.csv?table=…&window=…`), and the switch for
 * the view beacon. Owner and admins only (stats.policy.ts); a member of another blog gets a 404.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as z from 'zod';
import { canChangeCounting, canSeeStats } from '../../../domain/policies/stats.policy.js';
import type { StatsWindow } from '../../../domain/stats/blog-stats.js';
import { InvalidInputError } from '../../../domain/errors.js';
import { presentStats, statsCsvRows, STATS_TABLES, WINDOWS, type StatsTable } from '../../../render/dashboard/stats.presenter.js';
import { toCsv } from '../../../render/dashboard/csv.js';
import { sendPage, signedIn, type AdminDeps, type BlogPage } from '../../dashboard-helpers/admin-page.js';
import { authorize, blogAccess } from '../../dashboard-helpers/blog-access.js';
import { blogNav } from '../../dashboard-helpers/blog-nav.js';
import { parseForm } from '../../dashboard-helpers/forms.js';

type Params = { blog: string };
type Query = { window?: string; table?: string; done?: string };

const windowOf = (value: string | undefined): StatsWindow => {
  if (value === undefined || value === '') return '30d';
  if (value === '7d' || value === '30d' || value === 'all') return value;
  throw new InvalidInputError('Please choose a window from the list: 7d, 30d or all.', 'window');
};

const beaconForm = z.object({ beacon: z.enum(['on', 'off'], { error: 'Please choose whether to count by the beacon.' }) });

export function registerStatsRoutes(app: FastifyInstance, deps: AdminDeps<BlogPage | 'stats'>): void {
  const { services } = deps;
  const openStats = async (request: FastifyRequest<{ Params: Params }>) => {
    const access = await blogAccess(request, services, request.params.blog);
    authorize(canSeeStats(access.actor), 'Only the owner and admins see the stats.');
    return access;
  };

  app.get<{ Params: Params; Querystring: Query }>('/admin/blogs/:blog/stats', { preHandler: signedIn }, async (request, reply) => {
    const access = await openStats(request);
    const window = windowOf(request.query.window);
    const stats = await services.stats.statsFor(access.blog, window);
    const nav = blogNav(request, deps, access);
    return sendPage(deps, request, reply, 'stats', {
      title: 'Stats',
      blog: nav,
      origin: nav.home.replace(/\/$/, ''),
      stats: presentStats(stats),
      windows: WINDOWS,
      beacon: access.blog.view_beacon === 1,
      canChangeCounting: canChangeCounting(access.actor),
      notice: request.query.done === 'beacon' ? 'Saved.' : null,
    });
  });

  app.get<{ Params: Params; Querystring: Query }>('/admin/blogs/:blog/stats.csv', { preHandler: signedIn }, async (request, reply) => {
    const access = await openStats(request);
    const table = request.query.table as StatsTable;
    if (!STATS_TABLES.includes(table)) throw new InvalidInputError(`Please name a table: ${STATS_TABLES.join(', ')}.`, 'table');
    const window = windowOf(request.query.window);
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
    authorize(canChangeCounting(access.actor), 'Only the owner and admins change how views are counted.');
    const input = parseForm(beaconForm, request.body);
    await services.stats.setBeacon(access.blog, input.beacon === 'on');
    return reply.redirect(`/admin/blogs/${access.blog.name}/stats?done=beacon`, 303);
  });
}
