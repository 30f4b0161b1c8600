import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hostedImagesIn, isHostedImage, rewriteImages } from './media-links.js';

const none = new Set<string>();

test("the old platforms' image hosts are recognised; other images and links are not", () => {
  assert.equal(isHostedImage('https://blogger.googleusercontent.com/img/b/R29v/s1600/a.jpg', none, false), true);
  assert.equal(isHostedImage('http://1.bp.blogspot.com/-x/s320/a.JPG', none, false), true);
  assert.equal(isHostedImage('https://example.com/wp-content/uploads/2020/01/a.png', none, false), true);
  assert.equal(isHostedImage('https://ghost.example/content/images/2021/02/b.webp', none, false), true);
  assert.equal(isHostedImage('https://cdn.example/picture.png', none, false), false);
  assert.equal(isHostedImage('https://cdn.example/picture.png', new Set(['https://cdn.example/picture.png']), false), true);
  assert.equal(isHostedImage('/wp-content/uploads/a.png', none, false), false, 'a relative address names no server to fetch from');
  assert.equal(isHostedImage('javascript:alert(1)//wp-content/uploads/a.png', none, false), false);
  // Links: only to image files (a PDF in uploads stays a link).
  assert.equal(isHostedImage('https://example.com/wp-content/uploads/doc.pdf', none, true), false);
  assert.equal(isHostedImage('https://example.com/wp-content/uploads/a.jpeg', none, true), true);
});

test('images shown and image links are found, with entities decoded, each once', () => {
  const html =
    '<p><a href="https://1.bp.blogspot.com/x/s1600/a.jpg"><img src="https://1.bp.blogspot.com/x/s320/a.jpg" alt="a"></a>' +
    '<img src="https://e.com/wp-content/uploads/b.png?w=1&amp;h=2"><img src="https://e.com/wp-content/uploads/b.png?w=1&amp;h=2">' +
    '<a href="https://e.com/wp-content/uploads/c.pdf">pdf</a><img src="https://other.example/d.png"></p>';
  assert.deepEqual(hostedImagesIn(html, none), [
    'https://1.bp.blogspot.com/x/s1600/a.jpg',
    'https://1.bp.blogspot.com/x/s320/a.jpg',
    'https://e.com/wp-content/uploads/b.png?w=1&h=2',
  ]);
});

test('rewriting points images and image links at the local copies, drops stale srcsets, leaves the rest', () => {
  const html =
    '<a href="https://e.com/wp-content/uploads/a.png"><img src="https://e.com/wp-content/uploads/a.png?x=1&amp;y=2" srcset="https://e.com/wp-content/uploads/a-300.png 300w" alt="a"></a>' +
    '<img src="https://e.com/wp-content/uploads/failed.png"><p>https://e.com/wp-content/uploads/a.png</p>';
  const local = new Map([
    ['https://e.com/wp-content/uploads/a.png', '/uploads/1/2/960.png'],
    ['https://e.com/wp-content/uploads/a.png?x=1&y=2', '/uploads/1/3/480.png'],
  ]);
  assert.equal(
    rewriteImages(html, local),
    '<a href="/uploads/1/2/960.png"><img src="/uploads/1/3/480.png" alt="a"></a>' +
      '<img src="https://e.com/wp-content/uploads/failed.png"><p>https://e.com/wp-content/uploads/a.png</p>',
  );
});
