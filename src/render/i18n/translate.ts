/**
 * Translated text: one ICU MessageFormat catalogue per language in `catalogues/<lang>.json` (keys like
 * `post.comments.count` → `{count, plural, one {# comment} other {# comments}}`), a blog's own
 * overrides over them, and English for any key a catalogue lacks. Messages are compiled on first use and
 * kept; a message without arguments is kept as its text, so most lookups are one map read.
 *
 * Every text argument is isolated: in HTML (`html`, the Liquid filter `t`) it is put in `<bdi>`, in plain
 * text (`text`, the filter `t_attr` for attributes, page titles) between FIRST STRONG ISOLATE and POP
 * DIRECTIONAL ISOLATE (U+2068, U+2069). So a Latin name inside an Urdu sentence (or an Urdu title inside
 * an English one) keeps its own direction and never drags the punctuation or numbers around it out of
 * place.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { PACKAGE_ROOT } from '../../package-root.js';
import { renderedTemplate, SafeHtml } from '../../domain/text/sanitize.js';
import { escapeHtml } from '../escape.js';

/** The folder of the catalogues, one `<lang>.json` per language. */
export const CATALOGUE_DIR = path.join(PACKAGE_ROOT, 'src', 'render', 'i18n', 'catalogues');

/** The languages with a catalogue, English first (the fallback for any missing key). */
export const LANGUAGES = ['en', 'ur', 'ar', 'fa', 'hi', 'bn', 'tr', 'id', 'es', 'pt', 'fr', 'de', 'ru', 'zh', 'ja'] as const;
export type CatalogueLanguage = (typeof LANGUAGES)[number];

/** Each language's name in itself, for language menus. */
export const LANGUAGE_NAMES: Record<CatalogueLanguage, string> = {
  en: 'English',
  ur: 'اردو',
  ar: 'العربية',
  fa: 'فارسی',
  hi: 'हिन्दी',
  bn: 'বাংলা',
  tr: 'Türkçe',
  id: 'Bahasa Indonesia',
  es: 'Español',
  pt: 'Português',
  fr: 'Français',
  de: 'Deutsch',
  ru: 'Русский',
  zh: '简体中文',
  ja: '日本語',
};

export type Catalogue = Readonly<Record<string, string>>;
/** A message's arguments: numbers for plurals and numbers, strings for names and titles. */
export type MessageValues = Readonly<Record<string, unknown>>;

const catalogues = new Map<string, Catalogue>();

/** The catalogue of `language` as stored (read once); an unknown language has none. */
export function catalogue(language: string): Catalogue {
  let found = catalogues.get(language);
  if (!found) {
    const file = path.join(CATALOGUE_DIR, `${language}.json`);
    // A language whose catalogue is not written yet speaks English, key by key.
    found =
      (LANGUAGES as readonly string[]).includes(language) && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Catalogue) : {};
    catalogues.set(language, found);
  }
  return found;
}

/** The catalogue for a BCP 47 tag: `ur-PK` → `ur`, `zh-Hans-CN` → `zh`, `pt-BR` → `pt`; English when there is none. */
export function catalogueLanguage(tag: string): CatalogueLanguage {
  const primary = (tag.toLowerCase().split(/[-_]/)[0] ?? '') as CatalogueLanguage;
  return LANGUAGES.includes(primary) ? primary : 'en';
}

/** The locale Intl formats with: the tag itself when Intl knows it (`ar-EG` keeps its digits), else the catalogue's. */
function intlLocale(tag: string, fallback: string): string {
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? fallback;
  } catch {
    return fallback;
  }
}

/** A compiled message: its text (and HTML) when it takes no arguments, else the formatter and which arguments are text. */
type Compiled = { text: string; html: SafeHtml } | { format: IntlMessageFormat; isolated: readonly string[] };

const SIMPLE = /[{}]|''/;
/** Formatted messages kept per Texts (a page prints "Comment by {author}" once per comment); cleared past this bound. */
const FORMATTED_KEPT = 5_000;

/**
 * A key for a message formatted with `values`, or null when a value is not a string, number, boolean or
 * nothing (SafeHtml, a Date…): such a message is formatted afresh each time.
 */
function formattedKey(key: string, values: MessageValues | undefined): string | null {
  let id = key;
  for (const name in values) {
    const value = values[name];
    const type = typeof value;
    if (value !== null && value !== undefined && type !== 'string' && type !== 'number' && type !== 'boolean') return null;
    // Each part led by its length, so no name or value can pass for another set of them.
    const text = String(value);
    id += `|${name.length}:${name}${type[0]}${text.length}:${text}`;
  }
  return id;
}
const ISOLATES = /[\u2066-\u2069]/g;

/** The names of the message's plain `{name}` arguments (not plural, select or number ones), at any depth. */
function plainArguments(elements: unknown[], into: Set<string>): Set<string> {
  for (const el of elements as { type: number; value?: string; options?: Record<string, { value: unknown[] }> }[]) {
    if (el.type === 1 && el.value) into.add(el.value);
    if (el.options) for (const option of Object.values(el.options)) plainArguments(option.value, into);
  }
  return into;
}

/** Compiles one message; throws (with the parser's reason) when it is not valid ICU MessageFormat. */
export function compileMessage(message: string, locale: string): Compiled {
  if (!SIMPLE.test(message)) return { text: message, html: renderedTemplate(escapeHtml(message)) };
  const format = new IntlMessageFormat(message, locale, undefined, { ignoreTag: true });
  return { format, isolated: [...plainArguments(format.getAst(), new Set())] };
}

/** A text argument on its way through formatToParts: kept whole as an object part, then put in `<bdi>`. */
class Isolated {
  constructor(readonly value: string) {}
}

