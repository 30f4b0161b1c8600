/**
 * Embedded players in the rich editor: an `<iframe>` block, so a body's embeds survive being opened and
 * saved again, and the toolbar's Embed button. What is kept in the end is the server's decision (the
 * blog's providers, see domain/text/embeds.ts); this only carries the address, title and size.
 */
import { Node, type Editor } from '@tiptap/core';
import { embedUrlFor } from '../../domain/text/embeds.js';
import { S } from './strings.js';

export const Embed = Node.create({
  name: 'embed',
  group: 'block',
  atom: true,
  draggable: true,
  addAttributes() {
    return { src: { default: null }, title: { default: null }, width: { default: null }, height: { default: null } };
  },
  parseHTML() {
    return [{ tag: 'iframe[src]' }];
  },
  renderHTML({ HTMLAttributes }) {
    const attrs: Record<string, string> = {};
    for (const name of ['src', 'title', 'width', 'height']) {
      const value = HTMLAttributes[name] as unknown;
      if (typeof value === 'string' && value !== '') attrs[name] = value;
    }
    // Inside the editor the player stays inert: no script of the provider runs in the dashboard.
    return ['iframe', { ...attrs, sandbox: '', loading: 'lazy' }];
  },
});

/** Asks for a video's address and inserts its player: YouTube and Vimeo page addresses become player addresses. */
export function insertEmbed(editor: Editor): void {
  const typed = window.prompt(S.embedAsk, 'https://');
  if (typed === null || typed.trim() === '' || typed.trim() === 'https://') return;
  const src = embedUrlFor(typed) ?? (/^https:\/\/[^\s"'<>]+$/i.test(typed.trim()) ? typed.trim() : undefined);
  if (!src) {
    window.alert(S.embedBad);
    return;
  }
  editor
    .chain()
    .focus()
    .insertContent({ type: 'embed', attrs: { src, title: S.embedTitle, width: '560', height: '315' } })
    .run();
}
