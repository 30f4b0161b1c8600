import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import sharp from 'sharp';
import { IMAGE_CONCURRENCY, ImageService, MAX_IMAGE_PIXELS } from './image.service.js';
import { InvalidInputError } from '../errors.js';
import { pngClaiming } from '../../../test/helpers/images.js';

const dir = mkdtempSync(path.join(tmpdir(), 'dastan-images-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('an image over the pixel limit is refused from its header, before any of it is decoded', async () => {
  const images = new ImageService(dir);
  // The file holds one row of pixels: decoding it would fail as damaged, so "too large" comes from the header.
  await assert.rejects(images.store('b1', pngClaiming(7700, 7700)), (error: unknown) => {
    assert.ok(error instanceof InvalidInputError);
    assert.match(error.message, /7700 × 7700.*too large.*megapixels/);
    return true;
  });
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
  // The uploader is answered at once; the picture keeps its place until sharp has stopped working on it.
  assert.equal(images.inProgress, 1);
  while (images.inProgress > 0) await delay(20);
});
