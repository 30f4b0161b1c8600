/**
 * The subscribe form's script (the form works without it): sends the form in place (`js=1`), and when
 * the server asks for a proof of work solves the ALTCHA challenge in the browser and sends it again. Its
 * every word is the server's (the blog's language): the challenge answer's message while it solves, then
 * "check your inbox" or why the form was not taken. When anything else goes wrong (no answer, a check
 * that cannot be finished) the form is sent the ordinary way, as without JavaScript.
 */
import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/web/pbkdf2';
import { postForm } from './post-form.js';

interface Answer {
  status?: string;
  message?: string;
  challenge?: Challenge;
}

export function setUpSubscribeForm(form: HTMLFormElement): void {
  const status = form.querySelector<HTMLElement>('[data-form-status]');
  if (!status) return;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void send(form, status);
  });
}

async function post(form: HTMLFormElement, proof: string): Promise<{ code: number; answer: Answer }> {
  const response = await postForm(form, proof ? { js: '1', altcha: proof } : { js: '1' });
  return { code: response.status, answer: (await response.json()) as Answer };
}

async function send(form: HTMLFormElement, status: HTMLElement): Promise<void> {
  const button = form.querySelector<HTMLButtonElement>('button[type=submit]');
  if (button) button.disabled = true;
  form.setAttribute('aria-busy', 'true');
  try {
    let { code, answer } = await post(form, '');
    if (code === 202 && answer.challenge) {
      status.textContent = answer.message ?? '';
      const solution = await solveChallenge({ challenge: answer.challenge, deriveKey });
      if (!solution) throw new Error('unsolved');
      ({ code, answer } = await post(form, btoa(JSON.stringify({ challenge: answer.challenge, solution }))));
    }
    if (typeof answer.message !== 'string') throw new Error('no answer');
    status.textContent = answer.message;
    if (code === 201) form.querySelector<HTMLInputElement>('input[type=email]')!.value = '';
  } catch {
    // No words of our own to show: the ordinary post answers with a page in the blog's language.
    HTMLFormElement.prototype.submit.call(form);
  } finally {
    if (button) button.disabled = false;
    form.removeAttribute('aria-busy');
  }
}
