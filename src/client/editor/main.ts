/**
 * The rich editor, in the browser: progressive enhancement over the editor form's plain textarea.
 * Without this script the textarea takes HTML and the form works as it is. With it: a TipTap
 * (ProseMirror) editor with Markdown shortcuts (`## `, `- `, `> `, `**bold**`…), a toolbar, a link
 * popover, an image dialog (alt text, caption), a "Read more" break, the HTML source a click away,
 * word count and reading time, and autosave. The textarea stays the field the form sends.
 */
import { Editor } from '@tiptap/core';
import { TextSelection } from '@tiptap/pm/state';
import StarterKit from '@tiptap/starter-kit';
import Link from '@tiptap/extension-link';
import { startAutosave } from './autosave.js';
import { Embed, insertEmbed } from './embed-node.js';
import { Figure, insertBlock, insertFigure } from './figure-node.js';
import { buildImageDialog } from './image-dialog.js';
import { buildLinkPopover } from './link-popover.js';
import { hasReadMore, ReadMore } from './read-more-node.js';
import { libraryTexts } from './library-picker.js';
import { S } from './strings.js';
import { buildToolbar, FORMAT_TOOLS, type Tool } from './toolbar.js';
import { uploadImage } from './upload.js';
import { wordCountLine } from './word-count.js';
import { enhanceSettings } from './settings-panel.js';
import { enhanceCover } from './cover-field.js';

/**
 * Takes the text selection the writer sees into the editor's state. ProseMirror reads selection changes
 * on 'selectionchange', which can come after the focus has left for the toolbar (Shift+Tab right after
 * Shift+Arrow): the link would then be made on the selection of a few keys before.
 */
function takeDomSelection(editor: Editor): void {
  const { view } = editor;
  const dom = window.getSelection();
  if (!dom?.anchorNode || !dom.focusNode || !view.dom.contains(dom.anchorNode) || !view.dom.contains(dom.focusNode)) return;
  const current = view.state.selection;
  if (!(current instanceof TextSelection)) return; // a picked image stays picked
  try {
    const anchor = view.posAtDOM(dom.anchorNode, dom.anchorOffset);
    const head = view.posAtDOM(dom.focusNode, dom.focusOffset);
    if (anchor !== current.anchor || head !== current.head)
      view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, anchor, head)));
  } catch {
    // A position ProseMirror cannot map: keep its own selection.
  }
}

