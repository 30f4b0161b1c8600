/**
 * The image dialog: a file or a picture from the blog's media library (when inserting), its alt text — required unless the writer marks the image
 * decorative — and an optional caption (saved as figure/figcaption). A native modal <dialog>, so focus
 * stays inside it and Escape cancels.
 */
import type { Editor } from '@tiptap/core';
import { insertFigure, updateFigure } from './figure-node.js';
import { buildLibraryPicker, type LibraryTexts } from './library-picker.js';
import { S } from './strings.js';
import { uploadImage } from './upload.js';

let seq = 0;

function field(labelText: string, hint: string | null): { wrap: HTMLElement; control: HTMLInputElement } {
  const id = `image-dialog-${++seq}`;
  const wrap = document.createElement('div');
  wrap.className = 'field';
  const label = document.createElement('label');
  label.htmlFor = id;
  label.textContent = labelText;
  if (hint) {
    const small = document.createElement('span');
    small.className = 'hint';
    small.textContent = hint;
    label.append(' ', small);
  }
  const control = document.createElement('input');
  control.id = id;
  control.type = 'text';
  wrap.append(label, control);
  return { wrap, control };
}

export interface ImageDialog {
  /** Opens the dialog to insert a new image. */
  insert(): void;
  /** Opens it for the image at `pos`. */
  edit(pos: number): void;
}

export function buildImageDialog(
  editor: Editor,
  uploadUrl: string,
  csrf: string,
  status: HTMLElement,
  library?: { url: string; texts: LibraryTexts },
): ImageDialog {
  const dialog = document.createElement('dialog');
  dialog.className = 'image-dialog';
  dialog.setAttribute('aria-labelledby', 'image-dialog-title');
  const form = document.createElement('form');
  form.method = 'dialog';
  form.noValidate = true;
  const title = document.createElement('h2');
  title.id = 'image-dialog-title';
  const file = field(S.imageFile, null);
  file.control.type = 'file';
  file.control.accept = 'image/*';
  const alt = field(S.imageAlt, S.imageAltHint);
  alt.control.maxLength = 500;
  // A picture from the library brings its alt text along, unless the writer has typed one already.
  const picker = library
    ? buildLibraryPicker(library.url, library.texts, (item) => {
        file.control.value = '';
        if (!alt.control.value.trim() && !decorative.checked) alt.control.value = item.alt;
      })
    : null;
  file.control.addEventListener('change', () => picker?.unchoose());
  const decorative = document.createElement('input');
  decorative.type = 'checkbox';
  decorative.id = 'image-dialog-decorative';
  const decoLabel = document.createElement('label');
  decoLabel.className = 'check';
  decoLabel.append(decorative, ` ${S.imageDecorative}`);
  const caption = field(S.imageCaption, S.imageCaptionHint);
  caption.control.maxLength = 1000;
  const error = document.createElement('p');
  error.className = 'error';
  error.setAttribute('role', 'alert');
  error.hidden = true;
  const buttons = document.createElement('p');
  buttons.className = 'actions';
  const cancel = document.createElement('button');
  cancel.type = 'button';
  cancel.className = 'secondary';
  cancel.textContent = S.cancel;
  const ok = document.createElement('button');
  ok.type = 'submit';
  buttons.append(cancel, ok);
  form.append(title, file.wrap, ...(picker ? [picker.wrap] : []), alt.wrap, decoLabel, caption.wrap, error, buttons);
  dialog.append(form);
  document.body.append(dialog);

  let editing: number | null = null;
  const show = (pos: number | null) => {
    editing = pos;
    const node = pos === null ? null : editor.state.doc.nodeAt(pos);
    title.textContent = pos === null ? S.imageInsert : S.imageEdit;
    ok.textContent = pos === null ? S.insert : S.save;
    file.wrap.hidden = pos !== null;
    file.control.value = '';
    picker?.reset();
    if (picker) picker.wrap.hidden = pos !== null;
    alt.control.value = typeof node?.attrs.alt === 'string' ? node.attrs.alt : '';
    decorative.checked = node?.attrs.alt === '';
    alt.control.disabled = decorative.checked;
    caption.control.value = String(node?.attrs.caption ?? '');
    error.hidden = true;
    dialog.showModal();
    (pos === null ? file.control : alt.control).focus();
  };
  decorative.addEventListener('change', () => {
    alt.control.disabled = decorative.checked;
    if (decorative.checked) alt.control.value = '';
  });
  cancel.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => editor.commands.focus());

  const refuse = (message: string, focus: HTMLElement) => {
    error.textContent = message;
    error.hidden = false;
    focus.focus();
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const altText = decorative.checked ? '' : alt.control.value.trim();
    const chosen = file.control.files?.[0];
    const picked = picker?.chosen() ?? null;
    if (editing === null && !chosen && !picked) return refuse(S.imageFileMissing, file.control);
    if (!decorative.checked && altText === '') return refuse(S.imageAltMissing, alt.control);
    const attrs = { alt: altText, caption: caption.control.value.trim() };
    if (editing !== null) {
      updateFigure(editor, editing, attrs);
      dialog.close();
      return;
    }
    dialog.close();
    if (picked) {
      insertFigure(editor, { src: picked.src, width: String(picked.width), height: String(picked.height), ...attrs });
      return;
    }
    status.textContent = S.uploading(chosen!.name);
    uploadImage(uploadUrl, csrf, chosen!)
      .then((image) => {
        insertFigure(editor, { src: image.src, width: String(image.width), height: String(image.height), ...attrs });
        status.textContent = S.uploaded(chosen!.name);
      })
      .catch((e: Error) => {
        status.textContent = e.message;
      });
  });

  return { insert: () => show(null), edit: (pos) => show(pos) };
}
