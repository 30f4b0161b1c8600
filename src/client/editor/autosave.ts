/**
 * Autosave: every few seconds after a change, and when the page is left, the form is sent to the
 * post's autosave address (the first autosave of a new post creates it as a draft and moves the form to
 * it). A copy also stays in this browser's storage until the server has it, so no typing is lost.
 */
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
      if (!res.ok) throw new Error(answer.message ?? 'Autosave failed.');
      if (answer.editUrl && answer.autosaveUrl) {
        form.action = answer.editUrl;
        url = answer.autosaveUrl;
        history.replaceState(null, '', answer.editUrl);
      }
      localStorage.removeItem(key);
      status.textContent = `Draft saved at ${new Date().toLocaleTimeString()}.`;
    } catch (error) {
      dirty = true;
      status.textContent = `Not saved yet: ${(error as Error).message}`;
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
  form.addEventListener('submit', () => {
    submitting = true;
    localStorage.removeItem(key);
  });
  setInterval(() => void save(), EVERY_MS);
  window.addEventListener('pagehide', () => {
    if (dirty && !submitting)
      navigator.sendBeacon(url, new Blob([`${payload().toString()}`], { type: 'application/x-www-form-urlencoded' }));
  });
}
