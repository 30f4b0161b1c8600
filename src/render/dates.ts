/**
 * Dates as a blog's readers read them: in its language and time zone, with the language's own digits and
 * calendar where that is Intl's (CLDR's) default: Persian dates in the Solar Hijri calendar with Persian
 * digits, Bengali with Bengali digits; Urdu, Arabic and Hindi with Western digits as their readers mostly
 * see them (a regional tag such as `ar-EG` brings Arabic-Indic digits). Archive months are Gregorian in
 * every language, since the archive groups posts by Gregorian month.
 */
import { timeOfDayOptions } from '../domain/text/time-of-day.js';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(language: string, timeZone: string, style: 'date' | 'datetime' | 'time' | 'month'): Intl.DateTimeFormat {
  const key = `${language}|${timeZone}|${style}`;
  let f = formatters.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions =
      style === 'date'
        ? { dateStyle: 'long', timeZone }
        : style === 'datetime' || style === 'time'
          ? timeOfDayOptions(language, timeZone, style === 'datetime')
          : { year: 'numeric', month: 'long', timeZone: 'UTC', calendar: 'gregory' };
    try {
      f = new Intl.DateTimeFormat(language, options);
    } catch {
      f = new Intl.DateTimeFormat('en', options);
    }
    formatters.set(key, f);
  }
  return f;
}

/**
 * Formatted dates, kept: every page prints the same posts' and comments' dates again, and formatting one
 * with Intl costs several microseconds. Cleared when it grows past a bound.
 */
const formatted = new Map<string, string>();
const FORMATTED_KEPT = 20_000;

function formatKept(ms: number, language: string, timeZone: string, style: 'date' | 'datetime'): string {
  const key = `${style}|${ms}|${language}|${timeZone}`;
  let text = formatted.get(key);
  if (text === undefined) {
    text = formatter(language, timeZone, style).format(ms);
    if (formatted.size >= FORMATTED_KEPT) formatted.clear();
    formatted.set(key, text);
  }
  return text;
}

const isoKept = new Map<number, string>();

/** `ms` as an ISO 8601 UTC time for `datetime` attributes, kept like the formatted dates (`toISOString` costs ½ µs). */
export function isoTime(ms: number): string {
  let text = isoKept.get(ms);
  if (text === undefined) {
    text = new Date(ms).toISOString();
    if (isoKept.size >= FORMATTED_KEPT) isoKept.clear();
    isoKept.set(ms, text);
  }
  return text;
}

export function formatDate(ms: number, language: string, timeZone: string): string {
  return formatKept(ms, language, timeZone, 'date');
}

export function formatDateTime(ms: number, language: string, timeZone: string): string {
  return formatKept(ms, language, timeZone, 'datetime');
}

/** The time of day only ("3:45 PM"), for "until" within the same quarter hour. */
export function formatTime(ms: number, language: string, timeZone: string): string {
  return formatter(language, timeZone, 'time').format(ms);
}

/** "November 2026" for an archive month, in the blog's language. */
export function formatMonth(year: number, month: number, language: string): string {
  return formatter(language, 'UTC', 'month').format(Date.UTC(year, month - 1, 15));
}