function enhance(form: HTMLFormElement): void {
  const textarea = form.querySelector<HTMLTextAreaElement>('textarea[name="body"]');
  const csrf = form.querySelector<HTMLInputElement>('input[name="_csrf"]')?.value ?? '';
  const status = form.querySelector<HTMLElement>('#autosave-status');
  const words = form.querySelector<HTMLElement>('#word-count');
  if (!textarea || !status) return;
  const language = textarea.closest<HTMLElement>('[lang]')?.lang ?? '';

  const host = document.createElement('div');
  host.className = 'rich-editor';
  const surface = document.createElement('div');
  surface.className = 'rich-surface-host';
  textarea.insertAdjacentElement('beforebegin', host);
  form.querySelector('.body-label')?.classList.add('visually-hidden');

  let dialog: ReturnType<typeof buildImageDialog> | null = null;
  const editor = new Editor({
    element: surface,
    // The styles TipTap would inject as a <style> tag are in admin.css: the CSP allows no inline style.
    injectCSS: false,
    extensions: [
      StarterKit.configure({ heading: { levels: [2, 3, 4] }, link: false }),
      Link.configure({ openOnClick: false, autolink: true, defaultProtocol: 'https', HTMLAttributes: { target: null, rel: null } }),
      Figure.configure({ onEdit: (pos) => dialog?.edit(pos) }),
      ReadMore,
      Embed,
    ],
    content: textarea.value,
    editorProps: {
      attributes: { class: 'rich-surface', role: 'textbox', 'aria-multiline': 'true', 'aria-label': S.bodyLabel },
      handlePaste: (_view, event) => insertFiles(event.clipboardData?.files),
      handleDrop: (_view, event) => insertFiles(event.dataTransfer?.files),
      handleKeyDown: (_view, event) => {
        if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
          event.preventDefault();
          links.open(true);
          return true;
        }
        return false;
      },
    },
    onUpdate: () => {
      textarea.value = editor.getHTML();
      textarea.dispatchEvent(new Event('input', { bubbles: true }));
      countWords();
    },
  });

  editor.view.dom.addEventListener('blur', () => takeDomSelection(editor));

  const uploadUrl = form.dataset.upload ?? '';
  const libraryUrl = form.dataset.library ?? '';
  dialog = buildImageDialog(
    editor,
    uploadUrl,
    csrf,
    status,
    libraryUrl ? { url: libraryUrl, texts: libraryTexts(form.dataset) } : undefined,
  );
  const links = buildLinkPopover(editor);

  // Pasted and dropped images go in at once (the caret after them); the writer describes them after.
  const insertFiles = (files: FileList | undefined | null): boolean => {
    const images = [...(files ?? [])].filter((f) => f.type.startsWith('image/'));
    if (images.length === 0 || !uploadUrl) return false;
    for (const file of images) {
      status.textContent = S.uploading(file.name);
      uploadImage(uploadUrl, csrf, file)
        .then((image) => {
          insertFigure(editor, { src: image.src, alt: null, caption: '', width: String(image.width), height: String(image.height) });
          status.textContent = S.pastedNoAlt(file.name);
        })
        .catch((error: Error) => {
          status.textContent = error.message;
        });
    }
    return true;
  };

  let source = false;
  const toggleSource = () => {
    if (source) editor.commands.setContent(textarea.value);
    else textarea.value = editor.getHTML();
    source = !source;
    surface.hidden = source;
    textarea.hidden = !source;
    for (const b of toolbar.querySelectorAll<HTMLButtonElement>('button.tool')) b.disabled = source && b.dataset.tool !== 'source';
    sourceButton.setAttribute('aria-pressed', String(source));
    (source ? textarea : editor.view.dom).focus();
  };
  const insertTools: Tool[] = [
    { name: 'link', label: S.link, keys: 'Ctrl+K', run: () => links.open(true), active: (e) => e.isActive('link') },
    { name: 'image', label: S.image, run: () => dialog?.insert() },
    { name: 'embed', label: S.embed, run: (e) => insertEmbed(e) },
    {
      name: 'readMore',
      label: S.readMore,
      run: (e) => {
        if (!hasReadMore(e.state.doc)) insertBlock(e, 'readMore');
      },
      active: (e) => hasReadMore(e.state.doc),
    },
  ];
  const historyTools: Tool[] = [
    { name: 'undo', label: S.undo, keys: 'Ctrl+Z', run: (e) => e.chain().focus().undo().run() },
    { name: 'redo', label: S.redo, keys: 'Ctrl+Shift+Z', run: (e) => e.chain().focus().redo().run() },
    { name: 'source', label: S.source, run: toggleSource },
  ];
  const toolbar = buildToolbar(editor, [FORMAT_TOOLS.slice(0, 2), FORMAT_TOOLS.slice(2), insertTools, historyTools]);
  const sourceButton = toolbar.querySelector<HTMLButtonElement>('[data-tool="source"]')!;
  sourceButton.setAttribute('aria-pressed', 'false');
  host.append(toolbar, surface);
  host.append(textarea);
  textarea.hidden = true;

  const countWords = () => {
    if (words) words.textContent = wordCountLine(editor.state.doc.textContent, language);
  };
  countWords();
  startAutosave(form, csrf, status);
}

for (const form of document.querySelectorAll<HTMLFormElement>('form.editor-form')) {
  enhance(form);
  enhanceSettings(form);
  enhanceCover(form, form.dataset.upload ?? '', form.querySelector<HTMLInputElement>('input[name="_csrf"]')?.value ?? '');
}
