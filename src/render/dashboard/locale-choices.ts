/**
 * The lists the dashboard offers for a blog's language and time zone, so nobody has to type a BCP 47
 * tag or an IANA zone name: common languages by name (in English and in their own script), and every
 * time zone this Node knows (`Intl.supportedValuesOf('timeZone')`) plus UTC. A value a blog already has
 * that is not in a list (an imported `pt-AO`) is kept as an extra choice, never lost.
 */
import { storedHtml, type SafeHtml } from '../../domain/text/sanitize.js';
import { escapeHtml } from '../escape.js';

/** Languages people write blogs in; a blog may hold any valid tag, these are the ones offered. */
const LANGUAGE_TAGS = [
  'en', 'en-GB', 'ur', 'ar', 'fa', 'hi', 'bn', 'pa', 'ps', 'sd', 'ta', 'te', 'mr', 'gu', 'ne', 'si',
  'es', 'pt', 'pt-BR', 'fr', 'de', 'it', 'nl', 'sv', 'da', 'nb', 'fi', 'pl', 'cs', 'hu', 'ro', 'el',
  'tr', 'ru', 'uk', 'he', 'zh', 'zh-TW', 'ja', 'ko', 'id', 'ms', 'vi', 'th', 'fil', 'sw', 'am', 'ha', 'yo',
] as const; // prettier-ignore

export interface Choice {
  value: string;
  name: string;
}

/** The language lists by the language their names are in (the dashboard's: `en`, `ur`…). */
const languages = new Map<string, Choice[]>();
let timeZones: Choice[] | undefined;

/** "Urdu — اردو (ur)": the language's name in `ui` (the dashboard's language), then in itself. */
function languageName(tag: string, ui: string): string {
  const inUi = new Intl.DisplayNames([ui, 'en'], { type: 'language' }).of(tag) ?? tag;
  let own = inUi;
  try {
    own = new Intl.DisplayNames([tag], { type: 'language' }).of(tag) ?? inUi;
  } catch {
    // A tag this Node has no names for: its name in the dashboard's language alone.
  }
  return own === inUi ? `${inUi} (${tag})` : `${inUi} — ${own} (${tag})`;
}

/** With `current` added when it is not one of `list`. */
function keeping(list: Choice[], current: string | undefined, name: (v: string) => string): Choice[] {
  if (!current || list.some((c) => c.value === current)) return list;
  return [{ value: current, name: name(current) }, ...list];
}

/** The languages offered, named in `ui` and sorted by that name; `current` is kept if not among them. */
export function languageChoices(current?: string, ui = 'en'): Choice[] {
  let list = languages.get(ui);
  if (!list) {
    list = LANGUAGE_TAGS.map((tag) => ({ value: tag, name: languageName(tag, ui) })).sort((a, b) => a.name.localeCompare(b.name, ui));
    languages.set(ui, list);
  }
  return keeping(list, current, (tag) => {
    try {
      return languageName(tag, ui);
    } catch {
      return tag;
    }
  });
}

/** Every time zone, UTC first, then by name ("Asia/Karachi" reads "Asia / Karachi"). */
export function timeZoneChoices(current?: string): Choice[] {
  timeZones ??= [
    { value: 'UTC', name: 'UTC' },
    ...Intl.supportedValuesOf('timeZone')
      .filter((z) => z !== 'UTC')
      .map((z) => ({ value: z, name: z.replaceAll('_', ' ').replaceAll('/', ' / ') })),
  ];
  return keeping(timeZones, current, (z) => z);
}

/** Each list's `<option>`s, written once: some 470 time zones were most of the settings page's time. */
const optionsOf = new WeakMap<Choice[], string>();

/** The list as the `<option>`s of a `<select>`, `current` selected; the values and names escaped. */
export function choiceOptions(list: Choice[], current: string | undefined): SafeHtml {
  let html = optionsOf.get(list);
  if (html === undefined) {
    html = list.map((c) => `<option value="${escapeHtml(c.value)}">${escapeHtml(c.name)}</option>`).join('');
    optionsOf.set(list, html);
  }
  if (current === undefined) return storedHtml(html);
  const option = `<option value="${escapeHtml(current)}">`;
  return storedHtml(html.replace(option, `<option value="${escapeHtml(current)}" selected>`));
}
