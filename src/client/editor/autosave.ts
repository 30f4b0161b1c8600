/**
 * Autosave: every few seconds after a change, and when the page is left, the form is sent to the
 * post's autosave address (the first autosave of a new post creates it as a draft and moves the page
 * to it: the address, the heading and the form's targets follow). A copy also stays in this browser's
 * storage until the server has it, so no typing is lost. Published posts have no autosave address: they
 * change when the writer presses Update.
 */
import { LOCALE, S } from './strings.js';

const EVERY_MS = 5000;

export function startAutosave(form: HTMLFormElement, csrf: string, status: HTMLElement): void {
  let url = form.dataset.autosave ?? '';
  if (!url) return;
  const key = `dastan-autosave:${form.action}`;
  let dirty = false;
  let saving = false;
  let submitting = false;

  const payload = () => {
    const data = new URLSearchParams();
    for (const [name, value] of new FormData(form)) if (typeof value === 'string' && name !== 'action') data.append(name, value);
    return data;
  };

  /** The page becomes the saved draft's editor: address, heading, form targets, and the links a saved post has. */
  const becomeSaved = (editUrl: string) => {
    form.action = editUrl;
    history.replaceState(null, '', editUrl);
    const heading = document.querySelector('main h1');
    if (heading) heading.textContent = S.editHeading;
    document.title = document.title.replace(/^[^·]*/, `${S.editHeading} `);
    for (const b of form.querySelectorAll<HTMLButtonElement>('button[formaction]')) b.formAction = `${editUrl}/preview`;
  };

  const save = async () => {
    if (!dirty || saving || submitting) return;
    saving = true;
    dirty = false;
    const body = payload();
    try {
      const res = await fetch(url, {
        method: 'POST',
        body,
        headers: { 'x-csrf-token': csrf, accept: 'application/json' },
        credentials: 'same-origin',
      });
      const answer = (await res.json()) as { message?: string; editUrl?: string; autosaveUrl?: string; savedAt?: string };
      if (!res.ok) throw new Error(answer.message ?? S.autosaveFailed);
      if (answer.editUrl && answer.autosaveUrl) {
        url = answer.autosaveUrl;
        becomeSaved(answer.editUrl);
      }
      localStorage.removeItem(key);
      status.textContent = S.savedAt(Date.now());
    } catch (error) {
      dirty = true;
      // The server's and the browser's reasons are English: other languages say it failed in their own words.
      status.textContent = S.notSaved(LOCALE.startsWith('en') ? (error as Error).message : S.autosaveFailed);
    } finally {
      saving = false;
    }
  };

  form.addEventListener('input', () => {
    dirty = true;
    try {
      localStorage.setItem(key, payload().toString());
    } catch {
      // Storage full or off: the server copy still comes.
    }
  });
  form.addEventListener('submit', (event) => {
    // Preview opens in another tab: this page stays, and so does its autosave.
    if ((event.submitter as HTMLButtonElement | null)?.formTarget === '_blank') return;
    submitting = true;
    localStorage.removeItem(key);
  });
  setInterval(() => void save(), EVERY_MS);
  window.addEventListener('pagehide', () => {
    if (dirty && !submitting)
      navigator.sendBeacon(url, new Blob([`${payload().toString()}`], { type: 'application/x-www-form-urlencoded' }));
  });
}
