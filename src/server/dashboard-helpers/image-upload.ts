/**
 * Reading one uploaded picture from a multipart request, for the editor's uploads and the Theme page's
 * logo, header image and icon. A form's `_csrf` field comes before the file, so the token is checked
 * before any of the picture is kept; the picture itself is checked by the image service.
 */
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { AppError, ForbiddenError, InvalidInputError } from '../../domain/errors.js';
import type { Csrf } from '../auth/csrf.js';

export interface ImageUpload {
  bytes: Buffer;
  /** The file's name as sent (only for showing). */
  name: string;
}

/** The `_csrf` field sent before the file, if any. */
function tokenOf(part: MultipartFile): string | undefined {
  const field = part.fields._csrf;
  const one = Array.isArray(field) ? field[0] : field;
  return one && one.type === 'field' && typeof one.value === 'string' ? one.value : undefined;
}

/**
 * The uploaded picture's bytes (within the multipart plugin's size limit). With `csrf`, the form's own
 * token is checked first (routes marked `csrfInMultipart`); throws a 4xx AppError when it cannot.
 */
export async function readImageUpload(request: FastifyRequest, options: { maxBytes: number; csrf?: Csrf }): Promise<ImageUpload> {
  if (!request.isMultipart()) throw new InvalidInputError('Please send the image as a file upload (multipart/form-data).', 'file');
  try {
    const file = await request.file();
    if (!file) throw new InvalidInputError('No file was sent.', 'file');
    if (options.csrf && !options.csrf.isValidToken(request, tokenOf(file))) {
      file.file.resume();
      throw new ForbiddenError(
        'This form has expired or did not come from this site, so nothing was changed. Please go back, reload the page and try again.',
        'csrf',
      );
    }
    const bytes = await file.toBuffer();
    if (bytes.length === 0) throw new InvalidInputError('Please choose a picture to upload.', 'file');
    return { bytes, name: file.filename };
  } catch (error) {
    if (error instanceof AppError) throw error;
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      const megabytes = Math.round(options.maxBytes / (1024 * 1024));
      throw new AppError(413, 'too_large', `The image is larger than ${megabytes} MB. Please make it smaller and try again.`);
    }
    throw new InvalidInputError('The upload could not be read. Please try again.', 'file');
  }
}
