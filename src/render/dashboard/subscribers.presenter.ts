/** The subscribers page's rows, counts and chart, and the mailings table, in the blog's language and time zone. */
import type { BlogRow, SubscriberRow } from '../../storage/schema.js';
import type { SubscriberListPage } from '../../domain/subscriptions/subscriber-list.service.js';
import type { SendRow } from '../../storage/repositories/subscriber-list.repository.js';
import { formatDate, formatDateTime } from '../dates.js';
import { barChart } from './bar-chart.js';

const DAY = 86_400_000;

function presentSubscriber(s: SubscriberRow, blog: BlogRow) {
  const consent = s.confirmed_at === null ? null : Number(s.confirmed_at);
  return {
    id: s.id,
    email: s.email,
    status: s.status,
    weekly: s.frequency === 'weekly',
    source: s.source,
    since: consent === null ? null : formatDate(consent, blog.language, blog.time_zone),
    sinceIso: consent === null ? null : new Date(consent).toISOString(),
    stoppedReason: s.stopped_reason,
  };
}

export function presentSubscriberPage(page: SubscriberListPage, blog: BlogRow) {
  const format = (n: number) => new Intl.NumberFormat(blog.language).format(n);
  const dayName = (day: number) => formatDate(day * DAY, blog.language, 'UTC');
  const short = new Intl.DateTimeFormat(blog.language, { month: 'short', day: 'numeric', timeZone: 'UTC' });
  return {
    subscribers: page.subscribers.map((s) => presentSubscriber(s, blog)),
    counts: page.counts,
    next: page.next,
    joinedInMonth: page.days.reduce((sum, d) => sum + d.joined, 0),
    leftInMonth: page.days.reduce((sum, d) => sum + d.left, 0),
    chart: barChart({
      points: page.days.map((d) => ({ tick: short.format(d.day * DAY), name: dayName(d.day), value: d.joined })),
      unit: ['new subscriber', 'new subscribers'],
      format,
      width: 640,
    }),
  };
}

export function presentSends(sends: (SendRow & { queued: number; failed: number; unsubscribedAfter: number })[], blog: BlogRow) {
  return sends.map((s) => ({
    ...s,
    title: s.title || '(untitled)',
    date: formatDateTime(s.firstSentAt, blog.language, blog.time_zone),
    dateIso: new Date(s.firstSentAt).toISOString(),
  }));
}
