// The Layout screen's script: gadgets move in the page — dragged with the mouse, or with their arrow
// buttons from the keyboard (focus stays on the button pressed, and the new place is announced) — and an
// Image gadget's file is uploaded through the editor's upload address. Without it the same buttons post
// the form and the server makes the move; the form is the draft either way, saved by "Save layout".
const form = document.querySelector('[data-layout-editor]');
if (form) {
  const announcer = form.querySelector('[data-announce]');
  const lists = [...form.querySelectorAll('[data-slots]')];
  const movedText = form.dataset.moved ?? '';

  const say = (text) => {
    announcer.textContent = '';
    // A fresh text node each time, so the same words twice are read twice.
    requestAnimationFrame(() => (announcer.textContent = text));
  };

  const areaOf = (list) => list.dataset.slots;
  const areaName = (list) => list.closest('[data-area]').querySelector('h2').textContent.trim();

  /** Keeps each slot's hidden `AREA|ID|TYPE` field and each area's "empty" note right after a move. */
  const settle = (slot) => {
    for (const list of lists) {
      list.parentElement.querySelector('[data-empty]').hidden = list.children.length > 0;
      for (const item of list.children) {
        const place = item.querySelector('[data-place]');
        const [, id, type] = place.value.split('|');
        place.value = `${areaOf(list)}|${id}|${type}`;
      }
    }
    const list = slot.parentElement;
    const place = [...list.children].indexOf(slot) + 1;
    say(movedText.replace('{place}', String(place)).replace('{count}', String(list.children.length)).replace('{area}', areaName(list)));
  };

  /** Up or down one place; past an area's edge into the next area's near end. */
  const move = (slot, direction) => {
    const list = slot.parentElement;
    const index = lists.indexOf(list);
    if (direction === 'up') {
      if (slot.previousElementSibling) list.insertBefore(slot, slot.previousElementSibling);
      else if (lists[index - 1]) lists[index - 1].append(slot);
      else return;
    } else {
      if (slot.nextElementSibling) list.insertBefore(slot.nextElementSibling, slot);
      else if (lists[index + 1]) lists[index + 1].prepend(slot);
      else return;
    }
    settle(slot);
  };

  form.addEventListener('click', (event) => {
    const button = event.target.closest('[data-move]');
    if (!button) return;
    event.preventDefault();
    move(button.closest('.gadget-slot'), button.dataset.move);
    button.focus();
  });

  // Dragging: a slot becomes draggable while the pointer is down on its head (not in its fields, so
  // text in them can still be selected), and drops before or after the slot under the pointer.
  let dragged = null;
  form.addEventListener('pointerdown', (event) => {
    const head = event.target.closest('.slot-head');
    if (head && !event.target.closest('button')) head.parentElement.draggable = true;
  });
  form.addEventListener('dragstart', (event) => {
    const slot = event.target.closest?.('.gadget-slot');
    if (!slot) return;
    dragged = slot;
    slot.classList.add('dragging');
    event.dataTransfer.effectAllowed = 'move';
    event.dataTransfer.setData('text/plain', slot.dataset.id);
  });
  const placeAt = (event) => {
    const list = event.target.closest('[data-slots]') ?? event.target.closest('[data-area]')?.querySelector('[data-slots]');
    if (!list || !dragged) return null;
    const over = event.target.closest('.gadget-slot');
    if (over && over !== dragged) {
      const box = over.getBoundingClientRect();
      return { list, before: event.clientY < box.top + box.height / 2 ? over : over.nextElementSibling };
    }
    return over === dragged ? null : { list, before: null };
  };
  form.addEventListener('dragover', (event) => {
    if (dragged && placeAt(event)) event.preventDefault();
  });
  form.addEventListener('drop', (event) => {
    const at = placeAt(event);
    if (!at) return;
    event.preventDefault();
    at.list.insertBefore(dragged, at.before);
    settle(dragged);
  });
  form.addEventListener('dragend', () => {
    if (!dragged) return;
    dragged.classList.remove('dragging');
    dragged.draggable = false;
    dragged = null;
  });

  // An Image gadget's file: uploaded at once, its address put in the gadget's image field.
  form.addEventListener('change', async (event) => {
    const input = event.target;
    if (!input.matches?.('[data-upload-for]') || !input.files?.[0]) return;
    const target = document.getElementById(input.dataset.uploadFor);
    const body = new FormData();
    body.append('file', input.files[0]);
    say(form.dataset.uploading ?? '');
    try {
      const response = await fetch(form.dataset.uploadUrl, { method: 'POST', body, headers: { 'x-csrf-token': form.dataset.csrf } });
      const answer = await response.json();
      if (!response.ok) throw new Error(answer.message ?? response.statusText);
      target.value = answer.src;
      say(form.dataset.uploaded ?? '');
    } catch (error) {
      say((form.dataset.uploadFailed ?? '{reason}').replace('{reason}', error.message));
    }
  });

  // A gadget just added or moved without the script: open, and focus on it.
  form.querySelector('[data-focus]')?.focus();
}
