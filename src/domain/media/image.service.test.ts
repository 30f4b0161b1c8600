import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { after, test } from 'node:test';
import sharp from 'sharp';
import { IMAGE_CONCURRENCY, ImageService, MAX_IMAGE_PIXELS } from './image.service.js';
import { InvalidInputError } from '../errors.js';

const dir = mkdtempSync(path.join(tmpdir(), 'dastan-images-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A PNG whose header claims `width`×`height` (the attacker's 230 KB file decompresses to that). */
function pngClaiming(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), body.length + 4);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(width + 1))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

test('an image over the pixel limit is refused from its header, before any of it is decoded', async () => {
  const images = new ImageService(dir);
  const started = Date.now();
  await assert.rejects(images.store('b1', pngClaiming(7700, 7700)), (error: unknown) => {
    assert.ok(error instanceof InvalidInputError);
    assert.match(error.message, /7700 × 7700.*too large.*megapixels/);
    return true;
  });
  assert.ok(Date.now() - started < 2000, 'refused at once');
  assert.ok(MAX_IMAGE_PIXELS < 7700 * 7700);
});

test('images are processed a few at a time, however many arrive at once', async () => {
  const images = new ImageService(dir);
  const photo = await sharp({ create: { width: 2600, height: 1600, channels: 3, background: '#336699' } })
    .jpeg()
    .toBuffer();
  const stored = await Promise.all(Array.from({ length: 4 }, () => images.store('b2', photo)));
  assert.equal(stored.length, 4);
  for (const s of stored) assert.equal(s.width, 2400);
  assert.ok(images.peakWork <= IMAGE_CONCURRENCY, `${images.peakWork} at once`);
});

test('a picture that takes too long is stopped with a clear message', async () => {
  const images = new ImageService(dir, { timeoutSeconds: 0.001 });
  const photo = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#aa3300' } })
    .png()
    .toBuffer();
  await assert.rejects(images.store('b3', photo), /took too long/);
});