/**
 * The messages of one language with one blog's overrides: what themes, pages and the dashboard print.
 * Made through `textsFor`, which keeps one per language and overrides.
 */
export class Texts {
  /** The catalogue used (`ur`), and the locale numbers and dates are formatted in (`ur-PK`). */
  readonly language: CatalogueLanguage;
  readonly locale: string;
  private readonly compiled = new Map<string, Compiled>();
  private readonly formatted = new Map<string, string | SafeHtml>();
  private readonly overrides: Catalogue;
  private readonly own: Catalogue;
  private readonly english: Catalogue;

  constructor(tag: string, overrides: Catalogue = {}) {
    this.language = catalogueLanguage(tag);
    this.locale = intlLocale(tag, this.language);
    this.own = catalogue(this.language);
    this.english = catalogue('en');
    // Only overrides of known keys count, and only valid ones: a broken override shows the catalogue's text.
    const valid: Record<string, string> = {};
    for (const [key, text] of Object.entries(overrides)) {
      if (typeof text !== 'string' || !Object.hasOwn(this.english, key)) continue;
      try {
        compileMessage(text, this.locale);
        valid[key] = text;
      } catch {
        // left out: the catalogue's message stands
      }
    }
    this.overrides = valid;
  }

  /**
   * The message `key` with `values` as plain text, each text argument between U+2068 and U+2069 (the
   * plain-text `<bdi>`): for attributes, titles and anything else that is not markup. Callers escape it.
   */
  text(key: string, values?: MessageValues): string {
    const message = this.message(key);
    if ('text' in message) return message.text;
    return this.kept(`t${key}`, values, () => this.formatText(message, values));
  }

  private formatText(message: { format: IntlMessageFormat; isolated: readonly string[] }, values: MessageValues | undefined): string {
    const args: Record<string, unknown> = {};
    for (const name of message.isolated) args[name] = '';
    for (const name in values) {
      const value = values[name];
      args[name] = typeof value === 'string' && message.isolated.includes(name) ? `\u2068${value.replace(ISOLATES, '')}\u2069` : value;
    }
    return String(message.format.format(args));
  }

  /**
   * The message `key` with `values` as HTML: the text escaped, each text argument escaped in its own
   * `<bdi>`; an argument that is SafeHtml (a list of names already isolated) goes in as it is.
   */
  html(key: string, values?: MessageValues): SafeHtml {
    const message = this.message(key);
    if ('html' in message) return message.html;
    return this.kept(`h${key}`, values, () => this.formatHtml(message, values));
  }

  /** What `format` gives for `key` and `values`, formatted once while the same values come again. */
  private kept<T extends string | SafeHtml>(key: string, values: MessageValues | undefined, format: () => T): T {
    const id = formattedKey(key, values);
    if (id === null) return format();
    let known = this.formatted.get(id) as T | undefined;
    if (known === undefined) {
      known = format();
      if (this.formatted.size >= FORMATTED_KEPT) this.formatted.clear();
      this.formatted.set(id, known);
    }
    return known;
  }

  private formatHtml(message: { format: IntlMessageFormat; isolated: readonly string[] }, values: MessageValues | undefined): SafeHtml {
    const args: Record<string, unknown> = {};
    for (const name of message.isolated) args[name] = '';
    for (const name in values) {
      const value = values[name];
      args[name] = typeof value === 'string' && message.isolated.includes(name) ? new Isolated(value) : value;
    }
    let html = '';
    for (const part of message.format.formatToParts(args)) {
      const value: unknown = part.value;
      if (value instanceof Isolated) html += `<bdi>${escapeHtml(value.value)}</bdi>`;
      else if (value instanceof SafeHtml) html += value.html;
      else html += escapeHtml(String(value));
    }
    return renderedTemplate(html);
  }

  /** The message `key` as written in this language's catalogue (English where it has none), before any override. */
  source(key: string): string {
    return this.own[key] ?? this.english[key] ?? key;
  }

  /** Whether the text of `key` comes from this language's catalogue or an override (not English standing in). */
  has(key: string): boolean {
    return Object.hasOwn(this.overrides, key) || Object.hasOwn(this.own, key);
  }

  private message(key: string): Compiled {
    let message = this.compiled.get(key);
    if (message === undefined) {
      message = this.compile(key);
      this.compiled.set(key, message);
    }
    return message;
  }

  private compile(key: string): Compiled {
    if (Object.hasOwn(this.overrides, key)) return compileMessage(this.overrides[key]!, this.locale);
    if (Object.hasOwn(this.own, key)) return compileMessage(this.own[key]!, this.locale);
    // English's plural rules for English text standing in for a missing translation.
    if (Object.hasOwn(this.english, key)) return compileMessage(this.english[key]!, 'en');
    return compileMessage(key.replace(/[{}']/g, ''), 'en');
  }
}

const kept = new Map<string, Texts>();
const KEPT = 1000;

/** The Texts of a language tag with a blog's overrides (a JSON object of key → message, or ''), kept. */
export function textsFor(tag: string, overridesJson = ''): Texts {
  const id = `${tag}\u0000${overridesJson}`;
  let texts = kept.get(id);
  if (!texts) {
    texts = new Texts(tag, parseOverrides(overridesJson));
    if (kept.size >= KEPT) kept.clear();
    kept.set(id, texts);
  }
  return texts;
}

/** A blog's stored overrides: a JSON object of key → message; anything else counts as none. */
export function parseOverrides(json: string | null | undefined): Catalogue {
  if (!json) return {};
  try {
    const parsed: unknown = JSON.parse(json);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Catalogue) : {};
  } catch {
    return {};
  }
}

/** The message `key` in `lang` (a BCP 47 tag) with `values` as plain text; English where the language has no such key. */
export function translate(lang: string, key: string, values?: MessageValues): string {
  return textsFor(lang).text(key, values);
}
