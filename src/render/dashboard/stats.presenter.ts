/**
 * The stats dashboard's view model: each "views over time" series as an SVG bar chart (bars as
 * numbers; the template draws them) with a one-line summary and a table holding the same figures, and
 * the top posts, referrers and device classes as tables, in the reader's language (dates through Intl).
 * Also each table as CSV rows (these stay as data: ISO dates, English column names).
 */
import type { BlogStats, StatsWindow } from '../../domain/stats/blog-stats.js';
import type { PeriodViews } from '../../storage/repositories/view-stats.repository.js';
import { postPath } from '../../domain/blogs/urls.js';
import type { SafeHtml } from '../../domain/text/sanitize.js';
import type { Texts } from '../i18n/translate.js';
import { barChart, type BarChart } from './bar-chart.js';
import { periodLabel, periodTick } from './period-labels.js';

export interface ChartModel {
  id: string;
  title: string;
  /** A sentence saying what the chart shows: the total and the busiest period. */
  summary: SafeHtml;
  /** The bars, axes, dates and tooltips (chart.liquid draws them). */
  chart: BarChart;
  /** Same figures as the bars: the chart's text equivalent. */
  rows: { label: string; views: number }[];
  /** The table's first column: "Hour", "Day" or "Month". */
  periodName: string;
}

export type StatsTable = 'hours' | 'days' | 'months' | 'all-time' | 'posts' | 'referrers' | 'devices';
export const STATS_TABLES: readonly StatsTable[] = ['hours', 'days', 'months', 'all-time', 'posts', 'referrers', 'devices'];

/** The windows of the top lists; each is named by `admin.stats.window.VALUE` (the menu) and `admin.stats.windowIn.VALUE` (headings). */
export const WINDOWS: readonly StatsWindow[] = ['7d', '30d', 'all'];

/** A bar's tooltip: "Nov 20, 2026: 5 views". */
export function viewsTooltip(texts: Texts, when: string, views: number): string {
  return texts.text('admin.stats.tooltip', { when, count: views });
}

/** One series as a chart, a summary and a table; `unit` is the period the bars stand for. */
export function chart(texts: Texts, id: string, title: string, unit: 'hour' | 'day' | 'month', series: PeriodViews[]): ChartModel {
  const locale = texts.locale;
  const rows = series.map((p) => ({ label: periodLabel(p.period, locale), views: p.views }));
  const total = series.reduce((sum, p) => sum + p.views, 0);
  const busiest = series.reduce<PeriodViews | undefined>((best, p) => (p.views > (best?.views ?? 0) ? p : best), undefined);
  const summary =
    busiest === undefined
      ? texts.html('admin.stats.summary.none')
      : texts.html('admin.stats.summary', { total, unit, when: periodLabel(busiest.period, locale), views: busiest.views });
  const number = new Intl.NumberFormat(locale);
  return {
    id,
    title,
    summary,
    periodName: texts.text(`admin.stats.period.${unit}`),
    rows,
    chart: barChart({
      points: series.map((p, i) => ({
        tick: periodTick(p.period, locale),
        tooltip: viewsTooltip(texts, rows[i]!.label, p.views),
        value: p.views,
      })),
      format: (n) => number.format(n),
    }),
  };
}

export function presentStats(stats: BlogStats, texts: Texts) {
  const devicesTotal = stats.devices.reduce((sum, d) => sum + d.views, 0);
  const percent = new Intl.NumberFormat(texts.locale, { style: 'percent' });
  return {
    timeZone: stats.timeZone,
    rightNow: stats.rightNow,
    window: stats.window,
    charts: [
      chart(texts, 'hours', texts.text('admin.stats.chart.hours'), 'hour', stats.hours),
      chart(texts, 'days', texts.text('admin.stats.post.daysTitle'), 'day', stats.days),
      chart(texts, 'months', texts.text('admin.stats.chart.months'), 'month', stats.months),
      chart(texts, 'all-time', texts.text('admin.stats.chart.allTime'), 'month', stats.allTime),
    ],
    topPosts: stats.topPosts.map((t) => ({ title: t.post.title || texts.text('list.untitled'), path: postPath(t.post), views: t.views })),
    referrers: stats.referrers,
    devices: stats.devices.map((d) => ({
      ...d,
      name: texts.text(`admin.stats.device.${d.value}`),
      share: percent.format(devicesTotal === 0 ? 0 : Math.round((d.views / devicesTotal) * 100) / 100),
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
