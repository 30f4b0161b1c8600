/**
 * Blogger's jump break, `<a name="more"></a>`: the home page and feeds show a post up to it and then a
 * "Read more" link (the sanitizer keeps it as `<a id="more">`). In the editor it is a visible divider.
 */
import { Node } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { S } from './strings.js';

export const ReadMore = Node.create({
  name: 'readMore',
  group: 'block',
  atom: true,
  selectable: true,
  draggable: true,
  parseHTML() {
    return [
      { tag: 'a[name="more"]', priority: 60 },
      { tag: 'a#more', priority: 60 },
    ];
  },
  renderHTML() {
    return ['a', { name: 'more' }];
  },
  addNodeView() {
    return () => {
      const dom = document.createElement('div');
      dom.className = 'read-more-break';
      dom.contentEditable = 'false';
      const label = document.createElement('span');
      label.textContent = S.readMoreShown;
      dom.append(label);
      return { dom };
    };
  },
});

/** True when the document already has a jump break (a post has at most one). */
export function hasReadMore(doc: PMNode): boolean {
  let found = false;
  doc.forEach((child) => {
    if (child.type.name === 'readMore') found = true;
  });
  return found;
}
