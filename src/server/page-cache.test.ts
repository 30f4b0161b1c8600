import assert from 'node:assert/strict';
import { test } from 'node:test';
import { etagOf, PageCache, pageCacheKey } from './page-cache.js';

test('a cached page holds its UTF-8 bytes, an ETag of them and its Last-Modified date', () => {
  let now = Date.parse('2026-11-28T10:00:00.750Z');
  const cache = new PageCache(60, 1024 * 1024, () => now);
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

test('the cache is bounded by bytes, not entries: big pages push out the oldest', () => {
  const now = 1_000_000;
  const cache = new PageCache(60, 1024 * 1024, () => now);
  const big = `<p>${'x'.repeat(200 * 1024)}</p>`;
  for (let i = 0; i < 50; i++) cache.put(`k${i}`, big, null);
  assert.ok(cache.bytes <= 1024 * 1024, `${cache.bytes} bytes kept`);
  assert.equal(cache.get('k49')?.body.length, big.length);
  assert.equal(cache.get('k0'), undefined);
  // A page larger than the whole budget is served but never kept.
  cache.put('huge', 'y'.repeat(600 * 1024), null);
  assert.equal(cache.get('huge'), undefined);
});

test('expired pages are dropped when new ones come, not only when asked for again', () => {
  let now = 1_000_000;
  const cache = new PageCache(60, 1024 * 1024, () => now);
  for (let i = 0; i < 20; i++) cache.put(`old${i}`, `<p>${i}</p>`, null);
  now += 61_000;
  cache.put('new', '<p>new</p>', null);
  assert.equal(cache.size, 1);
});

test('a page is keyed on the query parameters pages read; any other parameter (?utm=…) shares the page', () => {
  assert.equal(pageCacheKey('/2026/11/a.html?utm=1'), pageCacheKey('/2026/11/a.html?utm=2&fbclid=x'));
  assert.equal(pageCacheKey('/2026/11/a.html?utm=1'), pageCacheKey('/2026/11/a.html'));
  assert.notEqual(pageCacheKey('/search?q=a'), pageCacheKey('/search?q=b'));
  assert.notEqual(pageCacheKey('/?updated-max=2026-01-01T00:00:00Z'), pageCacheKey('/'));
  assert.equal(pageCacheKey('/search?page=2&q=a'), pageCacheKey('/search?q=a&utm=z&page=2'));
  assert.notEqual(pageCacheKey('/2026/11/a.html?reply=1'), pageCacheKey('/2026/11/a.html'));
});
