import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KeptPart, PageParts, pageText } from '../render/page-parts.js';
import { encodePage } from './page-bytes.js';
import { utf8Bytes } from './utf8.js';

const page = (...parts: (string | KeptPart)[]) => new PageParts(parts);

test('a page of parts is sent as the bytes of its text, kept parts encoded once', () => {
  const thread = new KeptPart('<ol><li>⁨Amira⁩ wrote: “…” 😀</li></ol>');
  const first = page('<!doctype html><p>', thread, '', 'é</p>', new KeptPart(''), '<footer>');
  assert.deepEqual(encodePage(first).body, utf8Bytes(pageText(first)));
  const bytes = thread.encoded?.bytes;
  assert.ok(bytes, 'the kept part holds its bytes');
  const second = page('<main>', thread, '</main>');
  assert.deepEqual(encodePage(second).body, Buffer.from('<main><ol><li>⁨Amira⁩ wrote: “…” 😀</li></ol></main>'));
  assert.equal(thread.encoded?.bytes, bytes, 'and encodes them no more');
  assert.equal(encodePage(first).body.toString(), pageText(first), 'a later page leaves an earlier one as it was');
});

test("a page's ETag changes with any of its bytes, wherever a kept part begins or ends", () => {
  const etag = (...parts: (string | KeptPart)[]) => encodePage(page(...parts)).etag;
  const same = etag('<p>', new KeptPart('abc'), '</p>');
  assert.equal(etag('<p>', new KeptPart('abc'), '</p>'), same, 'the same parts, the same ETag');
  assert.match(same, /^W\/"[\w-]{22}"$/);
  assert.notEqual(etag('<p>', new KeptPart('abd'), '</p>'), same);
  assert.notEqual(etag('<p>', new KeptPart('abc'), '</p> '), same);
  assert.notEqual(etag('<p>a', new KeptPart('bc'), '</p>'), etag('<p>', new KeptPart('abc'), '</p>'));
  assert.notEqual(etag('<p>', new KeptPart('ab'), 'c</p>'), etag('<p>', new KeptPart('a'), 'bc</p>'));
});

test('a page too large for the scratch is encoded as one string', () => {
  const huge = 'ж'.repeat(800_000);
  const parts = page('<p>', new KeptPart(huge), '</p>');
  assert.deepEqual(encodePage(parts).body, Buffer.from(`<p>${huge}</p>`));
});
