/**
 * The moderation queue's "select all" box, in the browser: it ticks or clears every row's box in its
 * form, and shows itself ticked, clear or mixed as the rows are ticked one by one. Without this script
 * the box (in the bulk-actions bar above the rows) stays hidden and the rows are ticked one by one.
 */
function enhance(all: HTMLInputElement): void {
  const form = all.form ?? all.closest('form');
  if (!form) return;
  const rows = () => [...form.querySelectorAll<HTMLInputElement>(`input[type="checkbox"][name="${all.dataset.selectAll}"]`)];
  const reflect = () => {
    const ticked = rows().filter((box) => box.checked).length;
    all.checked = ticked > 0 && ticked === rows().length;
    all.indeterminate = ticked > 0 && ticked < rows().length;
  };
  all.addEventListener('change', () => {
    for (const box of rows()) box.checked = all.checked;
    reflect();
  });
  form.addEventListener('change', (event) => {
    if (event.target !== all) reflect();
  });
  all.hidden = false;
  all.closest<HTMLElement>('[data-needs-script]')?.removeAttribute('hidden');
  reflect();
}

for (const all of document.querySelectorAll<HTMLInputElement>('input[data-select-all]')) enhance(all);
