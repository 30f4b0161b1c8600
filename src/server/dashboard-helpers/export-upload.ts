/**
 * Receiving an export file from the dashboard's import form: a streamed multipart upload written to a
 * file under DATA_DIR/imports (never held in memory), within the size limit. The form's `_csrf`,
 * `media`, `settings` and `update` fields come before the file, so the token is checked before anything is kept.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { AppError, ForbiddenError, InvalidInputError } from '../../domain/errors.js';
import type { Csrf } from '../auth/csrf.js';

export interface ReceivedExport {
  /** Where the upload was written. */
  file: string;
  /** Its name as sent (only for showing). */
  fileName: string;
  /** The "download the images too" box was ticked. */
  media: boolean;
  /** The blog-settings choice: take them from the file, keep the blog's own, or not said (the form's default). */
  settings: 'file' | 'keep' | undefined;
  /** The "update what is already here" box was ticked. */
  update: boolean;
}

export interface ReceiveOptions {
  csrf: Csrf;
  /** The folder uploads are written to. */
  dir: string;
  maxBytes: number;
}

function fieldValue(part: MultipartFile, name: string): string | undefined {
  const field = part.fields[name];
  const one = Array.isArray(field) ? field[0] : field;
  const value = one && one.type === 'field' && typeof one.value === 'string' ? one.value : undefined;
  // The multipart reader puts U+FFFD where bytes were not UTF-8; these fields (the token, a checkbox)
  // never hold it, so it stands for such bytes: refused, as in every other form (server/form-body.ts).
  if (value?.includes('\uFFFD')) throw new InvalidInputError(`The field “${name}” is not valid UTF-8 text.`, name);
  return value;
}

/** Writes the uploaded export to a file; throws a 4xx AppError (and keeps nothing) when it cannot. */
export async function receiveExport(request: FastifyRequest, options: ReceiveOptions): Promise<ReceivedExport> {
  if (!request.isMultipart()) throw new InvalidInputError('Please choose an export file to upload.', 'file');
  const limit =
    options.maxBytes >= 1024 * 1024 ? `${Math.round(options.maxBytes / (1024 * 1024))} MB` : `${Math.round(options.maxBytes / 1024)} KB`;
  let part: MultipartFile | undefined;
  try {
    part = await request.file({ limits: { fileSize: options.maxBytes, files: 1, fields: 5, parts: 6 } });
  } catch {
    throw new InvalidInputError('The upload could not be read. Please try again.', 'file');
  }
  if (!part) throw new InvalidInputError('Please choose an export file to upload.', 'file');
  if (!options.csrf.isValidToken(request, fieldValue(part, '_csrf'))) {
    part.file.resume();
    throw new ForbiddenError(
      'This form has expired or did not come from this site, so nothing was changed. Please go back, reload the page and try again.',
      'csrf',
    );
  }
  await mkdir(options.dir, { recursive: true });
  const file = path.join(options.dir, `${randomBytes(12).toString('hex')}.upload`);
  try {
    await pipeline(part.file, createWriteStream(file, { flags: 'wx' }));
    if (part.file.truncated) throw Object.assign(new Error('too large'), { code: 'FST_REQ_FILE_TOO_LARGE' });
    if ((await stat(file)).size === 0) throw new InvalidInputError('The file is empty. Please choose an export file to upload.', 'file');
  } catch (error) {
    await rm(file, { force: true });
    if (error instanceof AppError) throw error;
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
      throw new AppError(413, 'too_large', `The file is larger than ${limit}, the largest import this server takes.`);
    throw new InvalidInputError('The upload could not be read. Please try again.', 'file');
  }
  const fileName =
    part.filename
      .replace(/[\u0000-\u001F\u007F]/g, '')
      .trim()
      .slice(0, 200) || 'export';
  const settings = fieldValue(part, 'settings');
  if (settings !== undefined && settings !== 'file' && settings !== 'keep') {
    await rm(file, { force: true });
    throw new InvalidInputError('Please choose whether to keep the blog’s settings or take them from the file.', 'settings');
  }
  return { file, fileName, media: fieldValue(part, 'media') !== undefined, settings, update: fieldValue(part, 'update') !== undefined };
}
