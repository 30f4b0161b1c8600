/** Sends one image to the blog's upload address; resolves to what to insert, or rejects with the server's reason. */
export interface UploadedImage {
  src: string;
  alt: string;
}

export async function uploadImage(url: string, csrf: string, file: File): Promise<UploadedImage> {
  const body = new FormData();
  body.append('file', file, file.name);
  const res = await fetch(url, {
    method: 'POST',
    body,
    headers: { 'x-csrf-token': csrf, accept: 'application/json' },
    credentials: 'same-origin',
  });
  const answer = (await res.json().catch(() => ({}))) as { message?: string; src?: string; alt?: string };
  if (!res.ok || !answer.src) throw new Error(answer.message ?? `The upload of ${file.name} failed.`);
  return { src: answer.src, alt: answer.alt ?? '' };
}
