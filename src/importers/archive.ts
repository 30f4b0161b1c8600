/**
 * Exports that come packed: a gzip is read through transparently; a zip is opened and either is the
 * export itself (Medium's and Substack's are zips of many files) or holds one (Blogger Takeout,
 * WordPress.com and Ghost hand theirs out zipped). Other binary files are named in plain words rather
 * than shown as the bytes they start with.
 *
 * A zip is read into memory (its central directory is at its end) up to MAX_ZIP_BYTES; its files are
 * inflated one at a time, when they are read, each at most MAX_ENTRY_BYTES (a bound against zip bombs).
 */
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { unzipSync } from 'fflate';
import { ImportRefusedError } from './import-errors.js';
import type { ImportSource, ZipArchive } from './import-model.js';
import { bufferSource } from './source.js';

export const MAX_ZIP_BYTES = 512 * 1024 * 1024;
export const MAX_ENTRY_BYTES = 512 * 1024 * 1024;

/** A zip's own name for each file: folders and macOS's resource forks are left out. */
function isContentName(name: string): boolean {
  return !name.endsWith('/') && !/(^|\/)__MACOSX\//.test(name) && !/(^|\/)\._/.test(name);
}

/** Opens the zip `bytes` (named `name` in messages). */
export function openZip(name: string, bytes: Buffer): ZipArchive {
  const names: string[] = [];
  try {
    unzipSync(bytes, {
      filter: (file) => {
        if (isContentName(file.name)) names.push(file.name);
        return false;
      },
    });
  } catch (error) {
    throw new ImportRefusedError(`${name} is a zip file, but it is damaged (${(error as Error).message})`);
  }
  return {
    names,
    read(file: string): Buffer {
      let tooLarge = false;
      let out: Record<string, Uint8Array>;
      try {
        out = unzipSync(bytes, {
          filter: (f) => {
            if (f.name !== file) return false;
            if (f.originalSize > MAX_ENTRY_BYTES) tooLarge = true;
            return !tooLarge;
          },
        });
      } catch (error) {
        throw new ImportRefusedError(`the file ${file} in the zip is damaged (${(error as Error).message})`);
      }
      if (tooLarge) throw new ImportRefusedError(`the file ${file} in the zip is larger than ${MAX_ENTRY_BYTES / 1024 / 1024} MB`);
      const data = out[file];
      if (!data) throw new ImportRefusedError(`the zip has no file ${file}`);
      return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    },
  };
}

/** A NUL-terminated text field of a tar header. */
const field = (block: Buffer, at: number, length: number) => {
  const raw = block.subarray(at, at + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end < 0 ? length : end).toString('utf8');
};

/**
 * Opens the tar `bytes` (ustar, with GNU long names and pax `path` records): regular files are listed;
 * links are listed as problems and never followed.
 */
export function openTar(name: string, bytes: Buffer): ZipArchive {
  const files = new Map<string, Buffer>();
  const problems: { name: string; reason: string }[] = [];
  let longName: string | undefined;
  for (let at = 0; at + 512 <= bytes.length;) {
    const header = bytes.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const size = parseInt(field(header, 124, 12).trim() || '0', 8);
    if (!Number.isFinite(size) || size < 0 || at + 512 + size > bytes.length) {
      throw new ImportRefusedError(`${name} is a tar file, but it is damaged or cut`);
    }
    const data = bytes.subarray(at + 512, at + 512 + size);
    const type = String.fromCharCode(header[156]!);
    const prefix = field(header, 345, 155);
    const entry = longName ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
    longName = undefined;
    if (type === 'L') longName = field(data, 0, data.length);
    else if (type === 'x') longName = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(data.toString('utf8'))?.[1];
    else if (type === '0' || type === '\0' || type === '7') files.set(entry.replace(/^\.\//, ''), data);
    else if (type === '1' || type === '2') problems.push({ name: entry, reason: 'a link in the tar file (not followed)' });
    at += 512 + Math.ceil(size / 512) * 512;
  }
  const names = [...files.keys()].filter(isContentName);
  return {
    names,
    problems,
    read(file: string): Buffer {
      const data = files.get(file);
      if (!data) throw new ImportRefusedError(`the tar file has no file ${file}`);
      return data;
    },
  };
}

/** The first bytes of a source. */
async function firstBytes(source: ImportSource, count: number): Promise<Buffer> {
  const stream = source.open() as Readable;
  const parts: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of stream) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
      parts.push(bytes);
      length += bytes.length;
      if (length >= count) break;
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(parts).subarray(0, count);
}

async function readAll(source: ImportSource, max: number, what: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  let length = 0;
  for await (const chunk of source.open()) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    length += bytes.length;
    if (length > max) throw new ImportRefusedError(`the ${what} is larger than ${Math.round(max / 1024 / 1024)} MB`);
    parts.push(bytes);
  }
  return Buffer.concat(parts);
}

