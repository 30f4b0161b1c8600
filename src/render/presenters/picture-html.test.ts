import assert from 'node:assert/strict';
import { test } from 'node:test';
import { avifSrcset, withPictures } from './picture-html.js';

const up = '/uploads/11/22';

test('an uploaded image becomes a picture: AVIF and WebP sources, the JPEG as the lazy img with its size', () => {
  const body =
    `<p>Before</p><figure><img src="${up}/1800.jpg" alt="River &amp; hills" srcset="${up}/480.webp 480w, ${up}/1800.webp 1800w" ` +
    `sizes="(max-width: 50rem) 100vw, 50rem" loading="lazy" width="1800" height="900" /><figcaption>Dusk</figcaption></figure>`;
  assert.equal(
    withPictures(body),
    `<p>Before</p><figure><picture><source type="image/avif" srcset="${up}/480.avif 480w, ${up}/1800.avif 1800w" sizes="(max-width: 50rem) 100vw, 50rem">` +
      `<source type="image/webp" srcset="${up}/480.webp 480w, ${up}/1800.webp 1800w" sizes="(max-width: 50rem) 100vw, 50rem">` +
      `<img src="${up}/1800.jpg" alt="River &amp; hills" loading="lazy" width="1800" height="900" /></picture><figcaption>Dusk</figcaption></figure>`,
  );
});

test('other images, uploads without copies and bodies that already use picture are left as they are', () => {
  const other = '<p><img src="https://example.org/a.jpg" alt="A" srcset="https://example.org/b.webp 480w" /></p>';
  assert.equal(withPictures(other), other);
  const bare = `<p><img src="${up}/300.jpg" alt="Small" /></p>`;
  assert.equal(withPictures(bare), bare, 'no srcset: no copies were listed');
  const own = `<picture><source srcset="${up}/480.webp 480w"><img src="${up}/1800.jpg" srcset="${up}/480.webp 480w" /></picture>`;
  assert.equal(withPictures(own), own);
  assert.equal(avifSrcset(`${up}/480.webp 480w, https://evil.example/x.webp 900w`), '', 'every candidate must be a copy of an upload');
});
