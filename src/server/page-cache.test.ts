import assert from 'node:assert/strict';
import { test } from 'node:test';
import { etagOf, PageCache } from './page-cache.js';

test('a cached page holds its UTF-8 bytes, an ETag of them and its Last-Modified date', () => {
  let now = Date.parse('2026-11-28T10:00:00.750Z');
  const cache = new PageCache(60, 10, () => now);
  const html = '<p>Popular: داستان…</p>';
  const page = cache.put('k', html, '42');
  assert.deepEqual(page.body, Buffer.from(html, 'utf8'));
  assert.equal(page.etag, etagOf(html), 'the same ETag from the text or its bytes');
  assert.equal(page.lastModified, 'Sat, 28 Nov 2026 10:00:00 GMT');
  assert.equal(cache.get('k'), page);
  now += 61_000;
  assert.equal(cache.get('k'), undefined, 'expired');
});

test('with caching off, pages are made but not kept', () => {
  const cache = new PageCache(0);
  cache.put('k', '<p>x</p>', null);
  assert.equal(cache.get('k'), undefined);
});
