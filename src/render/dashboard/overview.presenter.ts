/**
 * A blog's overview page: the latest posts as list rows, the waiting comments as short excerpts, and
 * the last seven days' views as a bar chart with the change from the week before.
 */
import type { BlogOverview } from '../../domain/blogs/blog-overview.service.js';
import type { Actor } from '../../domain/policies/actor.js';
import { htmlToText, snippet } from '../../domain/text/plain-text.js';
import type { BlogRow } from '../../storage/schema.js';
import { formatDateTime } from '../dates.js';
import { barChart } from './bar-chart.js';
import { presentPostRow } from './post-list.presenter.js';

let numberFormat: Intl.NumberFormat | undefined;
let dayFormat: Intl.DateTimeFormat | undefined;
/** A count as people read it (`1,234`). */
export const formatNumber = (n: number): string => (numberFormat ??= new Intl.NumberFormat('en')).format(n);
/** A blog day (`YYYY-MM-DD`) as a short label: `Fri 20 Nov`. */
export const shortDay = (day: string): string =>
  (dayFormat ??= new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' })).format(
    Date.parse(`${day}T12:00:00Z`),
  );

function weekChange(thisWeek: number, lastWeek: number): string {
  if (lastWeek === 0) return thisWeek === 0 ? 'No views yet this week.' : 'Up from none the week before.';
  const change = Math.round(((thisWeek - lastWeek) / lastWeek) * 100);
  if (change === 0) return 'The same as the week before.';
  return `${change > 0 ? 'Up' : 'Down'} ${Math.abs(change)} % from the week before (${formatNumber(lastWeek)}).`;
}

/** The overview's view model; `origin` is the blog's address without the trailing slash. */
export function presentOverview(blog: BlogRow, actor: Actor, overview: BlogOverview, origin: string) {
  const views = overview.views;
  return {
    recentPosts: overview.recentPosts.map((p) => presentPostRow(blog, actor, p, [], origin)),
    drafts: overview.drafts,
    pending: overview.pending && {
      total: overview.pending.total,
      comments: overview.pending.comments.map((c) => ({
        id: c.id,
        author: c.author_name,
        excerpt: snippet(htmlToText(c.body_html), 140),
        postTitle: c.post_title || '(untitled)',
        date: formatDateTime(c.created_at, blog.language, blog.time_zone),
        dateIso: new Date(c.created_at).toISOString(),
      })),
    },
    views: views && {
      thisWeek: formatNumber(views.thisWeek),
      change: weekChange(views.thisWeek, views.lastWeek),
      chart: barChart({
        points: views.days.map((d) => ({ tick: shortDay(d.period).replace(/ \w+$/, ''), name: shortDay(d.period), value: d.views })),
        unit: ['view', 'views'],
        format: formatNumber,
        width: 440,
      }),
    },
  };
}
