/** Posts a form in place as the no-JavaScript browser would, plus `extra` fields, asking for a JSON answer. */
export function postForm(form: HTMLFormElement, extra: Record<string, string>): Promise<Response> {
  const body = new URLSearchParams(new FormData(form) as unknown as Record<string, string>);
  for (const [name, value] of Object.entries(extra)) body.set(name, value);
  return fetch(form.action, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
}
