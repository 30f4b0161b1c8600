/**
 * The subscribers page's rows, counts and chart, and the mailings table: words in the reader's
 * language (`texts`), dates in `dateLanguage` and the blog's time zone.
 */
import type { BlogRow, SubscriberRow } from '../../storage/schema.js';
import type { SubscriberListPage } from '../../domain/subscriptions/subscriber-list.service.js';
import type { SendRow } from '../../storage/repositories/subscriber-list.repository.js';
import type { Texts } from '../i18n/translate.js';
import { formatDate, formatDateTime } from '../dates.js';
import { barChart } from './bar-chart.js';

const DAY = 86_400_000;

/** Where a subscriber came from, as the page names it; a source not named here shows as itself. */
const SOURCES = new Set(['form', 'dashboard', 'import']);

function presentSubscriber(s: SubscriberRow, blog: BlogRow, texts: Texts, dateLanguage: string) {
  const consent = s.confirmed_at === null ? null : Number(s.confirmed_at);
  return {
    id: s.id,
    email: s.email,
    status: texts.text(`admin.subscribers.status.${s.status}`),
    weekly: s.frequency === 'weekly',
    source: SOURCES.has(s.source) ? texts.text(`admin.subscribers.source.${s.source}`) : s.source,
    since: consent === null ? null : formatDate(consent, dateLanguage, blog.time_zone),
    sinceIso: consent === null ? null : new Date(consent).toISOString(),
    stoppedReason: s.stopped_reason,
  };
}

export function presentSubscriberPage(page: SubscriberListPage, blog: BlogRow, texts: Texts, dateLanguage: string) {
  const number = new Intl.NumberFormat(texts.locale);
  const dayName = (day: number) => formatDate(day * DAY, texts.locale, 'UTC');
  const short = new Intl.DateTimeFormat(texts.locale, { month: 'short', day: 'numeric', timeZone: 'UTC' });
  return {
    subscribers: page.subscribers.map((s) => presentSubscriber(s, blog, texts, dateLanguage)),
    counts: page.counts,
    next: page.next,
    joinedInMonth: page.days.reduce((sum, d) => sum + d.joined, 0),
    leftInMonth: page.days.reduce((sum, d) => sum + d.left, 0),
    chart: barChart({
      points: page.days.map((d) => ({
        tick: short.format(d.day * DAY),
        tooltip: texts.text('admin.subscribers.tooltip', { when: dayName(d.day), count: d.joined }),
        value: d.joined,
      })),
      format: (n) => number.format(n),
      width: 640,
    }),
  };
}

export function presentSends(
  sends: (SendRow & { queued: number; failed: number; unsubscribedAfter: number })[],
  blog: BlogRow,
  texts: Texts,
  dateLanguage: string,
) {
  return sends.map((s) => ({
    ...s,
    title: s.title || texts.text('list.untitled'),
    date: formatDateTime(s.firstSentAt, dateLanguage, blog.time_zone),
    dateIso: new Date(s.firstSentAt).toISOString(),
  }));
}
