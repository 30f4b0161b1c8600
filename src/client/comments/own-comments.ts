/**
 * A signed-in writer's own comments, changed in place. "Edit" swaps the comment for a text box holding
 * its text (from GET /comments/ID/edit) with Save and Cancel; "Delete" asks in place, then deletes. The
 * links open pages that do the same without this script. The controls leave when the 15 minutes end.
 */

import type { Session } from './messages.js';

interface EditAnswer {
  status?: string;
  html?: string;
  message?: string;
  text?: string;
}

/** Wires every own comment's controls; `session` holds the reader's form token and the script's words. */
export function setUpOwnComments(session: Promise<Session>): void {
  for (const control of document.querySelectorAll<HTMLElement>('[data-own-comment]')) {
    // Counted from the page's arrival, not the reader's clock (which may be wrong).
    const left = Number(control.dataset.secondsLeft);
    if (Number.isFinite(left)) setTimeout(() => control.remove(), left * 1000);
    control.querySelector('a[data-comment-edit]')?.addEventListener('click', (event) => {
      event.preventDefault();
      void startEdit(control, session);
    });
    control.querySelector('a[data-comment-delete]')?.addEventListener('click', (event) => {
      event.preventDefault();
      void askDelete(control, session);
    });
  }
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}): HTMLElementTagNameMap[K] {
  return Object.assign(document.createElement(tag), props);
}

/** The comment's status line for screen readers (made once, after its actions). */
function statusOf(article: HTMLElement): HTMLElement {
  let status = article.querySelector<HTMLElement>('[data-own-status]');
  if (!status) {
    status = element('p', { className: 'comment-status' });
    status.setAttribute('role', 'status');
    status.dataset.ownStatus = '';
    article.append(status);
  }
  return status;
}

async function send(url: string, session: Promise<Session>, fields: Record<string, string>): Promise<{ ok: boolean; answer: EditAnswer }> {
  const response = await fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...fields, _csrf: (await session).csrf }),
  });
  return { ok: response.ok, answer: (await response.json().catch(() => ({}))) as EditAnswer };
}

async function startEdit(control: HTMLElement, session: Promise<Session>): Promise<void> {
  const { messages } = await session;
  const id = control.dataset.ownComment!;
  const article = control.closest('article')!;
  const body = article.querySelector<HTMLElement>('.comment-body')!;
  const status = statusOf(article);
  if (article.querySelector('form[data-edit-form]')) return;
  let text: string;
  try {
    const response = await fetch(`/comments/${id}/edit`, { credentials: 'same-origin', headers: { accept: 'application/json' } });
    const answer = (await response.json()) as EditAnswer;
    if (!response.ok || typeof answer.text !== 'string') {
      status.textContent = answer.message ?? messages.locked;
      return;
    }
    text = answer.text;
  } catch {
    location.assign(`/comments/${id}/edit`);
    return;
  }

  const form = element('form', { className: 'comment-form comment-edit-form' });
  form.dataset.editForm = '';
  const label = element('label', { htmlFor: `edit-${id}`, textContent: messages.editLabel });
  const box = element('textarea', { id: `edit-${id}`, name: 'body', rows: 6, required: true, value: text });
  const save = element('button', { type: 'submit', textContent: messages.save });
  const cancel = element('button', { type: 'button', textContent: messages.cancel });
  const buttons = element('p');
  buttons.append(save, ' ', cancel);
  const labelled = element('p', { className: 'field' });
  labelled.append(label, box);
  form.append(labelled, buttons);
  body.hidden = true;
  control.hidden = true;
  body.after(form);
  box.focus();

  const close = () => {
    form.remove();
    body.hidden = false;
    control.hidden = false;
  };
  cancel.addEventListener('click', () => {
    close();
    control.querySelector<HTMLElement>('a[data-comment-edit]')?.focus();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    save.disabled = true;
    status.textContent = messages.saving;
    void send(`/comments/${id}/edit`, session, { body: box.value })
      .then(({ ok, answer }) => {
        if (!ok) {
          status.textContent = answer.message ?? messages.notSaved;
          return;
        }
        close();
        if (answer.status === 'live' && typeof answer.html === 'string') {
          // The server's sanitized HTML, exactly what the post page shows.
          body.innerHTML = answer.html;
        } else {
          body.replaceChildren();
          control.remove();
        }
        status.textContent = answer.message ?? messages.changed;
      })
      .catch(() => {
        status.textContent = messages.notSaved;
      })
      .finally(() => {
        save.disabled = false;
      });
  });
}

async function askDelete(control: HTMLElement, session: Promise<Session>): Promise<void> {
  const { messages } = await session;
  const id = control.dataset.ownComment!;
  const article = control.closest('article')!;
  const status = statusOf(article);
  if (control.querySelector('[data-confirm-delete]')) return;
  const question = element('span');
  question.dataset.confirmDelete = '';
  const yes = element('button', { type: 'button', textContent: messages.deleteYes });
  const no = element('button', { type: 'button', textContent: messages.deleteNo });
  question.append(`${messages.deleteQuestion} `, yes, ' ', no);
  const links = [...control.children] as HTMLElement[];
  for (const link of links) link.hidden = true;
  control.append(question);
  yes.focus();
  no.addEventListener('click', () => {
    question.remove();
    for (const link of links) link.hidden = false;
    control.querySelector<HTMLElement>('a[data-comment-delete]')?.focus();
  });
  yes.addEventListener('click', () => {
    yes.disabled = true;
    void send(`/comments/${id}/delete`, session, {})
      .then(({ ok, answer }) => {
        if (!ok) {
          status.textContent = answer.message ?? messages.notDeleted;
          yes.disabled = false;
          return;
        }
        // The comment leaves; replies to it (outside the article) stay, as on the next page view.
        const gone = element('p', { className: 'comment-deleted', textContent: answer.message ?? messages.deleted });
        gone.setAttribute('role', 'status');
        article.replaceChildren(gone);
      })
      .catch(() => {
        status.textContent = messages.notDeleted;
        yes.disabled = false;
      });
  });
}
