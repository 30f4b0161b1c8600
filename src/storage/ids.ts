/**
 * IDs are strings of up to 19 digits that fit a signed 64-bit integer, like Blogger's, so an imported
 * Blogger ID is kept as it is and SQLite's full-text index can use the ID as its row number.
 */
import { randomInt } from 'node:crypto';

const EPOCH_MS = 1_700_000_000_000;
let lastMs = -1;
let node = 0;
let sequence = 0;

/**
 * A new, unique, time-ordered ID: 41 bits of milliseconds since 2023-11-14 (good for 69 years), 10 random
 * bits drawn once per millisecond (two app nodes rarely draw the same), 12 bits of sequence.
 * One process never repeats an ID and each is larger than the one before: when `now` is not later than the
 * last ID's time (the same millisecond, a clock set back, a test clock beside the real one), the new ID
 * continues from the last, moving on to the next millisecond when the sequence runs out.
 */
export function newId(now: number = Date.now()): string {
  const ms = Math.max(now - EPOCH_MS, 0);
  if (ms > lastMs) {
    startMillisecond(ms);
  } else if (sequence < 0xfff) {
    sequence++;
  } else {
    startMillisecond(lastMs + 1);
  }
  const value = (BigInt(lastMs) << 22n) | (BigInt(node) << 12n) | BigInt(sequence);
  return value.toString();
}

function startMillisecond(ms: number): void {
  lastMs = ms;
  node = randomInt(0, 1024);
  // Start in the lower half, so at least 2,048 IDs fit in the millisecond.
  sequence = randomInt(0, 0x800);
}

const MAX_INT64 = 9_223_372_036_854_775_807n;

/** True for a string that may be used as an ID: 1–19 digits, no leading zero, at most 2^63−1. */
export function isId(value: string): boolean {
  return /^[1-9]\d{0,18}$/.test(value) && BigInt(value) <= MAX_INT64;
}
