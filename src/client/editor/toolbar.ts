/**
 * The rich editor's toolbar: real buttons with names and SVG icons, one tab stop (arrow keys move
 * between buttons, as a toolbar should), pressed states for the formatting under the caret.
 */
import type { Editor } from '@tiptap/core';
import { icon, type IconName } from './icons.js';
import { S } from './strings.js';

export interface Tool {
  name: IconName;
  label: string;
  /** The keyboard shortcut, shown in the tooltip. */
  keys?: string;
  run(editor: Editor): void;
  active?(editor: Editor): boolean;
}

/** The formatting tools; the editor adds link, image, embed, read-more and source (they need more than a command). */
export const FORMAT_TOOLS: Tool[] = [
  { name: 'bold', label: S.bold, keys: 'Ctrl+B', run: (e) => e.chain().focus().toggleBold().run(), active: (e) => e.isActive('bold') },
  {
    name: 'italic',
    label: S.italic,
    keys: 'Ctrl+I',
    run: (e) => e.chain().focus().toggleItalic().run(),
    active: (e) => e.isActive('italic'),
  },
  {
    name: 'h2',
    label: S.h2,
    keys: '## ',
    run: (e) => e.chain().focus().toggleHeading({ level: 2 }).run(),
    active: (e) => e.isActive('heading', { level: 2 }),
  },
  {
    name: 'h3',
    label: S.h3,
    keys: '### ',
    run: (e) => e.chain().focus().toggleHeading({ level: 3 }).run(),
    active: (e) => e.isActive('heading', { level: 3 }),
  },
  {
    name: 'bulletList',
    label: S.bulletList,
    keys: '- ',
    run: (e) => e.chain().focus().toggleBulletList().run(),
    active: (e) => e.isActive('bulletList'),
  },
  {
    name: 'orderedList',
    label: S.orderedList,
    keys: '1. ',
    run: (e) => e.chain().focus().toggleOrderedList().run(),
    active: (e) => e.isActive('orderedList'),
  },
  {
    name: 'quote',
    label: S.quote,
    keys: '> ',
    run: (e) => e.chain().focus().toggleBlockquote().run(),
    active: (e) => e.isActive('blockquote'),
  },
  {
    name: 'code',
    label: S.code,
    keys: '```',
    run: (e) => e.chain().focus().toggleCodeBlock().run(),
    active: (e) => e.isActive('codeBlock'),
  },
];

/** Builds the toolbar from groups of tools; pressed states follow the caret. */
export function buildToolbar(editor: Editor, groups: Tool[][]): HTMLElement {
  const bar = document.createElement('div');
  bar.className = 'rich-toolbar';
  bar.setAttribute('role', 'toolbar');
  bar.setAttribute('aria-label', S.toolbar);
  const all: { b: HTMLButtonElement; tool: Tool }[] = [];
  for (const group of groups) {
    const box = document.createElement('div');
    box.className = 'tool-group';
    for (const tool of group) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'tool';
      b.dataset.tool = tool.name;
      b.title = tool.keys ? `${tool.label} (${tool.keys})` : tool.label;
      b.setAttribute('aria-label', tool.label);
      b.tabIndex = all.length === 0 ? 0 : -1;
      b.append(icon(tool.name));
      b.addEventListener('click', () => tool.run(editor));
      box.append(b);
      all.push({ b, tool });
    }
    bar.append(box);
  }
  bar.addEventListener('keydown', (event) => {
    const at = all.findIndex(({ b }) => b === document.activeElement);
    if (at < 0) return;
    const rtl = getComputedStyle(bar).direction === 'rtl';
    const step = { ArrowRight: rtl ? -1 : 1, ArrowLeft: rtl ? 1 : -1, Home: -at, End: all.length - 1 - at }[event.key];
    if (step === undefined) return;
    event.preventDefault();
    const next = all[(at + step + all.length) % all.length]!.b;
    for (const { b } of all) b.tabIndex = b === next ? 0 : -1;
    next.focus();
  });
  const refresh = () => {
    for (const { b, tool } of all) if (tool.active) b.setAttribute('aria-pressed', String(tool.active(editor)));
  };
  editor.on('transaction', refresh);
  refresh();
  return bar;
}
