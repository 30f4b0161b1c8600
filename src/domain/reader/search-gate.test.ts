import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SearchBusyError, SearchGate } from './search-gate.js';

test('a waiting search whose reader has left gives its place to the next reader', async () => {
  const gate = new SearchGate(1, 1, 60_000);
  let release!: () => void;
  const first = gate.run(() => new Promise<string>((resolve) => (release = () => resolve('first'))));
  const left = new AbortController();
  let ran = false;
  const abandoned = gate.run(async () => {
    ran = true;
  }, left.signal);
  await assert.rejects(
    gate.run(async () => 'refused'),
    SearchBusyError,
    'one runs and one waits: a third is refused',
  );
  left.abort();
  await assert.rejects(abandoned, SearchBusyError);
  const next = gate.run(async () => 'next');
  release();
  assert.equal(await first, 'first');
  assert.equal(await next, 'next', 'the place given up went to the reader still there');
  assert.equal(ran, false, 'the abandoned search never ran');
});

test('a search whose reader left before it asked is not run, and the gate stays open', async () => {
  const gate = new SearchGate(1, 1, 60_000);
  const left = new AbortController();
  left.abort();
  await assert.rejects(
    gate.run(async () => 'ran', left.signal),
    SearchBusyError,
  );
  const stayed = new AbortController();
  assert.equal(await gate.run(async () => 'ran', stayed.signal), 'ran', 'a reader still there is searched for');
  stayed.abort();
  assert.equal(await gate.run(async () => 'again'), 'again');
});
