/**
 * The stats' periods as the dashboard's reader reads them, through Intl in their language: an hour
 * (`2026-11-20T14:00`, the blog's wall clock), a day (`2026-11-20`) or a month (`2026-11`). Each has a
 * full name (tables, tooltips, summaries) and a short one for under a bar. Hours are on the 24-hour clock
 * in every language, so no Latin "AM"/"PM" sits under an Urdu chart; months are Gregorian, as the stats
 * count them; days follow the language's own calendar and digits (Persian: Solar Hijri, ۲۰).
 */

type Style = 'hour' | 'hourTick' | 'day' | 'dayTick' | 'weekdayTick' | 'weekday' | 'month';

const OPTIONS: Record<Style, Intl.DateTimeFormatOptions> = {
  hour: { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  hourTick: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  day: { dateStyle: 'medium' },
  dayTick: { month: 'short', day: 'numeric' },
  weekdayTick: { weekday: 'short' },
  weekday: { weekday: 'short', month: 'short', day: 'numeric' },
  month: { month: 'short', year: 'numeric', calendar: 'gregory' },
};

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, style: Style): Intl.DateTimeFormat {
  const key = `${locale}|${style}`;
  let f = formatters.get(key);
  if (!f) {
    // The period is already the blog's wall-clock time: it is read and written as UTC, never shifted.
    const options = { ...OPTIONS[style], timeZone: 'UTC' };
    try {
      f = new Intl.DateTimeFormat(locale, options);
    } catch {
      f = new Intl.DateTimeFormat('en', options);
    }
    formatters.set(key, f);
  }
  return f;
}

/** The period key as a UTC instant: its hour, or the middle of its day, or the middle of its month. */
function instantOf(period: string): number {
  if (period.length === 16) return Date.parse(`${period}:00Z`);
  if (period.length === 7) return Date.parse(`${period}-15T12:00:00Z`);
  return Date.parse(`${period}T12:00:00Z`);
}

const kindOf = (period: string): 'hour' | 'day' | 'month' => (period.length === 16 ? 'hour' : period.length === 7 ? 'month' : 'day');

/** A period's full name: "Nov 20, 12:00", "Nov 20, 2026", "Nov 2026" in English. */
export function periodLabel(period: string, locale: string): string {
  return formatter(locale, kindOf(period)).format(instantOf(period));
}

/** A period's name under its bar: "12:00", "Nov 20", "Nov 2026" in English. */
export function periodTick(period: string, locale: string): string {
  const kind = kindOf(period);
  return formatter(locale, kind === 'hour' ? 'hourTick' : kind === 'day' ? 'dayTick' : 'month').format(instantOf(period));
}

/** A day of the last week (`2026-11-20`): "Fri, Nov 20" in full, "Fri" under its bar. */
export function weekdayLabel(day: string, locale: string, short = false): string {
  return formatter(locale, short ? 'weekdayTick' : 'weekday').format(instantOf(day));
}
