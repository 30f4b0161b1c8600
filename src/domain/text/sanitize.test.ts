import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sanitizePostHtml } from './sanitize.js';

test('a javascript: URL hidden behind Unicode spaces or invisible characters is dropped', () => {
  for (const space of ['\u2028', '\u00A0', '\u180E', '\u200B', '\u3000', '\uFEFF', '\u0001']) {
    const html = sanitizePostHtml(`<a href="${space}javascript:alert(1)">x</a><img src="${space}javascript:alert(1)">`).html;
    assert.doesNotMatch(html, /javascript/i, JSON.stringify(space));
  }
  assert.equal(sanitizePostHtml('<a href=" https://example.com/ ">ok</a>').html, '<a href="https://example.com/">ok</a>');
});

test('an uploaded image gets a srcset of its WebP copies; other images are left as they are', () => {
  const html = sanitizePostHtml(
    '<img src="/uploads/12/34/1000.jpg" alt="a"><img src="https://example.com/x.png" srcset="https://example.com/y.png 2x">',
  ).html;
  assert.match(html, /srcset="\/uploads\/12\/34\/480\.webp 480w, \/uploads\/12\/34\/960\.webp 960w, \/uploads\/12\/34\/1000\.webp 1000w"/);
  assert.match(html, /<img src="https:\/\/example\.com\/x\.png" srcset="https:\/\/example\.com\/y\.png 2x" \/>/);
});
