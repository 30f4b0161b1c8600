import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { chiSquareSurvival, combine, tokenSpamProbability } from './bayes.js';
import { verdictForScore } from './bayes.screen.js';

describe('tokenSpamProbability', () => {
  const corpus = { spam: 100, ham: 100 };

  test('leans with the evidence, more firmly the more often a token was seen', () => {
    const once = tokenSpamProbability({ spam: 1, ham: 0 }, corpus);
    const often = tokenSpamProbability({ spam: 40, ham: 0 }, corpus);
    assert.ok(once > 0.5 && once < 0.9, `${once}`);
    assert.ok(often > 0.99, `${often}`);
    assert.ok(tokenSpamProbability({ spam: 0, ham: 40 }, corpus) < 0.01);
    assert.equal(tokenSpamProbability({ spam: 20, ham: 20 }, corpus), 0.5);
  });

  test('weighs counts by the size of each side, so a blog with little spam is not lenient', () => {
    // Seen in 10 of 10 spam and 10 of 1000 ham comments: a spam word, though its raw counts are equal.
    assert.ok(tokenSpamProbability({ spam: 10, ham: 10 }, { spam: 10, ham: 1000 }) > 0.9);
  });
});

describe('chiSquareSurvival', () => {
  test('matches known values', () => {
    assert.ok(Math.abs(chiSquareSurvival(2, 2) - Math.exp(-1)) < 1e-12);
    assert.ok(Math.abs(chiSquareSurvival(9.488, 4) - 0.05) < 1e-3);
    assert.equal(chiSquareSurvival(0, 10), 1);
  });
});

describe('combine', () => {
  test('strong spam clues score near 1, strong ham clues near 0, mixed ones near the middle', () => {
    assert.ok(combine([0.99, 0.98, 0.95, 0.9]) > 0.95);
    assert.ok(combine([0.01, 0.02, 0.05, 0.1]) < 0.05);
    const mixed = combine([0.99, 0.98, 0.02, 0.01]);
    assert.ok(mixed > 0.3 && mixed < 0.7, `${mixed}`);
  });

  test('ignores tokens close to 0.5 and says 0.5 with no clue', () => {
    assert.equal(combine([0.5, 0.55, 0.45]), 0.5);
    assert.equal(combine([0.99, 0.55]), combine([0.99]));
  });
});

describe('verdictForScore', () => {
  test('publish, challenge, hold and spam by the default thresholds', () => {
    assert.equal(verdictForScore(0.05), 'publish');
    assert.equal(verdictForScore(0.2), 'challenge');
    assert.equal(verdictForScore(0.6), 'hold');
    assert.equal(verdictForScore(0.9), 'spam');
    assert.equal(verdictForScore(0.5, { challenge: 0.4, hold: 0.45, spam: 0.5 }), 'spam');
  });
});
