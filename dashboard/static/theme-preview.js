// The Theme page's live preview: while the colours, fonts and width are changed, the frame under the
// form shows the blog with the form's unsaved values (the preview address takes them as its query). A
// value the field itself finds invalid (a half-typed colour) is left out, so the theme's own shows until
// it is whole. Without this script the frame shows the saved look and the form still saves.
const form = document.querySelector('[data-live-preview]');
const frame = document.getElementById(form?.dataset.livePreview ?? '');
if (form && frame) {
  const base = frame.getAttribute('src');
  const status = document.getElementById(frame.dataset.status ?? '');
  let timer = 0;

  const update = () => {
    const query = new URLSearchParams();
    for (const field of form.elements) {
      if (!field.name || field.name === '_csrf' || !('value' in field) || field.type === 'submit') continue;
      query.set(field.name, field.checkValidity() ? field.value : '');
    }
    const next = `${base}&${query}`;
    if (frame.getAttribute('src') === next) return;
    frame.setAttribute('src', next);
    if (status) status.textContent = status.dataset.changed ?? '';
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(update, 300);
  };
  form.addEventListener('input', later);
  form.addEventListener('change', later);
}
