/**
 * The editor's settings panel: a button in the editor's bar shows and hides it (closed at first on a
 * narrow screen, remembered in this browser), and the Schedule button asks for its time there when none
 * is picked instead of sending the form to be refused.
 */
import { S } from './strings.js';

const KEY = 'dastan-editor-settings';

export function enhanceSettings(form: HTMLFormElement): void {
  const panel = form.querySelector<HTMLElement>('#editor-settings');
  const toggle = form.querySelector<HTMLButtonElement>('.settings-toggle');
  if (panel && toggle) {
    const remembered = localStorage.getItem(KEY);
    const set = (open: boolean) => {
      panel.hidden = !open;
      toggle.setAttribute('aria-expanded', String(open));
      form.classList.toggle('settings-closed', !open);
    };
    set(remembered === null ? window.matchMedia('(min-width: 60rem)').matches : remembered === 'open');
    toggle.hidden = false;
    toggle.addEventListener('click', () => {
      const open = panel.hidden;
      set(open);
      localStorage.setItem(KEY, open ? 'open' : 'closed');
      if (open) panel.querySelector<HTMLElement>('input, select, textarea')?.focus();
    });
    form.addEventListener('submit', (event) => {
      const button = event.submitter as HTMLButtonElement | null;
      const when = form.querySelector<HTMLInputElement>('#publishedAt');
      if (button?.value !== 'schedule' || !when || when.value !== '') return;
      event.preventDefault();
      set(true);
      when.setCustomValidity(S.scheduleNeedsTime);
      when.reportValidity();
      when.focus();
      when.addEventListener('input', () => when.setCustomValidity(''), { once: true });
    });
  }
}
