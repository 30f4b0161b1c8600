/**
 * The rich editor, in the browser: progressive enhancement over the editor form's plain textarea.
 * Without this script the textarea works as it is. With it: a TipTap (ProseMirror) editor with a
 * toolbar, a switch to edit the HTML source, Markdown left as plain text, image upload by button, drag
 * or paste, and autosave every few seconds and when leaving the page. The textarea stays the field the
 * form sends, so saving never depends on this script.
 */
import { Editor } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import Link from '@tiptap/extension-link';
import Image from '@tiptap/extension-image';
import { startAutosave } from './autosave.js';
import { Embed } from './embed-node.js';
import { buildToolbar } from './toolbar.js';
import { uploadImage } from './upload.js';

function enhance(form: HTMLFormElement): void {
  const textarea = form.querySelector<HTMLTextAreaElement>('textarea[name="body"]');
  const format = form.querySelector<HTMLSelectElement>('select[name="format"]');
  const csrf = form.querySelector<HTMLInputElement>('input[name="_csrf"]')?.value ?? '';
  if (!textarea || !format) return;

  const host = document.createElement('div');
  host.className = 'rich-editor';
  const surface = document.createElement('div');
  const status = document.createElement('p');
  status.className = 'muted autosave-status';
  status.setAttribute('role', 'status');
  textarea.insertAdjacentElement('beforebegin', host);

  const editor = new Editor({
    element: surface,
    extensions: [
      StarterKit.configure({ heading: { levels: [2, 3, 4] }, link: false }),
      Link.configure({ openOnClick: false }),
      Image,
      Embed,
    ],
    content: format.value === 'html' ? textarea.value : '',
    editorProps: {
      attributes: { class: 'rich-surface', role: 'textbox', 'aria-multiline': 'true', 'aria-label': 'Body' },
      handlePaste: (_view, event) => insertFiles(event.clipboardData?.files),
      handleDrop: (_view, event) => insertFiles(event.dataTransfer?.files),
    },
    onUpdate: () => {
      textarea.value = editor.getHTML();
      textarea.dispatchEvent(new Event('input', { bubbles: true }));
    },
  });

  const uploadUrl = form.dataset.upload ?? '';
  const insertFiles = (files: FileList | undefined | null): boolean => {
    const images = [...(files ?? [])].filter((f) => f.type.startsWith('image/'));
    if (images.length === 0 || !uploadUrl) return false;
    for (const file of images) {
      status.textContent = `Uploading ${file.name}…`;
      uploadImage(uploadUrl, csrf, file)
        .then((image) => {
          editor.chain().focus().setImage({ src: image.src, alt: image.alt }).run();
          status.textContent = `${file.name} uploaded.`;
        })
        .catch((error: Error) => {
          status.textContent = error.message;
        });
    }
    return true;
  };

  let source = format.value !== 'html';
  const show = () => {
    surface.hidden = source;
    textarea.hidden = !source;
    toolbar.hidden = source;
    toggle.textContent = source ? 'Rich text' : 'HTML source';
    toggle.disabled = format.value !== 'html';
  };
  const toggle = document.createElement('button');
  toggle.type = 'button';
  toggle.className = 'secondary';
  toggle.addEventListener('click', () => {
    if (source) editor.commands.setContent(textarea.value);
    else textarea.value = editor.getHTML();
    source = !source;
    show();
  });
  format.addEventListener('change', () => {
    source = format.value !== 'html';
    if (!source) editor.commands.setContent(textarea.value);
    show();
  });

  const toolbar = buildToolbar(editor, () => {
    const picker = document.createElement('input');
    picker.type = 'file';
    picker.accept = 'image/*';
    picker.addEventListener('change', () => insertFiles(picker.files));
    picker.click();
  });
  host.append(toggle, toolbar, surface, status);
  show();
  startAutosave(form, csrf, status);
}

for (const form of document.querySelectorAll<HTMLFormElement>('form.editor-form')) enhance(form);
