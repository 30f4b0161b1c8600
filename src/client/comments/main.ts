/**
 * The comment form's script (the form works without it): fetches the form's token, makes "Reply" links
 * answer in the same form, posts in place, and when the server asks for a proof of work solves the
 * ALTCHA challenge in the browser (with a status line for screen readers) and sends the comment again.
 * On a signed-in writer's own comments it edits and deletes in place (own-comments.ts). The subscribe
 * page loads it too, for its form's proof of work (subscribe.ts).
 */
import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/web/pbkdf2';
import { ENGLISH, messagesFrom, type Messages, type Session } from './messages.js';
import { setUpOwnComments } from './own-comments.js';
import { postForm } from './post-form.js';
import { setUpSubscribeForm } from './subscribe.js';

const form = document.querySelector<HTMLFormElement>('form[data-comment-form]');
const ownComments = document.querySelector('[data-own-comment]') !== null;
if (form || ownComments) {
  const session = fetchSession();
  if (form) void setUp(form, session);
  if (ownComments) setUpOwnComments(session);
}
const subscribeForm = document.querySelector<HTMLFormElement>('form[data-subscribe-form]');
if (subscribeForm) setUpSubscribeForm(subscribeForm);

/**
 * The form token of this reader (the page is cached for everyone, so it carries none; '' when it cannot
 * be had) and the script's words in the blog's language. A signed-in reader's "Sign in to comment" note
 * says who they comment as instead.
 */
async function fetchSession(): Promise<Session> {
  try {
    const response = await fetch('/comments/token', { credentials: 'same-origin', headers: { accept: 'application/json' } });
    const answer = (await response.json()) as { csrf: string; user: { name: string } | null; messages?: unknown };
    const messages = messagesFrom(answer.messages);
    const note = document.querySelector<HTMLElement>('[data-sign-in-note]');
    if (answer.user && note) note.textContent = messages.signedInAs ?? `You comment as ${answer.user.name}.`;
    return { csrf: answer.csrf, messages };
  } catch {
    // Without a token the server answers with a "check and post" page: the form still works.
    return { csrf: '', messages: { ...ENGLISH } };
  }
}

function field(form: HTMLFormElement, name: string): HTMLInputElement {
  return form.elements.namedItem(name) as HTMLInputElement;
}

async function setUp(form: HTMLFormElement, session: Promise<Session>): Promise<void> {
  const status = form.querySelector<HTMLElement>('[data-comment-status]')!;
  const replying = form.querySelector<HTMLElement>('[data-replying]')!;
  field(form, 'js').value = '1';
  const { csrf, messages } = await session;
  field(form, '_csrf').value = csrf;

  document.addEventListener('click', (event) => {
    const link = (event.target as Element).closest<HTMLAnchorElement>('a[data-reply], a[data-cancel-reply]');
    if (!link) return;
    event.preventDefault();
    const id = link.dataset.reply ?? '';
    field(form, 'parentId').value = id;
    replying.hidden = id === '';
    replying.querySelector('[data-replying-name]')!.textContent = link.dataset.replyAuthor ?? '';
    form.querySelector<HTMLTextAreaElement>('textarea')!.focus();
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void send(form, status, messages);
  });
}

async function send(form: HTMLFormElement, status: HTMLElement, messages: Messages, proof = ''): Promise<void> {
  const button = form.querySelector<HTMLButtonElement>('button[type=submit]')!;
  button.disabled = true;
  status.textContent = proof ? messages.sending : messages.posting;
  try {
    const response = await postForm(form, proof ? { altcha: proof } : {});
    const result = (await response.json()) as { status?: string; message?: string; url?: string; challenge?: Challenge };
    if (response.status === 202 && result.challenge) {
      status.textContent = messages.checking;
      const solution = await solveChallenge({ challenge: result.challenge, deriveKey });
      if (!solution) throw new Error(messages.checkFailed);
      const payload = btoa(JSON.stringify({ challenge: result.challenge, solution }));
      button.disabled = false;
      return send(form, status, messages, payload);
    }
    if (!response.ok) {
      status.textContent = result.message ?? messages.notPosted;
      return;
    }
    form.querySelector<HTMLTextAreaElement>('textarea')!.value = '';
    if (result.status === 'live' && result.url) {
      // The post page now has the comment: show it where it landed.
      location.assign(result.url);
      location.reload();
      return;
    }
    status.textContent = result.message ?? messages.awaiting;
  } catch (error) {
    status.textContent = error instanceof Error ? error.message : messages.notPosted;
  } finally {
    button.disabled = false;
  }
}
