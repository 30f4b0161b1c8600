/**
 * The cover image field in the editor's settings panel. Without this script it is two text fields (the
 * picture's address and its alt text) that the form sends. With it: a preview, an Upload button (the
 * same upload address as the body's images), "From this post" (a picture already in the body) and
 * Remove. The address field stays the one the form sends, so autosave and Preview carry the cover too.
 */
import { uploadImage } from './upload.js';

/** A message from the field's data attributes (the dashboard catalogue's words), with `{name}` filled in. */
function say(field: HTMLElement, key: string, values: Record<string, string> = {}): string {
  let text = field.dataset[key] ?? '';
  for (const [name, value] of Object.entries(values)) text = text.replace(`{${name}}`, value);
  return text;
}

/** The pictures in the body as the form has it now (the rich editor keeps the textarea up to date). */
function bodyImages(form: HTMLFormElement): string[] {
  const body = form.querySelector<HTMLTextAreaElement>('textarea[name="body"]')?.value ?? '';
  const doc = new DOMParser().parseFromString(body, 'text/html');
  const sources = [...doc.querySelectorAll('img')].map((img) => img.getAttribute('src') ?? '');
  return [...new Set(sources.filter((src) => src.startsWith('/uploads/') || /^https?:\/\//.test(src)))];
}

export function enhanceCover(form: HTMLFormElement, uploadUrl: string, csrf: string): void {
  const field = form.querySelector<HTMLElement>('#cover-field');
  const address = form.querySelector<HTMLInputElement>('#coverImageUrl');
  const alt = form.querySelector<HTMLInputElement>('#coverImageAlt');
  const preview = form.querySelector<HTMLImageElement>('#cover-preview');
  const file = form.querySelector<HTMLInputElement>('#cover-file');
  const choose = form.querySelector<HTMLButtonElement>('#cover-choose');
  const remove = form.querySelector<HTMLButtonElement>('#cover-remove');
  const choices = form.querySelector<HTMLElement>('#cover-choices');
  const status = form.querySelector<HTMLElement>('#cover-status');
  if (!field || !address || !alt || !preview || !file || !choose || !remove || !choices || !status) return;
  field.querySelector<HTMLElement>('.cover-actions')!.hidden = false;

  /** Shows the address as the cover and tells autosave the form changed. */
  const setCover = (url: string) => {
    address.value = url;
    address.dispatchEvent(new Event('input', { bubbles: true }));
    showPreview();
  };
  const showPreview = () => {
    const url = address.value.trim();
    const usable = url.startsWith('/uploads/') || /^https?:\/\/[^\s"'<>]+$/.test(url);
    preview.hidden = !usable;
    if (usable) preview.src = url;
    else preview.removeAttribute('src');
    remove.hidden = url === '';
  };
  const closeChoices = () => {
    choices.hidden = true;
    choices.replaceChildren();
    choose.setAttribute('aria-expanded', 'false');
  };

  address.addEventListener('change', showPreview);
  file.addEventListener('change', () => {
    const picked = file.files?.[0];
    if (!picked) return;
    status.textContent = say(field, 'uploading', { name: picked.name });
    uploadImage(uploadUrl, csrf, picked)
      .then((image) => {
        setCover(image.src);
        status.textContent = say(field, 'uploaded');
        alt.focus();
      })
      .catch((error: Error) => {
        status.textContent = error.message;
      })
      .finally(() => {
        file.value = '';
      });
  });
  remove.addEventListener('click', () => {
    setCover('');
    alt.value = '';
    closeChoices();
    status.textContent = say(field, 'removed');
    file.focus();
  });
  choose.addEventListener('click', () => {
    if (!choices.hidden) return closeChoices();
    const images = bodyImages(form);
    status.textContent = images.length === 0 ? say(field, 'noneInPost') : '';
    if (images.length === 0) return;
    choices.replaceChildren(
      ...images.map((src, i) => {
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'cover-choice';
        const img = document.createElement('img');
        img.src = src;
        img.alt = say(field, 'use', { number: String(i + 1) });
        button.append(img);
        button.addEventListener('click', () => {
          setCover(src);
          closeChoices();
          alt.focus();
        });
        return button;
      }),
    );
    choices.hidden = false;
    choose.setAttribute('aria-expanded', 'true');
    choices.querySelector<HTMLButtonElement>('button')?.focus();
  });
}
