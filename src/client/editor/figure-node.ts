/**
 * Images in the rich editor: one node for a bare `<img>` and for `<figure><img><figcaption>`, with its
 * alt text and caption as attributes, so the image dialog can edit them. It is saved as a figure when it
 * has a caption and as a bare image otherwise. `alt` null means "not described yet" (a pasted image):
 * the editor marks it until the writer describes it or marks it decorative (alt "").
 */
import { Node, type Editor } from '@tiptap/core';
import { closeHistory } from '@tiptap/pm/history';
import { NodeSelection, TextSelection } from '@tiptap/pm/state';
import { S } from './strings.js';

export interface FigureAttrs {
  src: string;
  alt: string | null;
  caption: string;
  width?: string | null;
  height?: string | null;
}

const imgAttrs = (img: Element) => ({
  src: img.getAttribute('src'),
  alt: img.getAttribute('alt'),
  width: img.getAttribute('width'),
  height: img.getAttribute('height'),
});

export const Figure = Node.create<{ onEdit: (pos: number) => void }>({
  name: 'figure',
  group: 'block',
  atom: true,
  draggable: true,
  selectable: true,
  addOptions() {
    return { onEdit: () => undefined };
  },
  addAttributes() {
    return {
      src: { default: null },
      alt: { default: null },
      caption: { default: '' },
      width: { default: null },
      height: { default: null },
    };
  },
  parseHTML() {
    return [
      {
        tag: 'figure',
        getAttrs: (el) => {
          const img = el.querySelector('img[src]');
          if (!img) return false;
          return { ...imgAttrs(img), caption: el.querySelector('figcaption')?.textContent?.trim() ?? '' };
        },
      },
      { tag: 'img[src]', getAttrs: (el) => imgAttrs(el) },
    ];
  },
  renderHTML({ node }) {
    const attrs: Record<string, string> = { src: String(node.attrs.src) };
    if (typeof node.attrs.alt === 'string') attrs.alt = node.attrs.alt;
    for (const name of ['width', 'height']) if (node.attrs[name]) attrs[name] = String(node.attrs[name]);
    const caption = String(node.attrs.caption ?? '');
    return caption ? ['figure', ['img', attrs], ['figcaption', caption]] : ['img', attrs];
  },
  addNodeView() {
    return ({ node, getPos }) => {
      const dom = document.createElement('figure');
      dom.className = 'editor-figure';
      const draw = (attrs: Record<string, unknown>) => {
        const img = document.createElement('img');
        img.src = String(attrs.src);
        img.alt = typeof attrs.alt === 'string' ? attrs.alt : '';
        dom.replaceChildren(img);
        if (attrs.caption) {
          const caption = document.createElement('figcaption');
          caption.textContent = typeof attrs.caption === 'string' ? attrs.caption : '';
          dom.append(caption);
        }
        if (attrs.alt === null) {
          const note = document.createElement('p');
          note.className = 'needs-alt';
          note.textContent = S.imageNoAlt;
          dom.append(note);
        }
      };
      draw(node.attrs);
      dom.addEventListener('dblclick', () => {
        const pos = getPos();
        if (typeof pos === 'number') this.options.onEdit(pos);
      });
      return {
        dom,
        update: (next) => {
          if (next.type !== node.type) return false;
          draw(next.attrs);
          return true;
        },
      };
    };
  },
});

/**
 * Inserts an image where the caret is and puts the caret after it, in the next paragraph (made if there
 * is none), so the next key typed goes into the text and never replaces the image. The insertion is its
 * own undo step, apart from the typing before and after it.
 */
export function insertFigure(editor: Editor, attrs: FigureAttrs): void {
  insertBlock(editor, 'figure', { ...attrs });
}

/**
 * Inserts a block that holds no text (an image, the Read more break) at the caret — after the selected
 * text, never over it — and puts the caret in the paragraph after it (made if there is none), so the
 * next key typed neither replaces it nor the selection. The insertion is its own undo step.
 */
export function insertBlock(editor: Editor, type: string, attrs: Record<string, unknown> | null = null): void {
  const view = editor.view;
  const { schema } = view.state;
  const tr = closeHistory(view.state.tr);
  if (!tr.selection.empty) tr.setSelection(TextSelection.create(tr.doc, tr.selection.to));
  tr.replaceSelectionWith(schema.nodes[type]!.create(attrs), false);
  if (tr.selection instanceof NodeSelection || !tr.selection.$from.parent.isTextblock) {
    const end = tr.selection.to;
    tr.insert(end, schema.nodes.paragraph!.create());
    tr.setSelection(TextSelection.create(tr.doc, end + 1));
  }
  view.dispatch(tr.scrollIntoView());
  view.dispatch(closeHistory(view.state.tr));
  view.focus();
}

/** Changes the alt text and caption of the image at `pos`. */
export function updateFigure(editor: Editor, pos: number, attrs: Partial<FigureAttrs>): void {
  const node = editor.state.doc.nodeAt(pos);
  if (!node || node.type.name !== 'figure') return;
  editor.view.dispatch(editor.state.tr.setNodeMarkup(pos, undefined, { ...node.attrs, ...attrs }));
}
