/**
 * How request text is read: URL-encoded forms, JSON bodies and query strings. Two rules hold for all:
 *
 * - **Size is counted as the text it stands for**, not as sent: `%D8%A7` is one Urdu letter of two
 *   bytes, not six, so an Urdu body of 2 MB fits as an English one does (URL-encoding had made the
 *   limit three times smaller for Urdu). A field over its limit is refused with 413 naming the field.
 * - **Text that is not valid UTF-8 is refused** with 400 naming the field, everywhere (before, a form
 *   stored U+FFFD in its place, a `%FF` was kept as the three characters, and a path was refused).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, InvalidInputError } from '../domain/errors.js';
import { MAX_BODY_BYTES } from '../domain/posts/post-content.js';

/** The largest field of a form, as text: a post body (2 MiB). */
export const FORM_FIELD_LIMIT = MAX_BODY_BYTES;
/** The whole form, as text: the body and everything beside it. */
export const FORM_TOTAL_LIMIT = MAX_BODY_BYTES + 512 * 1024;
/** As sent: each byte of text takes at most three (`%XX`). */
const FORM_WIRE_LIMIT = 3 * FORM_TOTAL_LIMIT + 64 * 1024;

const megabytes = (bytes: number) => `${(bytes / (1024 * 1024)).toLocaleString('en', { maximumFractionDigits: 1 })} MB`;

/** 413 naming the field that ran over. */
export class FieldTooLargeError extends AppError {
  constructor(
    readonly field: string,
    limit: number,
  ) {
    super(
      413,
      'field_too_large',
      field
        ? `The field “${field}” is too large: a form may carry at most ${megabytes(limit)} of text in one field and ${megabytes(FORM_TOTAL_LIMIT)} in all.`
        : `The form is too large: at most ${megabytes(FORM_TOTAL_LIMIT)} of text.`,
    );
  }
}

const strict = new TextDecoder('utf-8', { fatal: true });

const HEX = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
const hexValue = (c: number) => (c <= 57 ? c - 48 : (c | 32) - 87);

/** Percent-decodes `bytes[start, end)` (and `+` as a space); a `%` not followed by two hex digits stays as it is. */
function percentDecode(bytes: Uint8Array, start: number, end: number): Uint8Array {
  const out = new Uint8Array(end - start);
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = bytes[i]!;
    if (c === 0x25 && i + 2 < end && HEX(bytes[i + 1]!) && HEX(bytes[i + 2]!)) {
      out[n++] = (hexValue(bytes[i + 1]!) << 4) | hexValue(bytes[i + 2]!);
      i += 2;
    } else out[n++] = c === 0x2b ? 0x20 : c;
  }
  return out.subarray(0, n);
}

/** Decodes one name or value, refusing bytes that are not UTF-8 (naming `field`, or the name itself). */
function text(bytes: Uint8Array, start: number, end: number, field: () => string): string {
  try {
    return strict.decode(percentDecode(bytes, start, end));
  } catch {
    const name = field();
    throw new InvalidInputError(
      name ? `The field “${name}” is not valid UTF-8 text. Please send it again from the form.` : 'A field name is not valid UTF-8 text.',
      name,
    );
  }
}

export type FormFields = Record<string, string | string[]>;

/** Parses `a=1&b=2&a=3` (repeated names become lists, as before), with the limits above. */
export function parseForm(bytes: Uint8Array): FormFields {
  const fields: FormFields = Object.create(null) as FormFields;
  let start = 0;
  let total = 0;
  while (start <= bytes.length) {
    let end = bytes.indexOf(0x26, start);
    if (end === -1) end = bytes.length;
    if (end > start) {
      let eq = bytes.indexOf(0x3d, start);
      if (eq === -1 || eq > end) eq = end;
      const name = text(bytes, start, eq, () => '');
      const value = eq < end ? text(bytes, eq + 1, end, () => name) : '';
      const size = Buffer.byteLength(value);
      total += size + Buffer.byteLength(name);
      if (size > FORM_FIELD_LIMIT) throw new FieldTooLargeError(name, FORM_FIELD_LIMIT);
      if (total > FORM_TOTAL_LIMIT) throw new FieldTooLargeError(name, FORM_FIELD_LIMIT);
      const before = fields[name];
      fields[name] = before === undefined ? value : Array.isArray(before) ? [...before, value] : [before, value];
    }
    start = end + 1;
  }
  return fields;
}

/** The name of the field being sent at the end of `bytes` (cut off by the size limit), for the 413. */
function lastFieldName(bytes: Uint8Array): string {
  const from = bytes.lastIndexOf(0x26) + 1;
  let eq = bytes.indexOf(0x3d, from);
  if (eq === -1) eq = bytes.length;
  try {
    return strict.decode(percentDecode(bytes, from, Math.min(eq, from + 200)));
  } catch {
    return '';
  }
}

/** Reads forms and JSON bodies by the rules above, and checks every query string's text. */
export function registerRequestText(app: FastifyInstance): void {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'buffer', bodyLimit: FORM_WIRE_LIMIT },
    (_request: FastifyRequest, body: Buffer, done: (error: Error | null, value?: unknown) => void) => {
      try {
        done(null, parseForm(body));
      } catch (error) {
        done(error as Error);
      }
    },
  );
  // Past the wire limit the form is not read to its end; the field being sent then is named.
  app.addHook('onRequest', async (request) => {
    const type = request.headers['content-type'] ?? '';
    const length = Number(request.headers['content-length'] ?? 0);
    if (type.startsWith('application/x-www-form-urlencoded') && length > FORM_WIRE_LIMIT) {
      const head = await readUpTo(request, 64 * 1024);
      throw new FieldTooLargeError(lastFieldName(head), FORM_FIELD_LIMIT);
    }
  });

  const json = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body: Buffer, done) => {
    let decoded: string;
    try {
      decoded = strict.decode(body);
    } catch {
      done(new InvalidInputError('The JSON body is not valid UTF-8 text.', 'body'));
      return;
    }
    void json(request, decoded, done);
  });

  app.addHook('onRequest', async (request) => {
    const query = request.url.indexOf('?');
    if (query === -1) return;
    const bytes = Buffer.from(request.url.slice(query + 1), 'utf8');
    for (let start = 0; start <= bytes.length;) {
      let end = bytes.indexOf(0x26, start);
      if (end === -1) end = bytes.length;
      let eq = bytes.indexOf(0x3d, start);
      if (eq === -1 || eq > end) eq = end;
      const name = text(bytes, start, eq, () => '');
      if (eq < end) text(bytes, eq + 1, end, () => name);
      start = end + 1;
    }
  });
}

/** The first bytes of a request body (up to `most`), without waiting for the rest. */
function readUpTo(request: FastifyRequest, most: number): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      request.raw.off('data', onData);
      request.raw.off('end', stop);
      request.raw.pause();
      resolve(Buffer.concat(chunks).subarray(0, most));
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= most) stop();
    };
    request.raw.on('data', onData);
    request.raw.on('end', stop);
  });
}

/**
 * Multipart bodies accepted and left unread, as @fastify/multipart leaves them for a route that does not
 * read them: only the dashboard's upload forms read one, and only the dashboard's app loads the plugin.
 */
export function acceptMultipartUnread(app: FastifyInstance): void {
  app.addContentTypeParser('multipart/form-data', (_request: FastifyRequest, _payload: unknown, done: (error: Error | null) => void) =>
    done(null),
  );
}
