/**
 * The counting path's shape: with counts in memory, an anonymous reader's view is decided at once —
 * no promise — and only a request with a session cookie waits (for the member lookup). Its day is the
 * blog's: 20:00 UTC on 20 November is already 21 November in Asia/Kolkata.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ViewCountBatch } from '../../storage/repositories/view.repository.js';
import { MemberViews } from './member-views.js';
import { MemoryViewStore } from './memory-view-store.js';
import { MemorySalt } from './reader-key.js';
import { ViewCounter, type PageView } from './view-counter.js';

const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';

test('an anonymous view into memory is decided at once; a signed-in one waits for the member lookup', async () => {
  const written: ViewCountBatch[] = [];
  const views = { applyBatch: (batch: ViewCountBatch) => Promise.resolve(written.push(batch) > 0) };
  const store = new MemoryViewStore(views as never, () => Date.parse('2026-11-20T20:00:00Z'));
  let lookups = 0;
  const members = new MemberViews(() => {
    lookups++;
    return Promise.resolve(true);
  });
  const counter = new ViewCounter(store, new MemorySalt(), members, () => Date.parse('2026-11-20T20:00:00Z'));
  const view: PageView = {
    blogId: '1',
    timeZone: 'Asia/Kolkata',
    postId: '2',
    method: 'GET',
    userAgent: UA,
    purpose: undefined,
    referrer: 'https://www.example.org/x',
    host: 'blog.example.test',
    address: '198.51.100.1',
    sessionToken: undefined,
  };
  assert.equal(counter.count(view), 'counted');
  assert.equal(counter.count(view), 'repeat');
  assert.equal(counter.count({ ...view, userAgent: 'curl/8.5.0' }), 'bot');
  const signedIn = counter.count({ ...view, address: '198.51.100.2', sessionToken: 'a'.repeat(43) });
  assert.ok(signedIn instanceof Promise);
  assert.equal(await signedIn, 'member');
  assert.equal(lookups, 1);
  await counter.flush();
  assert.deepEqual(written[0]!.posts, [{ blogId: '1', postId: '2', day: '2026-11-21', views: 1 }]);
  assert.deepEqual(
    written[0]!.facets.map((f) => [f.kind, f.value, f.period]),
    [
      ['referrer', 'example.org', '2026-11-21'],
      ['device', 'desktop', '2026-11-21'],
    ],
  );
});
