/** The rich editor's toolbar: real buttons with names, so it works from the keyboard and a screen reader. */
import type { Editor } from '@tiptap/core';
import { insertEmbed } from './embed-node.js';

interface Tool {
  label: string;
  text: string;
  run(editor: Editor): void;
  active?(editor: Editor): boolean;
}

const TOOLS: Tool[] = [
  { label: 'Bold', text: 'B', run: (e) => e.chain().focus().toggleBold().run(), active: (e) => e.isActive('bold') },
  { label: 'Italic', text: 'I', run: (e) => e.chain().focus().toggleItalic().run(), active: (e) => e.isActive('italic') },
  {
    label: 'H2 heading',
    text: 'H2',
    run: (e) => e.chain().focus().toggleHeading({ level: 2 }).run(),
    active: (e) => e.isActive('heading', { level: 2 }),
  },
  {
    label: 'H3 subheading',
    text: 'H3',
    run: (e) => e.chain().focus().toggleHeading({ level: 3 }).run(),
    active: (e) => e.isActive('heading', { level: 3 }),
  },
  { label: 'Bulleted list', text: '•', run: (e) => e.chain().focus().toggleBulletList().run(), active: (e) => e.isActive('bulletList') },
  {
    label: '1. Numbered list',
    text: '1.',
    run: (e) => e.chain().focus().toggleOrderedList().run(),
    active: (e) => e.isActive('orderedList'),
  },
  { label: 'Quote', text: '❝', run: (e) => e.chain().focus().toggleBlockquote().run(), active: (e) => e.isActive('blockquote') },
  { label: 'Code block', text: '</>', run: (e) => e.chain().focus().toggleCodeBlock().run(), active: (e) => e.isActive('codeBlock') },
  {
    label: 'Link',
    text: '🔗',
    run: (e) => {
      const href = window.prompt(
        'Link address (https://…); empty removes the link',
        (e.getAttributes('link').href as string | undefined) ?? 'https://',
      );
      if (href === null) return;
      if (href.trim() === '') e.chain().focus().unsetLink().run();
      else if (/^(https?:|mailto:|\/)/i.test(href.trim())) e.chain().focus().setLink({ href: href.trim() }).run();
    },
    active: (e) => e.isActive('link'),
  },
];

export function buildToolbar(editor: Editor, pickImage: () => void): HTMLElement {
  const bar = document.createElement('div');
  bar.className = 'rich-toolbar';
  bar.setAttribute('role', 'toolbar');
  bar.setAttribute('aria-label', 'Formatting');
  const buttons = TOOLS.map((tool) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = tool.text;
    b.title = tool.label;
    b.setAttribute('aria-label', tool.label);
    b.addEventListener('click', () => tool.run(editor));
    bar.append(b);
    return { b, tool };
  });
  const image = document.createElement('button');
  image.type = 'button';
  image.textContent = 'Image';
  image.setAttribute('aria-label', 'Insert an image');
  image.addEventListener('click', pickImage);
  bar.append(image);
  const embed = document.createElement('button');
  embed.type = 'button';
  embed.textContent = 'Embed';
  embed.setAttribute('aria-label', 'Embed a video by its address');
  embed.addEventListener('click', () => insertEmbed(editor));
  bar.append(embed);
  const refresh = () => {
    for (const { b, tool } of buttons) b.setAttribute('aria-pressed', String(tool.active?.(editor) ?? false));
  };
  editor.on('transaction', refresh);
  refresh();
  return bar;
}
