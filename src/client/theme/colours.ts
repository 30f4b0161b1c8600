/**
 * The Theme screen's colours, in the browser: beside each hex field a colour picker and a row of
 * swatches, and the WCAG contrast of the text and the links on the background shown as the colours
 * change (ratio and pass or fail at 4.5:1). Without this script the hex fields work as they are, and
 * the server refuses a pair under 4.5:1 with the same words. The picker and the swatches set the hex
 * field, which stays the one the form sends.
 */
import { contrastRatio, fullHex } from '../../domain/themes/theme-settings.js';

const HEX = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i;
const MIN_CONTRAST = 4.5;

function enhanceColours(fieldset: HTMLElement): void {
  const fields = [...fieldset.querySelectorAll<HTMLInputElement>('input[data-colour]')];
  /** The colour a field stands for now: its value, or the theme's own (the placeholder) when empty or unfinished. */
  const current = (name: string): string => {
    const input = fields.find((f) => f.name === name);
    const value = input?.value.trim() ?? '';
    return fullHex(HEX.test(value) ? value : (input?.placeholder ?? '#ffffff'));
  };

  const updateContrast = () => {
    for (const row of fieldset.querySelectorAll<HTMLElement>('[data-contrast]')) {
      const ratio = contrastRatio(current(row.dataset.contrast ?? 'text'), current('background'));
      const passes = ratio >= MIN_CONTRAST;
      row.querySelector('[data-ratio]')!.textContent = `${(Math.floor(ratio * 10) / 10).toFixed(1)}:1`;
      const verdict = row.querySelector<HTMLElement>('[data-verdict]')!;
      verdict.textContent = (passes ? fieldset.dataset.pass : fieldset.dataset.fail) ?? '';
      verdict.className = `verdict ${passes ? 'pass' : 'fail'}`;
      const sample = row.querySelector<HTMLElement>('[data-sample]');
      if (sample) {
        sample.style.color = current(row.dataset.contrast ?? 'text');
        sample.style.backgroundColor = current('background');
      }
    }
  };

  for (const input of fields) {
    const wrap = input.closest<HTMLElement>('.colour-field')!;
    const picker = wrap.querySelector<HTMLInputElement>('input[type="color"]');
    const swatches = [...wrap.querySelectorAll<HTMLButtonElement>('button[data-swatch]')];
    const show = () => {
      const colour = current(input.name);
      if (picker) picker.value = colour;
      for (const s of swatches) s.setAttribute('aria-pressed', String(s.dataset.swatch === colour && input.value.trim() !== ''));
      updateContrast();
    };
    const set = (colour: string) => {
      input.value = colour;
      input.setCustomValidity('');
      show();
    };
    for (const s of swatches) {
      s.style.backgroundColor = s.dataset.swatch ?? '';
      s.addEventListener('click', () => set(s.dataset.swatch ?? ''));
    }
    picker?.addEventListener('input', () => set(picker.value));
    input.addEventListener('input', show);
    wrap.querySelectorAll<HTMLElement>('[data-needs-script]').forEach((el) => (el.hidden = false));
    show();
  }
}

for (const fieldset of document.querySelectorAll<HTMLElement>('[data-colours]')) enhanceColours(fieldset);
