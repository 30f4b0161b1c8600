/**
 * A blog's overview page: the latest posts as list rows, the waiting comments as short excerpts, and
 * the last seven days' views as a bar chart with the change from the week before.
 */
import type { BlogOverview } from '../../domain/blogs/blog-overview.service.js';
import type { Actor } from '../../domain/policies/actor.js';
import { htmlToText, snippet } from '../../domain/text/plain-text.js';
import type { BlogRow } from '../../storage/schema.js';
import { formatDateTime } from '../dates.js';
import type { Texts } from '../i18n/translate.js';
import { barChart } from './bar-chart.js';
import { weekdayLabel } from './period-labels.js';
import { presentPostRow } from './post-list.presenter.js';
import { viewsTooltip } from './stats.presenter.js';

/** This week's views beside last week's, as a catalogue key (`admin.overview.change.up`…) and its values. */
function weekChange(thisWeek: number, lastWeek: number): { key: string; percent: number; before: number } {
  const key = (name: string) => `admin.overview.change.${name}`;
  if (lastWeek === 0) return { key: key(thisWeek === 0 ? 'noneYet' : 'upFromNone'), percent: 0, before: 0 };
  const change = Math.round(((thisWeek - lastWeek) / lastWeek) * 100);
  if (change === 0) return { key: key('same'), percent: 0, before: lastWeek };
  return { key: key(change > 0 ? 'up' : 'down'), percent: Math.abs(change) / 100, before: lastWeek };
}

/**
 * The overview's view model; `origin` is the blog's address without the trailing slash. The chart speaks
 * the page's language (`texts`); dates stand in `dateLanguage`.
 */
export function presentOverview(
  blog: BlogRow,
  actor: Actor,
  overview: BlogOverview,
  origin: string,
  language: { texts: Texts; dateLanguage: string },
) {
  const views = overview.views;
  const { texts, dateLanguage } = language;
  const number = new Intl.NumberFormat(texts.locale);
  return {
    recentPosts: overview.recentPosts.map((p) => presentPostRow(blog, actor, p, [], origin, undefined, texts)),
    drafts: overview.drafts,
    pending: overview.pending && {
      total: overview.pending.total,
      comments: overview.pending.comments.map((c) => ({
        id: c.id,
        author: c.author_name,
        excerpt: snippet(htmlToText(c.body_html), 140),
        postTitle: c.post_title || texts.text('list.untitled'),
        date: formatDateTime(c.created_at, dateLanguage, blog.time_zone),
        dateIso: new Date(c.created_at).toISOString(),
      })),
    },
    views: views && {
      thisWeek: number.format(views.thisWeek),
      change: weekChange(views.thisWeek, views.lastWeek),
      chart: barChart({
        points: views.days.map((d) => ({
          tick: weekdayLabel(d.period, texts.locale, true),
          tooltip: viewsTooltip(texts, weekdayLabel(d.period, texts.locale), d.views),
          value: d.views,
        })),
        format: (n) => number.format(n),
        width: 440,
      }),
    },
  };
}
