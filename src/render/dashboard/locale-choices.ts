/**
 * The lists the dashboard offers for a blog's language and time zone, so nobody has to type a BCP 47
 * tag or an IANA zone name: common languages by name (in English and in their own script), and every
 * time zone this Node knows (`Intl.supportedValuesOf('timeZone')`) plus UTC. A value a blog already has
 * that is not in a list (an imported `pt-AO`) is kept as an extra choice, never lost.
 */

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

let languages: Choice[] | undefined;
let timeZones: Choice[] | undefined;

function languageName(tag: string): string {
  const english = new Intl.DisplayNames(['en'], { type: 'language' }).of(tag) ?? tag;
  let own = english;
  try {
    own = new Intl.DisplayNames([tag], { type: 'language' }).of(tag) ?? english;
  } catch {
    // A tag this Node has no names for: the English name alone.
  }
  return own === english ? `${english} (${tag})` : `${english} — ${own} (${tag})`;
}

/** With `current` added when it is not one of `list`. */
function keeping(list: Choice[], current: string | undefined, name: (v: string) => string): Choice[] {
  if (!current || list.some((c) => c.value === current)) return list;
  return [{ value: current, name: name(current) }, ...list];
}

/** The languages offered, sorted by English name; `current` is kept if not among them. */
export function languageChoices(current?: string): Choice[] {
  languages ??= LANGUAGE_TAGS.map((tag) => ({ value: tag, name: languageName(tag) })).sort((a, b) => a.name.localeCompare(b.name));
  return keeping(languages, current, (tag) => {
    try {
      return languageName(tag);
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
