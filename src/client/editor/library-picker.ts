/**
 * "Choose from library" in the image dialog: the blog's uploads (the media library's `media.json`) as a
 * group of radio buttons, each a thumbnail named by its alt text or file name, so a picture already
 * uploaded goes into the post without uploading it again. Its words come from the editor form's data
 * attributes, in the dashboard's language.
 */

export interface LibraryItem {
  id: string;
  src: string;
  thumb: string;
  width: number;
  height: number;
  alt: string;
  name: string;
}

export interface LibraryTexts {
  choose: string;
  title: string;
  loading: string;
  empty: string;
  failed: string;
  more: string;
}

export interface LibraryPicker {
  wrap: HTMLElement;
  /** The picture chosen, if any. */
  chosen(): LibraryItem | null;
  /** Closes the list and forgets the choice (when the dialog opens). */
  reset(): void;
  /** Forgets the choice but keeps the list (a file was picked instead). */
  unchoose(): void;
}

/** The library's words from the editor form (`data-library-*`), in the dashboard's language. */
export function libraryTexts(data: DOMStringMap): LibraryTexts {
  return {
    choose: data.libraryChoose ?? '',
    title: data.libraryTitle ?? '',
    loading: data.libraryLoading ?? '',
    empty: data.libraryEmpty ?? '',
    failed: data.libraryFailed ?? '',
    more: data.libraryMore ?? '',
  };
}

export function buildLibraryPicker(url: string, texts: LibraryTexts, onChoose: (item: LibraryItem) => void): LibraryPicker {
  const wrap = document.createElement('div');
  wrap.className = 'library-picker';
  const open = document.createElement('button');
  open.type = 'button';
  open.className = 'secondary';
  open.textContent = texts.choose;
  const group = document.createElement('fieldset');
  group.className = 'library-choices';
  group.hidden = true;
  const legend = document.createElement('legend');
  legend.textContent = texts.title;
  const list = document.createElement('div');
  list.className = 'library-grid';
  const note = document.createElement('p');
  note.className = 'hint';
  note.setAttribute('role', 'status');
  const more = document.createElement('button');
  more.type = 'button';
  more.className = 'secondary';
  more.textContent = texts.more;
  more.hidden = true;
  group.append(legend, list, note, more);
  wrap.append(open, group);

  const items = new Map<string, LibraryItem>();
  let page = 0;
  let picked: LibraryItem | null = null;

  const choice = (item: LibraryItem) => {
    const label = document.createElement('label');
    label.className = 'library-choice';
    const radio = document.createElement('input');
    radio.type = 'radio';
    radio.name = 'library-choice';
    radio.value = item.id;
    const img = document.createElement('img');
    img.src = item.thumb;
    img.alt = '';
    img.width = 96;
    img.height = Math.max(1, Math.round((96 * item.height) / item.width));
    img.loading = 'lazy';
    const name = document.createElement('span');
    name.textContent = item.alt || item.name;
    label.append(radio, img, name);
    radio.addEventListener('change', () => {
      picked = item;
      onChoose(item);
    });
    return label;
  };

  const load = async () => {
    note.textContent = texts.loading;
    more.hidden = true;
    try {
      const res = await fetch(`${url}?page=${page + 1}`, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
      if (!res.ok) throw new Error(String(res.status));
      const answer = (await res.json()) as { items: LibraryItem[]; more: boolean };
      page++;
      for (const item of answer.items) {
        items.set(item.id, item);
        list.append(choice(item));
      }
      note.textContent = items.size === 0 ? texts.empty : '';
      more.hidden = !answer.more;
    } catch {
      note.textContent = texts.failed;
    }
  };

  open.addEventListener('click', () => {
    group.hidden = false;
    open.hidden = true;
    void load().then(() => list.querySelector<HTMLInputElement>('input')?.focus());
  });
  more.addEventListener('click', () => void load());

  return {
    wrap,
    chosen: () => picked,
    unchoose: () => {
      picked = null;
      for (const radio of list.querySelectorAll<HTMLInputElement>('input')) radio.checked = false;
    },
    reset: () => {
      picked = null;
      page = 0;
      items.clear();
      list.replaceChildren();
      note.textContent = '';
      group.hidden = true;
      open.hidden = false;
      more.hidden = true;
    },
  };
}
