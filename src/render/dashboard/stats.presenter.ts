/**
 * The stats dashboard's view model: each "views over time" series as an SVG bar chart (bars as
 * numbers; the template draws them) with a one-line summary and a table holding the same figures, and
 * the top posts, referrers and device classes as tables. Also each table as CSV rows.
 */
import type { BlogStats, StatsWindow } from '../../domain/stats/blog-stats.js';
import type { PeriodViews } from '../../storage/repositories/view-stats.repository.js';
import { postPath } from '../../domain/blogs/urls.js';

export interface ChartBar {
  x: number;
  y: number;
  width: number;
  height: number;
  label: string;
  views: number;
}

export interface ChartModel {
  id: string;
  title: string;
  /** A sentence saying what the chart shows: the total and the busiest period. */
  summary: string;
  /** The chart's size in SVG units (it is scaled to the page's width). */
  width: number;
  height: number;
  bars: ChartBar[];
  /** Same figures as the bars: the chart's text equivalent. */
  rows: { label: string; views: number }[];
  periodName: string;
}

export type StatsTable = 'hours' | 'days' | 'months' | 'all-time' | 'posts' | 'referrers' | 'devices';
export const STATS_TABLES: readonly StatsTable[] = ['hours', 'days', 'months', 'all-time', 'posts', 'referrers', 'devices'];

export const WINDOWS: { value: StatsWindow; name: string }[] = [
  { value: '7d', name: 'Last 7 days' },
  { value: '30d', name: 'Last 30 days' },
  { value: 'all', name: 'All time' },
];

const CHART_HEIGHT = 100;
const BAR_STEP = 10;
const BAR_WIDTH = 8;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** Made on first use: an Intl.NumberFormat made at start loads ICU's number data (~35 ms) before any page needs it. */
let numberFormat: Intl.NumberFormat | undefined;
const formatCount = (n: number) => (numberFormat ??= new Intl.NumberFormat('en')).format(n);

/** A period key as people read it: `2026-11-20 14:00` (the blog's time), `2026-11-20`, `Nov 2026`. */
export function periodLabel(period: string): string {
  if (period.length === 16) return `${period.slice(0, 10)} ${period.slice(11)}`;
  if (period.length === 7) return `${MONTHS[Number(period.slice(5)) - 1]} ${period.slice(0, 4)}`;
  return period;
}

function chart(id: string, title: string, periodName: string, series: PeriodViews[]): ChartModel {
  const max = Math.max(1, ...series.map((p) => p.views));
  const rows = series.map((p) => ({ label: periodLabel(p.period), views: p.views }));
  const total = series.reduce((sum, p) => sum + p.views, 0);
  const busiest = series.reduce<PeriodViews | undefined>((best, p) => (p.views > (best?.views ?? 0) ? p : best), undefined);
  const summary =
    total === 0
      ? `No views ${title.toLowerCase().replace(/^views /, '')}.`
      : `${formatCount(total)} views in all; the busiest ${periodName} was ${periodLabel(busiest!.period)} with ${formatCount(busiest!.views)}.`;
  return {
    id,
    title,
    summary,
    periodName,
    width: Math.max(1, series.length) * BAR_STEP,
    height: CHART_HEIGHT,
    rows,
    bars: series.map((p, i) => {
      const height = Math.round((p.views / max) * (CHART_HEIGHT - 4) * 100) / 100;
      return { x: i * BAR_STEP + 1, y: CHART_HEIGHT - height, width: BAR_WIDTH, height, label: periodLabel(p.period), views: p.views };
    }),
  };
}

export function presentStats(stats: BlogStats) {
  const devicesTotal = stats.devices.reduce((sum, d) => sum + d.views, 0);
  return {
    timeZone: stats.timeZone,
    rightNow: stats.rightNow,
    window: stats.window,
    windowName: WINDOWS.find((w) => w.value === stats.window)!.name,
    charts: [
      chart('hours', 'Views in the last 24 hours, by hour', 'hour', stats.hours),
      chart('days', 'Views in the last 30 days, by day', 'day', stats.days),
      chart('months', 'Views in the last 12 months, by month', 'month', stats.months),
      chart('all-time', 'Views of all time, by month', 'month', stats.allTime),
    ],
    topPosts: stats.topPosts.map((t) => ({ title: t.post.title || '(untitled)', path: postPath(t.post), views: t.views })),
    referrers: stats.referrers,
    devices: stats.devices.map((d) => ({
      ...d,
      share: devicesTotal === 0 ? '0 %' : `${Math.round((d.views / devicesTotal) * 100)} %`,
    })),
  };
}

/** One table of the stats as CSV rows, header first. */
export function statsCsvRows(stats: BlogStats, table: StatsTable, origin: string): (string | number)[][] {
  const series = (rows: PeriodViews[], name: string) => [[name, 'views'], ...rows.map((r) => [r.period.replace('T', ' '), r.views])];
  switch (table) {
    case 'hours':
      return series(stats.hours, `hour (${stats.timeZone})`);
    case 'days':
      return series(stats.days, `day (${stats.timeZone})`);
    case 'months':
      return series(stats.months, 'month');
    case 'all-time':
      return series(stats.allTime, 'month');
    case 'posts':
      return [['title', 'address', 'views'], ...stats.topPosts.map((t) => [t.post.title, origin + postPath(t.post), t.views])];
    case 'referrers':
      return [['referrer', 'views'], ...stats.referrers.map((r) => [r.value, r.views])];
    case 'devices':
      return [['device', 'views'], ...stats.devices.map((d) => [d.value, d.views])];
  }
}
