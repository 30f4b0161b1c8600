/**
 * A page rendered as parts (render/page-parts.ts) as UTF-8 bytes with its ETag. A kept part — a gadget
 * area, a comment thread — is encoded and hashed once, on the first page that sends it; each page then
 * encodes only its own text, copies the kept bytes, and hashes its own bytes with each kept part's
 * digest in place of that part's bytes (each piece framed by its kind and length, so two pages that
 * differ anywhere hash differently). The same bytes can thus have another ETag than `etagOf` gives a
 * page sent as one string; that only costs a full answer where a 304 would have done.
 */
import { createHash } from 'node:crypto';
import { pageText, type KeptPart, type PageParts } from '../render/page-parts.js';
import { utf8Bytes } from './utf8.js';

/** Pages whose worst-case encoding is larger than this are encoded as one string, keeping the scratch small. */
const SCRATCH_LIMIT = 2 * 1024 * 1024;
/** A piece's frame in the hashed text: its kind (text or kept) and its length. */
const FRAME = 5;
const DIGEST = 20;

let scratch = Buffer.allocUnsafe(64 * 1024);
let hashed = Buffer.allocUnsafe(32 * 1024);

function encoded(part: KeptPart): { bytes: Uint8Array; digest: Uint8Array } {
  if (!part.encoded) {
    const bytes = Buffer.from(part.html, 'utf8');
    part.encoded = { bytes, digest: createHash('sha1').update(bytes).digest() };
  }
  return part.encoded;
}

function frame(kind: number, length: number, at: number): number {
  hashed[at] = kind;
  hashed.writeUInt32BE(length, at + 1);
  return at + FRAME;
}

export function weakEtag(bytes: Uint8Array): string {
  return `W/"${createHash('sha1').update(bytes).digest('base64url').slice(0, 22)}"`;
}

export function encodePage(page: PageParts): { body: Buffer; etag: string } {
  let most = 0;
  let mostHashed = 0;
  for (const part of page.parts) {
    // UTF-8 takes at most three bytes for each UTF-16 code unit.
    most += typeof part === 'string' ? part.length * 3 : encoded(part).bytes.length;
    mostHashed += FRAME + (typeof part === 'string' ? part.length * 3 : DIGEST);
  }
  if (most > SCRATCH_LIMIT) {
    const body = utf8Bytes(pageText(page));
    return { body, etag: weakEtag(body) };
  }
  if (most > scratch.length) scratch = Buffer.allocUnsafe(2 ** Math.ceil(Math.log2(most)));
  if (mostHashed > hashed.length) hashed = Buffer.allocUnsafe(2 ** Math.ceil(Math.log2(mostHashed)));
  let at = 0;
  let hashedAt = 0;
  for (const part of page.parts) {
    if (typeof part === 'string') {
      if (part === '') continue;
      const length = scratch.write(part, at, 'utf8');
      hashedAt = frame(0, length, hashedAt);
      hashedAt += scratch.copy(hashed, hashedAt, at, at + length);
      at += length;
    } else {
      const { bytes, digest } = encoded(part);
      scratch.set(bytes, at);
      at += bytes.length;
      hashedAt = frame(1, bytes.length, hashedAt);
      hashed.set(digest, hashedAt);
      hashedAt += digest.length;
    }
  }
  const body = Buffer.allocUnsafe(at);
  scratch.copy(body, 0, 0, at);
  return { body, etag: weakEtag(hashed.subarray(0, hashedAt)) };
}
