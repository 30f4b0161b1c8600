import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Texts } from './translate.js';

test('a message formatted again with the same values reads the same; other values never reuse it', () => {
  const texts = new Texts('en', { 'comment.by': '{author} wrote to {extra}' });
  const first = texts.html('comment.by', { author: 'Ann & Bo', extra: 'x' }).html;
  assert.equal(first, '<bdi>Ann &amp; Bo</bdi> wrote to <bdi>x</bdi>');
  assert.equal(texts.html('comment.by', { author: 'Ann & Bo', extra: 'x' }).html, first);
  assert.equal(texts.text('comment.by', { author: 'Ann', extra: 'x' }), '\u2068Ann\u2069 wrote to \u2068x\u2069');
  // A value that spells out another set of arguments is a value of its own.
  const forged = texts.html('comment.by', { author: 'Ann & Bo|5:extras1:x' }).html;
  assert.equal(forged, '<bdi>Ann &amp; Bo|5:extras1:x</bdi> wrote to ');
  assert.equal(texts.html('comment.by', { author: 'Ann & Bo', extra: 'x' }).html, first);
  assert.equal(texts.text('post.comments.count', { count: 1 }), '1 comment');
  assert.equal(texts.text('post.comments.count', { count: 2 }), '2 comments');
  assert.equal(texts.text('post.comments.count', { count: 1 }), '1 comment');
  assert.equal(new Texts('ur').text('post.comments.count', { count: 2 }), new Texts('ur').text('post.comments.count', { count: 2 }));
});
