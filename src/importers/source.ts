/**
 * Reading an export: from a file (or bytes in memory), decoded to text in chunks — UTF-8 by default,
 * UTF-16 by its byte-order mark, or the encoding an XML declaration names.
 */
import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { folderSource } from './folder-source.js';
import { ImportRefusedError } from './import-errors.js';
import type { ImportSource, ReadProgress } from './import-model.js';

/** An export in a file, or a folder of one (a Markdown site). */
export function fileSource(file: string): ImportSource {
  let size: number;
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) return folderSource(file);
    if (!stat.isFile()) throw new ImportRefusedError('it is not a file');
    size = stat.size;
  } catch (error) {
    if (error instanceof ImportRefusedError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new ImportRefusedError(
      code === 'ENOENT' ? 'there is no such file' : `the file cannot be read (${code ?? (error as Error).message})`,
    );
  }
  return { name: path.basename(file), size, open: () => createReadStream(file, { highWaterMark: 256 * 1024 }) };
}

/** An export held in memory (a test, a small upload). */
export function bufferSource(name: string, content: string | Buffer): ImportSource {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  return { name, size: bytes.length, open: () => Readable.from([bytes]) };
}

const UTF8_REPLACEMENT = Buffer.from([0xef, 0xbf, 0xbd]);

function countOccurrences(haystack: Buffer, needle: Buffer): number {
  let n = 0;
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length)) n++;
  return n;
}

/** The encoding of an export, from its first bytes: a byte-order mark, else an XML declaration, else UTF-8. */
export function sniffEncoding(head: Buffer): string {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  const declared = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head.subarray(0, 300).toString('latin1'))?.[1];
  return declared ? declared.toLowerCase() : 'utf-8';
}

/**
 * The text of a source, chunk by chunk. Bytes that are not valid in the encoding become U+FFFD and are
 * reported once through `onInvalidBytes` (lenient: one bad byte does not refuse a whole blog).
 */
export async function* readText(
  source: ImportSource,
  onRead?: ReadProgress,
  onInvalidBytes?: (count: number) => void,
): AsyncGenerator<string> {
  let decoder: { write(bytes: Buffer): string; end(): string } | undefined;
  let utf8 = false;
  let first = true;
  let bytesRead = 0;
  let invalid = 0;
  for await (const chunk of source.open()) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    if (!decoder) {
      const encoding = sniffEncoding(bytes);
      utf8 = encoding === 'utf-8' || encoding === 'utf8';
      if (utf8) {
        // Node's own UTF-8 decoder: several times faster than TextDecoder on large files.
        decoder = new StringDecoder('utf8');
      } else {
        let text: TextDecoder;
        try {
          text = new TextDecoder(encoding);
        } catch {
          throw new ImportRefusedError(`the file is in the encoding "${encoding}", which Dastan cannot read (save it as UTF-8)`, 1);
        }
        decoder = { write: (b) => text.decode(b, { stream: true }), end: () => text.decode() };
      }
    }
    bytesRead += bytes.length;
    let text = decoder.write(bytes);
    if (first && text) {
      text = text.replace(/^\uFEFF/, '');
      first = false;
    }
    if (utf8 && text.includes('\uFFFD')) {
      invalid += Math.max(0, (text.match(/\uFFFD/g)?.length ?? 0) - countOccurrences(bytes, UTF8_REPLACEMENT));
    }
    onRead?.(bytesRead);
    if (text) yield text;
  }
  const rest = decoder?.end() ?? '';
  if (rest) yield rest;
  if (invalid > 0) onInvalidBytes?.(invalid);
}

/** The whole text of a (JSON) source; refused above `maxBytes`. */
export async function readAllText(source: ImportSource, maxBytes: number, onRead?: ReadProgress): Promise<string> {
  const parts: string[] = [];
  let total = 0;
  for await (const text of readText(source, onRead)) {
    total += text.length;
    if (total > maxBytes)
      throw new ImportRefusedError(`the file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB, the limit for JSON exports`);
    parts.push(text);
  }
  return parts.join('').replace(/^\uFEFF/, '');
}
