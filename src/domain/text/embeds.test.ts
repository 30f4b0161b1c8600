import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allowedEmbedSrc, blogProviders, BUILT_IN_PROVIDERS, embedUrlFor, frameOrigins, parseProvider, storedProviders } from './embeds.js';

test('a provider is read from a host, a host and path, or an https address; anything else says why not', () => {
  assert.deepEqual(parseProvider('media.example.org'), { host: 'media.example.org', pathPrefix: '/' });
  assert.deepEqual(parseProvider(' https://Media.Example.org/embed/ '), { host: 'media.example.org', pathPrefix: '/embed/' });
  assert.deepEqual(parseProvider('media.example.org/player/'), { host: 'media.example.org', pathPrefix: '/player/' });
  for (const bad of [
    'http://media.example.org/',
    'javascript:alert(1)',
    'https://user:pw@media.example.org/',
    'https://media.example.org:8443/',
    'https://127.0.0.1/',
    'https://localhost/',
    'https://media.example.org/?a=1',
    'media example.org',
    '"><script>',
    '',
  ]) {
    assert.equal(typeof parseProvider(bad), 'string', bad);
  }
});

test('an iframe source must be https and start with a provider; it comes back re-serialized', () => {
  const providers = blogProviders('https://media.example.org/embed/');
  assert.equal(allowedEmbedSrc('https://www.youtube.com/embed/abc?start=3', providers), 'https://www.youtube.com/embed/abc?start=3');
  assert.equal(allowedEmbedSrc('https://media.example.org/embed/x', providers), 'https://media.example.org/embed/x');
  assert.equal(allowedEmbedSrc('https://media.example.org/other/x', providers), undefined);
  assert.equal(allowedEmbedSrc('http://www.youtube.com/embed/abc', providers), undefined);
  assert.equal(allowedEmbedSrc('https://www.youtube.com.evil.example/embed/abc', providers), undefined);
  assert.equal(allowedEmbedSrc('https://evil.example@www.youtube.com/embed/abc', providers), undefined);
  assert.equal(allowedEmbedSrc('javascript:alert(1)//https://www.youtube.com/embed/', providers), undefined);
  assert.equal(allowedEmbedSrc('https://www.youtube.com/embed/../watch', providers), undefined);
  assert.equal(allowedEmbedSrc('https://media.example.org/embed/x', BUILT_IN_PROVIDERS), undefined);
});

test('stored providers skip lines that are not providers; frame origins are unique', () => {
  assert.deepEqual(storedProviders('a.example.org/x/\nnot a host\n\nb.example.org'), [
    { host: 'a.example.org', pathPrefix: '/x/' },
    { host: 'b.example.org', pathPrefix: '/' },
  ]);
  const origins = frameOrigins(blogProviders(''));
  assert.ok(origins.includes('https://www.youtube-nocookie.com'));
  assert.equal(new Set(origins).size, origins.length);
});

test('YouTube and Vimeo page addresses become player addresses', () => {
  assert.equal(embedUrlFor('https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1'), 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ');
  assert.equal(embedUrlFor('https://youtu.be/dQw4w9WgXcQ'), 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ');
  assert.equal(embedUrlFor('https://m.youtube.com/shorts/dQw4w9WgXcQ'), 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ');
  assert.equal(embedUrlFor('https://vimeo.com/76979871'), 'https://player.vimeo.com/video/76979871');
  assert.equal(embedUrlFor('https://player.vimeo.com/video/76979871'), 'https://player.vimeo.com/video/76979871');
  assert.equal(embedUrlFor('https://www.youtube.com/watch?v=<script>'), undefined);
  assert.equal(embedUrlFor('https://example.org/video'), undefined);
  assert.equal(embedUrlFor('javascript:alert(1)'), undefined);
});
