/**
 * The language a browser asks for (RFC 9110 §12.5.4, `Accept-Language: ur-PK, ur;q=0.9, en;q=0.8`):
 * pages shown before anyone signs in (set-up, sign-in, sign-up, a forgotten password) have no user
 * language to go by, so they speak the best of the catalogues' languages the browser accepts.
 */
import { catalogueLanguage, type CatalogueLanguage } from '../../render/i18n/translate.js';

/** At most this many ranges are read: a longer header is either a mistake or an attempt to waste time. */
const MAX_RANGES = 20;

/**
 * The catalogue language the header prefers most (highest q, earlier first on a tie); English when the
 * header is missing, names no language with a catalogue, or refuses every one (q=0).
 */
export function browserLanguage(header: string | string[] | undefined): CatalogueLanguage {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  let best: { language: CatalogueLanguage; q: number } | null = null;
  for (const range of value.split(',').slice(0, MAX_RANGES)) {
    const [tag = '', ...params] = range.trim().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (!/^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/.test(tag.trim()) || !(q > 0 && q <= 1)) continue;
    const language = catalogueLanguage(tag.trim());
    // catalogueLanguage answers English for languages without a catalogue: only a real `en` counts as English.
    if (language === 'en' && !/^en(-|$)/i.test(tag.trim())) continue;
    if (!best || q > best.q) best = { language, q };
  }
  return best?.language ?? 'en';
}