/** A gzip-compressed source, read through as its content. */
function gunzipped(source: ImportSource): ImportSource {
  async function* inflate(): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of source.open().pipe(createGunzip())) yield chunk as Buffer;
    } catch (error) {
      throw new ImportRefusedError(`the file is gzip-compressed, but damaged (${(error as Error).message})`);
    }
  }
  return { name: source.name.replace(/\.gz$/i, ''), open: () => Readable.from(inflate()) };
}

const MAGIC: [string, (b: Buffer) => boolean][] = [
  ['a PNG image', (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))],
  ['a JPEG image', (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff],
  ['a GIF image', (b) => b.subarray(0, 4).toString('latin1') === 'GIF8'],
  ['a WebP image', (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP'],
  ['a PDF document', (b) => b.subarray(0, 5).toString('latin1') === '%PDF-'],
  ['a 7-Zip archive', (b) => b.subarray(0, 6).equals(Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]))],
  ['a RAR archive', (b) => b.subarray(0, 4).toString('latin1') === 'Rar!'],
  ['a bzip2-compressed file', (b) => b.subarray(0, 3).toString('latin1') === 'BZh'],
  ['an xz-compressed file', (b) => b.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))],
  ['a Zstandard-compressed file', (b) => b.subarray(0, 4).equals(Buffer.from([0x28, 0xb5, 0x2f, 0xfd]))],
  ['an SQLite database', (b) => b.subarray(0, 16).toString('latin1') === 'SQLite format 3\u0000'],
];

const isTar = (b: Buffer) => b.subarray(257, 262).toString('latin1') === 'ustar';
const isGzip = (b: Buffer) => b[0] === 0x1f && b[1] === 0x8b;
const isZip = (b: Buffer) => b[0] === 0x50 && b[1] === 0x4b && (b[2] === 0x03 || b[2] === 0x05) && (b[3] === 0x04 || b[3] === 0x06);

/** True for bytes no text export starts with: NULs or other control bytes (a UTF-16 file has a byte-order mark). */
function looksBinary(b: Buffer): boolean {
  if ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff)) return false;
  return b.subarray(0, 512).some((byte) => byte < 0x09 || (byte > 0x0d && byte < 0x20));
}

/** What an import reads: a plain source (a gzip read through), or the files of a zip or tar. */
export type Unpacked = { source: ImportSource; zip?: undefined } | { source: ImportSource; zip: ZipArchive };

/** Looks at the first bytes of `source`: a gzip is read through, a zip or tar opened, other binary files refused by name. */
export async function unpack(source: ImportSource): Promise<Unpacked> {
  let head = await firstBytes(source, 512);
  if (isGzip(head)) {
    source = gunzipped(source);
    head = await firstBytes(source, 512);
  }
  if (isZip(head)) {
    const bytes = await readAll(source, MAX_ZIP_BYTES, 'zip file');
    return { source, zip: openZip(source.name, bytes) };
  }
  if (isTar(head)) {
    const bytes = await readAll(source, MAX_ZIP_BYTES, 'tar file');
    return { source, zip: openTar(source.name, bytes) };
  }
  const kind = MAGIC.find(([, test]) => test(head))?.[0];
  if (kind) throw new ImportRefusedError(`the file is ${kind}, not an export`);
  if (looksBinary(head)) throw new ImportRefusedError('the file is binary data, not a text export');
  return { source };
}

/** A file of a zip as a source of its own (for an export inside a zip). */
export function zipEntrySource(zip: ZipArchive, name: string): ImportSource {
  return bufferSource(name, zip.read(name));
}
