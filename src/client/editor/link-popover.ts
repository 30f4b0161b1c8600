/**
 * The link popover: opened by the toolbar's Link button or Ctrl/⌘+K, and shown by itself while the caret
 * is in a link. It edits the address, opens the link in a new tab, or removes it; no browser prompt.
 * Escape closes it and puts the caret back in the text.
 */
import type { Editor } from '@tiptap/core';
import { icon } from './icons.js';
import { S } from './strings.js';

const SAFE = /^(https?:|mailto:|\/|#)/i;

/** Makes a typed address into a link address: "example.com" becomes "https://example.com". */
export function normalizeHref(typed: string): string | null {
  const href = typed.trim();
  if (href === '') return null;
  if (SAFE.test(href)) return href;
  if (/^[\w-]+(\.[\w-]+)+(\/\S*)?$/.test(href)) return `https://${href}`;
  return null;
}

export interface LinkPopover {
  open(focus: boolean): void;
  close(): void;
}

export function buildLinkPopover(editor: Editor): LinkPopover {
  const box = document.createElement('div');
  box.className = 'link-popover';
  box.hidden = true;
  box.setAttribute('role', 'dialog');
  box.setAttribute('aria-label', S.link);
  const label = document.createElement('label');
  label.className = 'visually-hidden';
  label.htmlFor = 'link-popover-href';
  label.textContent = S.linkAddress;
  const input = document.createElement('input');
  input.type = 'url';
  input.id = 'link-popover-href';
  input.placeholder = 'https://';
  input.autocomplete = 'off';
  const apply = document.createElement('button');
  apply.type = 'button';
  apply.textContent = S.linkApply;
  const open = document.createElement('a');
  open.target = '_blank';
  open.rel = 'noopener noreferrer';
  open.className = 'icon-button';
  open.title = S.linkOpen;
  open.setAttribute('aria-label', S.linkOpen);
  open.append(icon('external'));
  const remove = document.createElement('button');
  remove.type = 'button';
  remove.className = 'icon-button';
  remove.title = S.linkRemove;
  remove.setAttribute('aria-label', S.linkRemove);
  remove.append(icon('unlink'));
  const error = document.createElement('p');
  error.className = 'error';
  error.hidden = true;
  error.setAttribute('role', 'alert');
  box.append(label, input, apply, open, remove, error);
  document.body.append(box);

  const place = () => {
    const { from } = editor.state.selection;
    const at = editor.view.coordsAtPos(from);
    const width = Math.min(360, window.innerWidth - 16);
    const left = Math.max(8, Math.min(at.left, window.innerWidth - width - 8));
    // CSSOM writes, which the content security policy allows (unlike style attributes in markup).
    box.style.width = `${width}px`;
    box.style.left = `${left + window.scrollX}px`;
    box.style.top = `${at.bottom + window.scrollY + 6}px`;
  };
  const close = () => {
    box.hidden = true;
    error.hidden = true;
  };
  const popover: LinkPopover = {
    open(focus) {
      const href = (editor.getAttributes('link').href as string | undefined) ?? '';
      input.value = href;
      open.href = href || '#';
      open.hidden = href === '';
      remove.hidden = href === '';
      error.hidden = true;
      box.hidden = false;
      place();
      if (focus) input.focus();
    },
    close,
  };

  // Unlinked, the words stay and the caret goes after them: left selected, the next key would replace them.
  const unlink = () => {
    editor.chain().focus().extendMarkRange('link').unsetLink().run();
    editor.commands.setTextSelection(editor.state.selection.to);
  };
  const commit = () => {
    const href = normalizeHref(input.value);
    if (input.value.trim() === '') unlink();
    else if (href === null) {
      error.textContent = S.linkBad;
      error.hidden = false;
      input.focus();
      return;
    } else if (editor.state.selection.empty && !editor.isActive('link'))
      editor
        .chain()
        .focus()
        .insertContent({ type: 'text', text: href, marks: [{ type: 'link', attrs: { href } }] })
        .run();
    else {
      // Linked, the caret goes to the link's end so typing goes on after it, not over it.
      editor.chain().focus().extendMarkRange('link').setLink({ href }).run();
      editor.commands.setTextSelection(editor.state.selection.to);
    }
    close();
  };
  apply.addEventListener('click', commit);
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      commit();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      close();
      editor.commands.focus();
    }
  });
  remove.addEventListener('click', () => {
    unlink();
    close();
  });
  editor.on('selectionUpdate', () => {
    if (editor.isActive('link')) popover.open(false);
    else if (!box.contains(document.activeElement)) close();
  });
  document.addEventListener('mousedown', (event) => {
    if (!box.hidden && !box.contains(event.target as Node) && !editor.view.dom.contains(event.target as Node)) close();
  });
  return popover;
}
