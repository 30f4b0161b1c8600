/**
 * A blog's colour and font settings: a few named values, each strictly checked (hex colours, fonts
 * from a fixed list of system font stacks, a width in a range), turned into CSS custom properties that
 * both bundled themes read. No text a person typed ever reaches the stylesheet: only values that
 * matched a pattern here, or strings from the list below.
 */
import { InvalidInputError } from '../errors.js';

/** System font stacks (no downloads): the only fonts a blog can pick without editing its CSS. */
export const FONT_STACKS = {
  system: {
    name: 'System sans-serif',
    css: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Noto Naskh Arabic', 'Noto Nastaliq Urdu', sans-serif",
  },
  humanist: {
    name: 'Humanist sans-serif',
    css: "Seravek, 'Gill Sans Nova', Ubuntu, Calibri, 'DejaVu Sans', 'Noto Sans', 'Noto Naskh Arabic', sans-serif",
  },
  serif: {
    name: 'Transitional serif',
    css: "Charter, 'Bitstream Charter', 'Sitka Text', Cambria, Georgia, 'Noto Serif', 'Noto Naskh Arabic', serif",
  },
  oldstyle: {
    name: 'Old-style serif',
    css: "'Iowan Old Style', 'Palatino Linotype', 'URW Palladio L', P052, 'Book Antiqua', Georgia, 'Noto Naskh Arabic', serif",
  },
  mono: {
    name: 'Monospace',
    css: "ui-monospace, 'Cascadia Code', 'Source Code Pro', Menlo, Consolas, 'DejaVu Sans Mono', monospace",
  },
} as const;

export type FontKey = keyof typeof FONT_STACKS;

export interface ThemeSettings {
  background?: string;
  text?: string;
  accent?: string;
  headingFont?: FontKey;
  bodyFont?: FontKey;
  /** The width of the text column, in rem. */
  contentWidth?: number;
}

export const CONTENT_WIDTH = { min: 30, max: 90 } as const;

const HEX = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i;
const COLOURS = [
  ['background', 'The background colour'],
  ['text', 'The text colour'],
  ['accent', 'The accent (link) colour'],
] as const;
const FONTS = [
  ['headingFont', 'The heading font'],
  ['bodyFont', 'The body font'],
] as const;

function isFontKey(value: string): value is FontKey {
  return Object.hasOwn(FONT_STACKS, value);
}

/** `#abc` as `#aabbcc`, lower case. */
export function fullHex(colour: string): string {
  const hex = colour.slice(1).toLowerCase();
  return `#${hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex}`;
}

/**
 * Reads the settings form: an empty value keeps the theme's own. Throws InvalidInputError naming the
 * field for anything else that is not a hex colour, a listed font or a width in range, and when the
 * chosen text or accent colour is too faint on the chosen background to read (WCAG AA, 4.5:1).
 */
export function parseThemeSettings(form: Record<string, string | undefined>): ThemeSettings {
  const settings: ThemeSettings = {};
  for (const [field, label] of COLOURS) {
    const value = (form[field] ?? '').trim();
    if (value === '') continue;
    if (!HEX.test(value))
      throw new InvalidInputError(`${label} must be a hex colour such as #1a2b3c (or empty for the theme's own).`, field);
    settings[field] = fullHex(value);
  }
  for (const [field, label] of FONTS) {
    const value = (form[field] ?? '').trim();
    if (value === '') continue;
    if (!isFontKey(value)) throw new InvalidInputError(`${label} must be one of the fonts in the list.`, field);
    settings[field] = value;
  }
  const width = (form.contentWidth ?? '').trim();
  if (width !== '') {
    const n = /^\d{1,3}$/.test(width) ? Number(width) : NaN;
    if (!(n >= CONTENT_WIDTH.min && n <= CONTENT_WIDTH.max))
      throw new InvalidInputError(
        `The content width must be a whole number of rem from ${CONTENT_WIDTH.min} to ${CONTENT_WIDTH.max} (or empty for the theme's own).`,
        'contentWidth',
      );
    settings.contentWidth = n;
  }
  if (settings.background) {
    for (const [field, label] of [
      ['text', 'text'],
      ['accent', 'accent'],
    ] as const) {
      const colour = settings[field];
      if (!colour) continue;
      const ratio = contrastRatio(colour, settings.background);
      if (ratio < 4.5)
        throw new InvalidInputError(
          `The ${label} colour on the background has a contrast of ${ratio.toFixed(1)}:1; readers need at least 4.5:1.`,
          field,
        );
    }
  }
  return settings;
}

/**
 * Reads settings stored as JSON, keeping only values that still pass the checks: a stored value is
 * never trusted into CSS on the strength of having been checked once.
 */
export function readThemeSettings(json: string): ThemeSettings {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return {};
  }
  if (typeof raw !== 'object' || raw === null) return {};
  const form: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof value === 'string' || typeof value === 'number') form[key] = String(value);
  }
  try {
    return parseThemeSettings(form);
  } catch {
    return {};
  }
}

/** The settings as form values (empty: the theme's own). */
export function themeSettingsForm(settings: ThemeSettings): Record<string, string> {
  return {
    background: settings.background ?? '',
    text: settings.text ?? '',
    accent: settings.accent ?? '',
    headingFont: settings.headingFont ?? '',
    bodyFont: settings.bodyFont ?? '',
    contentWidth: settings.contentWidth === undefined ? '' : String(settings.contentWidth),
  };
}

/**
 * The settings as CSS custom properties on `:root`, to follow the theme's stylesheet (so they win over
 * its light and dark values alike); '' when nothing is set. Both bundled themes read `--bg`, `--fg`,
 * `--link`, `--focus`, `--font-body`, `--font-heading` and `--content-width`.
 */
export function themeSettingsCss(settings: ThemeSettings): string {
  const props: string[] = [];
  if (settings.background) props.push(`--bg: ${fullHex(settings.background)};`);
  if (settings.text) props.push(`--fg: ${fullHex(settings.text)};`);
  if (settings.accent) props.push(`--link: ${fullHex(settings.accent)};`, `--focus: ${fullHex(settings.accent)};`);
  if (settings.bodyFont && isFontKey(settings.bodyFont)) props.push(`--font-body: ${FONT_STACKS[settings.bodyFont].css};`);
  if (settings.headingFont && isFontKey(settings.headingFont)) props.push(`--font-heading: ${FONT_STACKS[settings.headingFont].css};`);
  if (settings.contentWidth !== undefined && Number.isInteger(settings.contentWidth))
    props.push(`--content-width: ${Math.min(CONTENT_WIDTH.max, Math.max(CONTENT_WIDTH.min, settings.contentWidth))}rem;`);
  return props.length === 0 ? '' : `/* The blog's colour and font settings. */\n:root {\n  ${props.join('\n  ')}\n}\n`;
}

/** WCAG 2 contrast ratio of two hex colours, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [la, lb] = [luminance(a), luminance(b)];
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

function luminance(colour: string): number {
  const hex = fullHex(colour).slice(1);
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
