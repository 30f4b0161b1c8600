/** Dates as a blog's readers read them: in its language and time zone. */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(language: string, timeZone: string, style: 'date' | 'datetime' | 'time' | 'month'): Intl.DateTimeFormat {
  const key = `${language}|${timeZone}|${style}`;
  let f = formatters.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions =
      style === 'date'
        ? { dateStyle: 'long', timeZone }
        : style === 'datetime'
          ? { dateStyle: 'long', timeStyle: 'short', timeZone }
          : style === 'time'
            ? { timeStyle: 'short', timeZone }
            : { year: 'numeric', month: 'long', timeZone: 'UTC' };
    try {
      f = new Intl.DateTimeFormat(language, options);
    } catch {
      f = new Intl.DateTimeFormat('en', options);
    }
    formatters.set(key, f);
  }
  return f;
}

export function formatDate(ms: number, language: string, timeZone: string): string {
  return formatter(language, timeZone, 'date').format(ms);
}

export function formatDateTime(ms: number, language: string, timeZone: string): string {
  return formatter(language, timeZone, 'datetime').format(ms);
}

/** The time of day only ("3:45 PM"), for "until" within the same quarter hour. */
export function formatTime(ms: number, language: string, timeZone: string): string {
  return formatter(language, timeZone, 'time').format(ms);
}

/** "November 2026" for an archive month, in the blog's language. */
export function formatMonth(year: number, month: number, language: string): string {
  return formatter(language, 'UTC', 'month').format(Date.UTC(year, month - 1, 15));
}
