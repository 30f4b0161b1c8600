/**
 * Sends one image to the blog's upload address; resolves to what to insert, or rejects with the reason:
 * the server's in English, else "could not be uploaded" in the dashboard's language.
 */
import { LOCALE, S } from './strings.js';

export interface UploadedImage {
  src: string;
  alt: string;
  width: number;
  height: number;
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
  const answer = (await res.json().catch(() => ({}))) as Partial<UploadedImage> & { message?: string };
  if (!res.ok || !answer.src) throw new Error(answer.message && LOCALE.startsWith('en') ? answer.message : S.uploadFailed(file.name));
  return { src: answer.src, alt: answer.alt ?? '', width: answer.width ?? 0, height: answer.height ?? 0 };
}
