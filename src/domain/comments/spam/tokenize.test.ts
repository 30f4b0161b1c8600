import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MAX_TOKENS_PER_DOCUMENT, tokenize, words } from './tokenize.js';

describe('words', () => {
  test('folds case and compatibility forms, drops one-letter words, keeps numbers', () => {
    assert.deepEqual(words('Buy ＣＩＡＬＩＳ 20mg — a deal in 2026!'), ['buy', 'cialis', '20mg', 'deal', 'in', '2026']);
  });

  test('keeps Urdu words whole, with their marks', () => {
    assert.deepEqual(words('بہت اچھی تحریر ہے'), ['بہت', 'اچھی', 'تحریر', 'ہے']);
  });

  test('reads unspaced scripts as pairs of characters, and a mixed run as a word and pairs', () => {
    assert.deepEqual(words('在线赌场'), ['在线', '线赌', '赌场']);
    assert.deepEqual(words('iPhone手机'), ['iphone', '手机']);
  });
});

describe('tokenize', () => {
  test('reads link hosts, the writer and the number of links, each token once', () => {
    const tokens = tokenize({
      body: '<p>Great post! <a href="https://www2.Casino-Win.example/go">casino</a> casino casino</p>',
      authorName: 'Casino Online',
      authorEmail: 'info@mail.example',
      authorUrl: 'https://casino-win.example/',
    });
    assert.deepEqual(tokens.sort(), [
      'casino',
      'email:mail.example',
      'great',
      'host:www2.casino-win.example',
      'links:1',
      'name:casino',
      'name:online',
      'post',
      'site:casino-win.example',
      'tld:example',
      'url:casino-win.example',
    ]);
  });

  test('finds bare addresses in plain text, and marks a missing website', () => {
    const tokens = tokenize({ body: 'see http://a.example and https://b.example/x', authorUrl: '' });
    assert.ok(tokens.includes('links:2-3'));
    assert.ok(tokens.includes('host:a.example') && tokens.includes('host:b.example'));
    assert.ok(tokens.includes('url:none'));
  });

  test('keeps at most MAX_TOKENS_PER_DOCUMENT tokens of a huge comment', () => {
    const body = Array.from({ length: 5000 }, (_, i) => `word${i}`).join(' ');
    assert.equal(tokenize({ body }).length, MAX_TOKENS_PER_DOCUMENT);
  });

  test('gives no token with a line break (tokens are stored one a line)', () => {
    const tokens = tokenize({ body: 'a\nb line\r\nbreaks', authorEmail: 'x@ex\nample.com', authorName: 'A\nB' });
    assert.ok(
      tokens.every((t) => !/[\r\n]/.test(t)),
      tokens.join('|'),
    );
  });
});
