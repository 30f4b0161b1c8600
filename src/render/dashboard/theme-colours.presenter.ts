/**
 * The Theme screen's colour fields: each field with its swatches and the value shown when it is empty,
 * and the WCAG contrast of the text and the links on the background as the page first shows them (the
 * browser script keeps them up to date while a person picks; without it these are what the form had).
 */
import { contrastRatio, fullHex } from '../../domain/themes/theme-settings.js';

/** WCAG 2.x level AA for body text (success criterion 1.4.3). */
export const MIN_CONTRAST = 4.5;

const HEX = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i;

export const COLOUR_FIELDS = [
  { name: 'background', fallback: '#ffffff', swatches: ['#ffffff', '#faf7f2', '#f3f6fb', '#fdf6e3', '#1b1f24', '#10141a'] },
  { name: 'text', fallback: '#1f2328', swatches: ['#1f2328', '#111111', '#3b3b3b', '#2d2a26', '#e6edf3', '#fdf6e3'] },
  { name: 'accent', fallback: '#0b57d0', swatches: ['#0b57d0', '#b3261e', '#146c2e', '#7c3aed', '#9a3412', '#8ab4f8'] },
] as const;

export interface ColourFieldView {
  name: string;
  value: string;
  /** What the picker starts at: the value, or the field's placeholder when it is empty or not a colour. */
  shown: string;
  fallback: string;
  swatches: readonly string[];
}

export interface ContrastView {
  /** `text` or `accent`: the colour checked against the background. */
  name: string;
  ratio: string;
  passes: boolean;
}

/** The colour fields and the two contrast checks for the values a form holds. */
export function themeColoursView(settings: Record<string, string>): { colours: ColourFieldView[]; contrast: ContrastView[] } {
  const colours = COLOUR_FIELDS.map((f) => {
    const value = settings[f.name] ?? '';
    return {
      name: f.name,
      value,
      shown: HEX.test(value.trim()) ? fullHex(value.trim()) : f.fallback,
      fallback: f.fallback,
      swatches: f.swatches,
    };
  });
  const shown = (name: string) => colours.find((c) => c.name === name)!.shown;
  const contrast = ['text', 'accent'].map((name) => {
    const ratio = contrastRatio(shown(name), shown('background'));
    return { name, ratio: `${(Math.floor(ratio * 10) / 10).toFixed(1)}:1`, passes: ratio >= MIN_CONTRAST };
  });
  return { colours, contrast };
}
